package pdf

import (
	"math"
	"regexp"
	"slices"
	"strings"

	"github.com/govreports/govreports/parser/layout"
)

// gapFactor: a gap wider than this many character heights separates two columns of an
// unruled table (words of a label are closer; table columns are further apart).
const gapFactor = 1.5

var (
	reValue   = regexp.MustCompile(`^(?:[+\-－]?[0-9０-９][0-9０-９,，.．]*%?[*＊]?|[—–\-－/／]+|无)$`)
	reOrdinal = regexp.MustCompile(`^(?:[（(][一二三四五六七八九十]+[)）]|[一二三四五六七八九十]+、|\d+[.．、])`)
)

func isValue(s string) bool { return reValue.MatchString(strings.TrimSpace(s)) }

// unruled reads the lines outside ruled tables: runs of lines that are rows of aligned columns
// (a label and values, or values only) become a table; the rest are paragraphs, a paragraph
// broken over lines joined again.
func unruled(lines []*line) []item {
	var out []item
	for i := 0; i < len(lines); {
		if j := tableRun(lines, i); j > i {
			if tab := columnTable(lines[i:j]); tab != nil {
				out = append(out, item{table: tab, top: lines[i].top})
				i = j
				continue
			}
		}
		// A paragraph: this line and the ones that continue it (same left edge or less
		// indented, close below, and this one reaching the right margin).
		p := []*line{lines[i]}
		j := i + 1
		for ; j < len(lines) && continues(p[len(p)-1], lines[j], lines); j++ {
			if tableRun(lines, j) > j {
				break
			}
			p = append(p, lines[j])
		}
		var texts []string
		for _, l := range p {
			texts = append(texts, l.text())
		}
		out = append(out, item{text: joinLines(texts), top: lines[i].top})
		i = j
	}
	return out
}

// continues tells whether next is the next line of the paragraph ending with prev: a line of
// body text that reached the right margin, or a centred heading broken over two lines of the
// same size (a title: 某县某局2022年政府信息公开 / 工作年度报告).
func continues(prev, next *line, all []*line) bool {
	h := math.Max(prev.height(), 1)
	if prev.bottom-next.top > 1.2*h {
		return false
	}
	left, right := math.Inf(1), 0.0
	for _, l := range all {
		left, right = math.Min(left, l.left), math.Max(right, l.right)
	}
	if prev.right >= right-2*h && next.left <= prev.left+0.5*h {
		return true
	}
	mid := (left + right) / 2
	centred := func(l *line) bool {
		return math.Abs((l.left+l.right)/2-mid) < 2*h && l.left > left+2*h
	}
	return centred(prev) && centred(next) && math.Abs(next.height()-h) < 0.15*h && !strings.HasSuffix(prev.text(), "。")
}

// isRow tells whether a line reads as a table row: at least two columns, one a value.
func isRow(l *line) bool {
	segs := l.segments(gapFactor)
	if len(segs) < 2 {
		return false
	}
	for _, s := range segs {
		if isValue(s.text()) {
			return true
		}
	}
	return false
}

// tableRun returns the end of the run of table lines starting at i (i when none): rows, the
// header lines right above the first row, and short label lines between rows. It needs two rows.
func tableRun(lines []*line, i int) int {
	rows := 0
	j := i
	for j < len(lines) {
		l := lines[j]
		if j > i && lines[j-1].bottom-l.top > 2.5*math.Max(l.height(), 1) {
			break
		}
		switch {
		case isRow(l):
			rows++
		case len(l.segments(gapFactor)) >= 2 || (rows > 0 && len([]rune(l.text())) <= 30 && !strings.HasSuffix(l.text(), "。")):
			// a header line, or a label line between rows
		default:
			if rows == 0 {
				return i
			}
			return trimRun(lines, i, j)
		}
		j++
	}
	if rows < 2 {
		return i
	}
	return trimRun(lines, i, j)
}

// trimRun drops label lines after the last row: they are prose after the table.
func trimRun(lines []*line, i, j int) int {
	for j > i && !isRow(lines[j-1]) {
		j--
	}
	rows := 0
	for k := i; k < j; k++ {
		if isRow(lines[k]) {
			rows++
		}
	}
	if rows < 2 {
		return i
	}
	return j
}

// columnTable lays the run out on columns found from the value rows: the x ranges their
// segments cover, separated by gaps no segment crosses. Lines without values (headers) span
// the columns under them; label lines join the label of the row they belong to.
func columnTable(run []*line) *layout.Table {
	var spans [][2]float64
	for _, l := range run {
		if !isRow(l) {
			continue
		}
		for _, s := range l.segments(gapFactor) {
			spans = append(spans, [2]float64{s.left, s.right})
		}
	}
	cols := columnSpans(spans)
	if len(cols) < 2 {
		return nil
	}
	colOf := func(s *line) (int, int) {
		first, last := -1, -1
		for c, iv := range cols {
			if s.right >= iv[0] && s.left <= iv[1] {
				if first < 0 {
					first = c
				}
				last = c
			}
		}
		if first < 0 { // in a gap: the nearest column
			best := math.Inf(1)
			for c, iv := range cols {
				if d := math.Min(math.Abs(s.left-iv[1]), math.Abs(s.right-iv[0])); d < best {
					best, first, last = d, c, c
				}
			}
		}
		return first, last
	}
	tab := &layout.Table{}
	row := 0
	pending := "" // label text waiting for its row
	lastLabel := -1
	// Header lines (before the first row) are gathered per column: a header word broken over
	// lines (商业 / 企业) is one header, and a heading over several columns (法人或其他组织)
	// spans them on a row of its own above.
	var heads []headPiece
	for k, l := range run {
		if !isRow(l) && lastLabel < 0 && pending == "" && k+1 < len(run) {
			for _, s := range l.segments(gapFactor) {
				for _, piece := range splitAtColumns(s, cols, l.height()) {
					f, e := colOf(piece)
					heads = append(heads, headPiece{first: f, last: e, text: piece.text()})
				}
			}
			continue
		}
		if len(heads) > 0 {
			row = headerRows(tab, heads)
			heads = nil
		}
		if !isRow(l) {
			t := l.text()
			if lastLabel >= 0 && pending == "" && !reOrdinal.MatchString(t) && closerAbove(run, k) {
				tab.Cells[lastLabel].Text = joinLines([]string{tab.Cells[lastLabel].Text, t})
				continue
			}
			pending = joinLines([]string{pending, t})
			continue
		}
		segs := l.segments(gapFactor)
		labelled := false
		for _, s := range segs {
			f, e := colOf(s)
			text := s.text()
			if !labelled && !isValue(text) {
				labelled = true
				if pending != "" {
					text = joinLines([]string{pending, text})
					pending = ""
				}
				tab.Cells = append(tab.Cells, layout.Cell{Row: row, Col: f, RowSpan: 1, ColSpan: e - f + 1, Text: text})
				lastLabel = len(tab.Cells) - 1
				continue
			}
			tab.Cells = append(tab.Cells, layout.Cell{Row: row, Col: f, RowSpan: 1, ColSpan: 1, Text: text})
		}
		if !labelled && pending != "" {
			tab.Cells = append(tab.Cells, layout.Cell{Row: row, Col: 0, RowSpan: 1, ColSpan: 1, Text: pending})
			lastLabel = len(tab.Cells) - 1
			pending = ""
		}
		row++
	}
	if pending != "" {
		tab.Cells = append(tab.Cells, layout.Cell{Row: row, Col: 0, RowSpan: 1, ColSpan: 1, Text: pending})
	}
	return tab
}

func anyValue(segs []*line) bool {
	for _, s := range segs {
		if isValue(s.text()) {
			return true
		}
	}
	return false
}

// closerAbove tells whether line k sits closer to the row above it than to the next row.
func closerAbove(run []*line, k int) bool {
	if k == 0 {
		return false
	}
	above := run[k-1].bottom - run[k].top
	for n := k + 1; n < len(run); n++ {
		if isRow(run[n]) {
			return above <= run[k].bottom-run[n].top
		}
	}
	return true
}

// columnSpans merges overlapping x ranges into the columns of a table, left to right.
func columnSpans(spans [][2]float64) [][2]float64 {
	slices.SortFunc(spans, func(a, b [2]float64) int { return cmpF(a[0], b[0]) })
	var out [][2]float64
	for _, s := range spans {
		if n := len(out); n > 0 && s[0] <= out[n-1][1]+1 {
			out[n-1][1] = math.Max(out[n-1][1], s[1])
			continue
		}
		out = append(out, s)
	}
	return out
}

// headPiece is one piece of header text and the columns it covers.
type headPiece struct {
	first, last int
	text        string
}

// headerRows writes the gathered header: pieces spanning columns on row 0 (when there are
// any), pieces of one column joined top to bottom on the row below. It returns the next row.
func headerRows(tab *layout.Table, heads []headPiece) int {
	spanning := false
	for _, h := range heads {
		if h.last > h.first {
			spanning = true
		}
	}
	row := 0
	if spanning {
		for _, h := range heads {
			if h.last > h.first {
				tab.Cells = append(tab.Cells, layout.Cell{Row: 0, Col: h.first, RowSpan: 1, ColSpan: h.last - h.first + 1, Text: h.text})
			}
		}
		row = 1
	}
	per := map[int][]string{}
	var order []int
	for _, h := range heads {
		if h.last == h.first {
			if _, ok := per[h.first]; !ok {
				order = append(order, h.first)
			}
			per[h.first] = append(per[h.first], h.text)
		}
	}
	slices.Sort(order)
	for _, c := range order {
		tab.Cells = append(tab.Cells, layout.Cell{Row: row, Col: c, RowSpan: 1, ColSpan: 1, Text: joinLines(per[c])})
	}
	return row + 1
}

// splitAtColumns cuts a header segment that covers several columns where a gap between two
// of its characters holds a column boundary ("商业 科研 社会公" printed close together); a
// heading centred over columns without such gaps stays whole.
func splitAtColumns(s *line, cols [][2]float64, h float64) []*line {
	var out []*line
	cur := &line{left: math.Inf(1), right: math.Inf(-1), top: s.top, bottom: s.bottom}
	for i, c := range s.chars {
		if i > 0 && len(cur.chars) > 0 {
			p := s.chars[i-1]
			if c.Left-p.Right > 0.2*h && boundaryBetween(cols, p.Right, c.Left) {
				out = append(out, cur)
				cur = &line{left: math.Inf(1), right: math.Inf(-1), top: s.top, bottom: s.bottom}
			}
		}
		cur.chars = append(cur.chars, c)
		cur.left, cur.right = math.Min(cur.left, c.Left), math.Max(cur.right, c.Right)
	}
	if len(cur.chars) > 0 {
		out = append(out, cur)
	}
	return out
}

// boundaryBetween tells whether the gap (a, b) separates two columns: a column ends at or
// before b and the next one starts at or after a.
func boundaryBetween(cols [][2]float64, a, b float64) bool {
	for i := 0; i+1 < len(cols); i++ {
		if cols[i][1] <= b+1 && cols[i+1][0] >= a-1 {
			return true
		}
	}
	return false
}
