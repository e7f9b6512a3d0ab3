package pdf

import (
	"fmt"
	"math"
	"regexp"
	"slices"
	"strings"

	"github.com/govreports/govreports/parser/layout"
)

// Layout turns extracted pages into a layout.Document: ruled tables by their rules, unruled
// ones by the alignment of their columns, the rest as paragraphs, in reading order. Page
// numbers and running headers/footers are dropped; a table that goes on over a page break is
// one table, without the header rows it repeats. It is a pure function (no PDFium).
func Layout(d *Document) *layout.Document {
	out := &layout.Document{Title: d.Title, Pages: len(d.Pages)}
	if d.Skipped > 0 {
		out.Notes = append(out.Notes, fmt.Sprintf("only the first %d pages were read; %d more were skipped", MaxPages, d.Skipped))
	}
	running := runningLines(d.Pages)
	var items []item
	for pi, p := range d.Pages {
		pageItems := layoutPage(p, running)
		if len(pageItems) == 0 && p.Images > 0 {
			out.Images = append(out.Images, fmt.Sprintf("page %d (%d image(s), no text)", pi+1, p.Images))
		}
		for i := range pageItems {
			pageItems[i].page = pi
		}
		items = append(items, pageItems...)
	}
	items = joinSplitTables(items)
	cells := 0
	for _, it := range items {
		if it.table != nil {
			cells += len(it.table.Cells)
			if cells > layout.MaxCells {
				out.Notes = append(out.Notes, fmt.Sprintf("more than %d table cells: the rest was not read", layout.MaxCells))
				break
			}
			out.Blocks = append(out.Blocks, layout.Block{Table: it.table})
		} else {
			out.Blocks = append(out.Blocks, layout.Block{Text: it.text})
		}
		if len(out.Blocks) >= layout.MaxBlocks {
			out.Notes = append(out.Notes, fmt.Sprintf("more than %d paragraphs and tables: the rest was not read", layout.MaxBlocks))
			break
		}
	}
	return out
}

// item is a paragraph or a table of one page, with what joining split tables needs.
type item struct {
	text  string
	table *layout.Table
	top   float64
	page  int
	xs    []float64 // column lines of a ruled table
	// heads is the text of the table's first rows, to recognise a repeated header.
	rows int
}

var rePageNumber = regexp.MustCompile(`^(?:[-—–－\s]*\d{1,4}[-—–－\s]*|第\s*\d+\s*页(?:\s*[,，/]?\s*共\s*\d+\s*页)?|\d+\s*/\s*\d+|[-—–－]?\s*[·•]?\s*\d+\s*[·•]?\s*[-—–－]?)$`)

// runningLines finds the text printed at the same place at the top or bottom of most pages (a
// running header or footer): the same line (numbers aside: page numbers) in the top or bottom
// 8% of at least half the pages (and at least two).
func runningLines(pages []Page) map[string]bool {
	if len(pages) < 2 {
		return nil
	}
	count := map[string]int{}
	for _, p := range pages {
		seen := map[string]bool{}
		for _, l := range groupLines(p.Chars) {
			if p.Height <= 0 || (l.bottom > p.Height*0.08 && l.top < p.Height*0.92) {
				continue
			}
			t := runningKey(l.text())
			if t != "" && !seen[t] {
				seen[t] = true
				count[t]++
			}
		}
	}
	out := map[string]bool{}
	for t, n := range count {
		if n >= 2 && n*2 >= len(pages) {
			out[t] = true
		}
	}
	return out
}

var reDigits = regexp.MustCompile(`[0-9]+`)

// runningKey is a line as running headers and footers repeat it: spaces removed, numbers
// alike, so "file:///…/report.html 1/4" on page 1 is the same footer as "… 2/4" on page 2.
func runningKey(s string) string {
	return reDigits.ReplaceAllString(strings.Join(strings.Fields(s), ""), "#")
}

// layoutPage reads one page into items, top to bottom.
func layoutPage(p Page, running map[string]bool) []item {
	hs, vs := mergeRules(p.Rules)
	tables := findTables(hs, vs)
	inTable := make([][]Char, len(tables))
	var free []Char
	for _, c := range p.Chars {
		cx, cy := (c.Left+c.Right)/2, (c.Top+c.Bottom)/2
		placed := false
		for i, t := range tables {
			if t.contains(cx, cy) {
				inTable[i] = append(inTable[i], c)
				placed = true
				break
			}
		}
		if !placed {
			free = append(free, c)
		}
	}
	var items []item
	for i, t := range tables {
		if tab := ruledCells(t, inTable[i]); tab != nil {
			items = append(items, item{table: tab, top: t.top, xs: t.xs, rows: len(t.ys) - 1})
		}
	}
	var lines []*line
	for _, l := range groupLines(free) {
		t := l.text()
		if t == "" || rePageNumber.MatchString(t) || running[runningKey(t)] {
			continue
		}
		lines = append(lines, l)
	}
	items = append(items, unruled(lines)...)
	slices.SortStableFunc(items, func(a, b item) int { return cmpF(b.top, a.top) })
	return items
}

// ruledCells places the characters of a ruled table in its cells.
func ruledCells(t *ruledTable, chars []Char) *layout.Table {
	if len(chars) == 0 {
		return nil
	}
	slotCell, rects := t.cells()
	per := make([][]Char, len(rects))
	for _, c := range chars {
		r, col := t.slot((c.Left+c.Right)/2, (c.Top+c.Bottom)/2)
		i := slotCell[r][col]
		per[i] = append(per[i], c)
	}
	tab := &layout.Table{}
	for i, rc := range rects {
		var lines []string
		for _, l := range groupLines(per[i]) {
			lines = append(lines, l.text())
		}
		tab.Cells = append(tab.Cells, layout.Cell{Row: rc[0], Col: rc[1], RowSpan: rc[2] - rc[0] + 1,
			ColSpan: rc[3] - rc[1] + 1, Text: joinLines(lines)})
	}
	return tab
}

// joinSplitTables joins a table that ends a page with the one that starts the next page when
// they have the same columns: one table printed over a page break. Header rows that the second
// part repeats are dropped.
func joinSplitTables(items []item) []item {
	var out []item
	for _, it := range items {
		if n := len(out); n > 0 && it.table != nil && out[n-1].table != nil && it.page == out[n-1].page+1 && sameColumns(out[n-1].xs, it.xs) {
			prev := &out[n-1]
			skip := repeatedHeaderRows(prev.table, it.table)
			for _, c := range it.table.Cells {
				if c.Row < skip {
					continue
				}
				c.Row += prev.rows - skip
				prev.table.Cells = append(prev.table.Cells, c)
			}
			prev.rows += it.rows - skip
			prev.page = it.page
			continue
		}
		out = append(out, it)
	}
	return out
}

func sameColumns(a, b []float64) bool {
	if len(a) == 0 || len(a) != len(b) {
		return false
	}
	for i := range a {
		if math.Abs(a[i]-b[i]) > 3 {
			return false
		}
	}
	return true
}

// repeatedHeaderRows counts the first rows of b that repeat the first rows of a, cell for cell.
func repeatedHeaderRows(a, b *layout.Table) int {
	rowText := func(t *layout.Table, r int) string {
		var parts []string
		for _, c := range t.Cells {
			if c.Row == r {
				parts = append(parts, fmt.Sprintf("%d:%d:%s", c.Col, c.ColSpan, c.Text))
			}
		}
		return strings.Join(parts, "|")
	}
	n := 0
	for r := 0; r < 4; r++ {
		ta, tb := rowText(a, r), rowText(b, r)
		if ta == "" || ta != tb || hasValue(b, r) {
			break
		}
		n++
	}
	return n
}

func hasValue(t *layout.Table, r int) bool {
	for _, c := range t.Cells {
		if c.Row == r && isValue(c.Text) {
			return true
		}
	}
	return false
}
