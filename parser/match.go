package parser

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/govreports/govreports/schemas"
)

// maxCellRunes: a non-numeric token longer than this is prose, not a cell holding text.
const maxCellRunes = 16

// matcher walks a form over a token stream (step 2 of table reading, shared by every format).
type matcher struct {
	form *schemas.Form
	ix   *formIndex
	toks []Token
	// reliableGrid is true for HTML: empty cells are real cells and Header is filled.
	reliableGrid bool

	cells  []Cell
	issues []Issue
	// rowsSeen records which rows of which section were found (section → row → true).
	rowsSeen map[string]map[string]bool
	// memo caches label lookups by token text (normalizing is the costly part).
	memo map[string][]labelHit
	// sectionTokens counts the tokens in each section's span (0: heading only, or absent).
	sectionFound map[string]bool
}

func newMatcher(form *schemas.Form, toks []Token, reliableGrid bool) *matcher {
	return &matcher{form: form, ix: indexFor(form), toks: toks, reliableGrid: reliableGrid,
		rowsSeen: map[string]map[string]bool{}, sectionFound: map[string]bool{}, memo: map[string][]labelHit{}}
}

// lookup is formIndex.lookup, memoized for this parse.
func (m *matcher) lookup(text string) []labelHit {
	if h, ok := m.memo[text]; ok {
		return h
	}
	h := m.ix.lookup(text)
	m.memo[text] = h
	return h
}

// span is a section's tokens [start, end).
type span struct{ start, end int }

// sections finds where each table starts and ends: at its heading (二、主动公开政府信息情况), or,
// for a page without headings, at its first unmistakable label.
func (m *matcher) sections() map[string]span {
	// starts: the first token of each table's span; boundaries: where a span must end (a heading,
	// a trailing heading such as 五、存在的主要问题, or an anchor that starts another table).
	type boundary struct {
		pos     int
		section string // the table this boundary starts ("" for a trailing heading)
	}
	starts := map[string]int{}
	var boundaries []boundary
	loose := map[string]int{} // section → first heading found by ordinal + keyword
	for i, t := range m.toks {
		if t.Empty {
			continue
		}
		for _, h := range m.headingHits(t) {
			switch h.kind {
			case kindSection:
				if _, ok := starts[h.section]; !ok {
					starts[h.section] = i + 1
					boundaries = append(boundaries, boundary{i, h.section})
				}
			case kindTrailing:
				boundaries = append(boundaries, boundary{i, ""})
			}
		}
		if code, trailing := m.looseHeading(t); trailing {
			boundaries = append(boundaries, boundary{i, ""})
		} else if code != "" {
			if _, ok := loose[code]; !ok {
				loose[code] = i
			}
		}
	}
	// Headings worded otherwise ("四、因政府信息公开工作被申请行政复议…"): only where no exact one is.
	for code, i := range loose {
		if _, ok := starts[code]; !ok {
			starts[code] = i + 1
			boundaries = append(boundaries, boundary{i, code})
		}
	}
	// Pages that drop the headings: start at the first label that only this section has.
	for _, s := range m.form.Sections {
		if _, ok := starts[s.Code]; ok {
			continue
		}
		if i := m.anchor(&s); i >= 0 {
			starts[s.Code] = i // the anchor itself belongs to the section
			boundaries = append(boundaries, boundary{i, s.Code})
		}
	}
	out := map[string]span{}
	for code, st := range starts {
		end := len(m.toks)
		for _, b := range boundaries {
			if b.section != code && b.pos >= st && b.pos < end {
				end = b.pos
			}
		}
		if end < st {
			end = st
		}
		out[code] = span{st, end}
	}
	return out
}

// headingHits returns section/trailing meanings of a token that reads as a heading: the label
// alone (after its ordinal), not a sentence of prose that mentions it.
func (m *matcher) headingHits(t Token) []labelHit {
	if utf8.RuneCountInString(t.Text) > 40 {
		return nil
	}
	_, ord := schemas.StripOrdinal(schemas.NormalizeLabel(t.Text))
	var out []labelHit
	for _, h := range m.lookup(t.Text) {
		switch {
		case h.kind == kindTrailing:
			out = append(out, h)
		case h.kind == kindSection:
			// "(一)主动公开情况" under 一、总体情况 is not table 二: a heading that carries an
			// ordinal must carry its table's.
			if ord != "" && ord != m.form.Section(h.section).Ordinal {
				continue
			}
			out = append(out, h)
		}
	}
	return out
}

// looseHeading reads a short numbered line: "五、…" (any wording) ends the tables; "四、…" with
// one of table 四's heading keywords may be its heading. Only the "X、" numbering counts: "(五)"
// numbers rows of table 三 and parts of 一、总体情况.
func (m *matcher) looseHeading(t Token) (section string, trailing bool) {
	if utf8.RuneCountInString(t.Text) > 40 {
		return "", false
	}
	n := schemas.NormalizeLabel(t.Text)
	rest, ord := schemas.StripOrdinal(n)
	if ord == "" || !strings.HasPrefix(n, ord+",") {
		return "", false
	}
	for _, o := range m.form.TrailingOrdinals {
		if ord == o {
			return "", true
		}
	}
	for _, s := range m.form.Sections {
		if s.Ordinal != ord {
			continue
		}
		for _, k := range s.HeadingKeywords {
			if strings.Contains(rest, k) {
				return s.Code, false
			}
		}
	}
	return "", false
}

// anchor finds the first token of a section when its heading is missing: the first of the
// section's anchor labels (schemas: anchors) standing alone in a cell.
func (m *matcher) anchor(s *schemas.Section) int {
	keys := map[string]bool{}
	for _, a := range s.Anchors {
		k, _ := schemas.StripOrdinal(schemas.NormalizeLabel(a))
		keys[k] = true
	}
	for i, t := range m.toks {
		if t.Empty || len(t.Text) > 200 {
			continue
		}
		if k, _ := schemas.StripOrdinal(schemas.NormalizeLabel(t.Text)); keys[k] {
			return i
		}
	}
	return -1
}

// run matches every section and records cells and structural issues.
func (m *matcher) run() {
	spans := m.sections()
	for si := range m.form.Sections {
		s := &m.form.Sections[si]
		sp, ok := spans[s.Code]
		if !ok {
			m.issue(Issue{Rule: "form.section_missing", Severity: SeverityError, Section: s.Code,
				Message:  fmt.Sprintf("table %s (%s) not found in the page", s.Ordinal, s.Heading),
				Expected: s.Heading, Actual: ""})
			continue
		}
		before := len(m.cells)
		if len(s.Rows) == 1 && s.Rows[0].Label == "" {
			m.walkSingleRow(s, sp)
		} else {
			m.walkRows(s, sp)
		}
		if len(m.cells) == before {
			m.issue(Issue{Rule: "form.section_empty", Severity: SeverityError, Section: s.Code,
				Message:  fmt.Sprintf("table %s (%s): heading present but no table cells follow (table left out, or an image)", s.Ordinal, s.Heading),
				Expected: "table", Actual: "no cells"})
			continue
		}
		m.sectionFound[s.Code] = true
		m.checkRowsPresent(s)
	}
}

// walkRows reads a table whose rows have labels (active, requests): a row label, then its values.
func (m *matcher) walkRows(s *schemas.Section, sp span) {
	seen := m.seenRows(s.Code)
	group := -1
	inRows := false
	// Header areas: the cells between a table's (or group's) start and its first row label.
	areas := []*headerArea{}
	var area *headerArea
	if len(s.Groups) == 0 {
		area = &headerArea{group: -1, seen: map[string]bool{}}
		areas = append(areas, area)
	}
	defer func() { m.checkColumns(s, areas) }()
	for i := sp.start; i < sp.end; {
		t := m.toks[i]
		if t.Empty {
			i++
			continue
		}
		if area != nil {
			area.note(m, s, t)
		}
		hit, ok := m.pick(s, t, inRows)
		consumed := 1
		if i+1 < sp.end && !m.toks[i+1].Empty && !looksLikeValue(m.toks[i+1].Text) && !m.isLabel(s, m.toks[i+1]) {
			// A label broken over two cells or lines: "行政规范" + "性文件", or
			// "(二)部分公开(区分处理的,只计这一情形," + "不计其他情形)".
			joined := t
			joined.Text = t.Text + m.toks[i+1].Text
			if h2, ok2 := m.pick(s, joined, inRows); ok2 && h2.kind == kindRow && (!ok || h2.code == hit.code) {
				hit, ok, consumed = h2, true, 2
			}
		}
		if !ok && i+1 < sp.end && m.isValueToken(m.toks[i+1]) && !looksLikeValue(t.Text) {
			// A label followed by values that matches no row exactly: a row of the form written a
			// little differently (a typo, an extra 的), if one is close enough.
			if h, score, found := m.fuzzyRow(s, t.Text, seen); found {
				hit, ok = h, true
				m.issue(Issue{Rule: "label.approximate", Severity: SeverityInfo, Section: s.Code, Row: h.code,
					Message:  fmt.Sprintf("row label %q read as %q (similarity %.2f)", t.Text, h.official, score),
					Expected: h.official, Actual: t.Text})
			}
		}
		if !ok {
			// A short label we don't know, followed by values: a row the form doesn't have.
			if inRows && !looksLikeValue(t.Text) && isShort(t.Text) && i+1 < sp.end && m.isValueToken(m.toks[i+1]) {
				vals, next := m.collect(s, i+1, sp.end, 0)
				m.issue(Issue{Rule: "form.unknown_row", Severity: SeverityWarning, Section: s.Code,
					Message:  fmt.Sprintf("row %q is not a row of the %s form; its %d value(s) were not loaded", t.Text, m.form.Version, len(vals)),
					Expected: "a row of the form", Actual: t.Text})
				i = next
				continue
			}
			i++
			continue
		}
		switch hit.kind {
		case kindGroup:
			group = hit.group
			area = &headerArea{group: hit.group, seen: map[string]bool{}}
			areas = append(areas, area)
		case kindRow:
			inRows = true
			if area != nil {
				area.closed = true
			}
			area = nil
			if hit.group >= 0 {
				group = hit.group
			}
			cols := s.ColumnsOf(hit.code)
			vals, next := m.collect(s, i+consumed, sp.end, len(cols))
			if seen[hit.code] {
				m.issue(Issue{Rule: "form.duplicate_row", Severity: SeverityWarning, Section: s.Code, Row: hit.code,
					Message: fmt.Sprintf("row %s appears twice; the second occurrence was ignored", hit.official), Actual: t.Text})
			} else {
				seen[hit.code] = true
				m.emitRow(s, hit.code, cols, vals)
			}
			i = next
			continue
		}
		_ = group
		i++
	}
}

// headerArea records which column labels a table header shows.
type headerArea struct {
	group int
	seen  map[string]bool
	any   bool // some header text was recognized: the header is there, so absences count
	// closed: a row label followed the header. A header the page ends in (cut off) is not judged.
	closed bool
}

// note marks the columns a header cell names: by label or variant, or by a truncation of at least
// two characters (本年新 for 本年新制作数量, 商业 for 商业企业 split over two lines).
func (a *headerArea) note(m *matcher, s *schemas.Section, t Token) {
	for _, h := range m.lookup(t.Text) {
		switch {
		case h.kind == kindColumn && h.section == s.Code:
			a.seen[h.code] = true
			a.any = true
		case h.kind == kindHeaderWord:
			a.any = true
		}
	}
	k, _ := schemas.StripOrdinal(schemas.NormalizeLabel(t.Text))
	if utf8.RuneCountInString(k) < 2 || looksLikeValue(t.Text) {
		return
	}
	for _, c := range a.columns(s) {
		if strings.HasPrefix(schemas.NormalizeLabel(c.Label), k) {
			a.seen[c.Code] = true
			a.any = true
		}
	}
}

func (a *headerArea) columns(s *schemas.Section) []schemas.Column {
	if a.group >= 0 && a.group < len(s.Groups) {
		return s.Groups[a.group].Columns
	}
	return s.Columns
}

// checkColumns reports the columns a present header does not show: the values of the rows below
// are then likely shifted into the wrong columns.
func (m *matcher) checkColumns(s *schemas.Section, areas []*headerArea) {
	for _, a := range areas {
		if !a.any || !a.closed {
			continue
		}
		for _, c := range a.columns(s) {
			if !a.seen[c.Code] {
				m.issue(Issue{Rule: "form.column_missing", Severity: SeverityWarning, Section: s.Code, Col: c.Code,
					Message:  fmt.Sprintf("the table header has no column %s (%s): values of the rows below may stand in the wrong columns", c.Code, c.Label),
					Expected: c.Label, Actual: ""})
			}
		}
	}
}

// walkSingleRow reads a table of one unlabeled row under a multi-row header (appeals): every
// value token of the section, in order, fills the columns.
func (m *matcher) walkSingleRow(s *schemas.Section, sp span) {
	var vals []Token
	for i := sp.start; i < sp.end; i++ {
		t := m.toks[i]
		if t.Empty {
			if len(vals) > 0 {
				vals = append(vals, t)
			}
			continue
		}
		if m.isHeaderText(s, t.Text) || hasOrdinal(t.Text) {
			continue
		}
		// Words before the first number are header (a merged "行政复议行政诉讼" cell); after it,
		// they stand where a number belongs.
		if looksLikeValue(t.Text) || (len(vals) > 0 && isShort(t.Text) && t.InTable) {
			vals = append(vals, t)
		}
	}
	if len(vals) == 0 {
		return
	}
	m.seenRows(s.Code)[s.Rows[0].Code] = true
	m.emitRow(s, s.Rows[0].Code, s.Columns, vals)
}

// isHeaderText tells whether a token is (part of) a header label of the section, including
// labels cut short by a broken page (结果 for 结果纠正).
func (m *matcher) isHeaderText(s *schemas.Section, text string) bool {
	for _, h := range m.lookup(text) {
		if h.kind == kindHeaderWord || h.kind == kindColumn || h.kind == kindSection {
			return true
		}
	}
	k, _ := schemas.StripOrdinal(schemas.NormalizeLabel(text))
	if k == "" || looksLikeValue(text) {
		return false
	}
	for _, c := range s.Columns {
		for _, l := range []string{c.Label, c.Parent} {
			if strings.HasPrefix(schemas.NormalizeLabel(l), k) {
				return true
			}
		}
	}
	return false
}

// pick chooses the meaning of a token in a section. "总计" and "其他" are both columns and rows
// of table 三: in the header they are columns, among the rows (or with an ordinal) rows.
func (m *matcher) pick(s *schemas.Section, t Token, inRows bool) (labelHit, bool) {
	hits := m.lookup(t.Text)
	var best labelHit
	found := false
	for _, h := range hits {
		if h.kind != kindHeaderWord && h.kind != kindTrailing && h.section != s.Code {
			continue
		}
		if h.kind == kindRow && !(inRows || h.ordered) && hasKind(hits, kindColumn, s.Code) {
			continue
		}
		if h.kind == kindColumn && (inRows || h.ordered) && hasKind(hits, kindRow, s.Code) {
			continue
		}
		if !found || h.kind == kindRow {
			best, found = h, true
		}
	}
	return best, found
}

func hasKind(hits []labelHit, k labelKind, section string) bool {
	for _, h := range hits {
		if h.kind == k && h.section == section {
			return true
		}
	}
	return false
}

// isLabel tells whether a token is any label of the section (it ends a run of values).
func (m *matcher) isLabel(s *schemas.Section, t Token) bool {
	for _, h := range m.lookup(t.Text) {
		if h.kind == kindHeaderWord || h.kind == kindTrailing || h.kind == kindSection || h.section == s.Code {
			return true
		}
	}
	return false
}

func (m *matcher) isValueToken(t Token) bool {
	return t.Empty || looksLikeValue(t.Text)
}

// fuzzyMin is the least similarity (2·LCS / total length, over normalized labels) at which an
// unknown label is read as a row of the form. 0.8 accepts a changed or missing character in a
// label of ten, not a different row: the rows of a section differ far more than that.
const fuzzyMin = 0.8

// fuzzyRow finds the one row of the section, not yet seen, closest to a label.
func (m *matcher) fuzzyRow(s *schemas.Section, text string, seen map[string]bool) (labelHit, float64, bool) {
	k, _ := schemas.StripOrdinal(schemas.NormalizeLabel(text))
	n := utf8.RuneCountInString(k)
	if n < 4 || n > 60 {
		return labelHit{}, 0, false
	}
	var best labelHit
	bestScore, second := 0.0, 0.0
	for gi, r := range s.AllRows() {
		if seen[r.Code] || r.Label == "" {
			continue
		}
		for _, l := range append([]string{r.Label}, r.Variants...) {
			lk, _ := schemas.StripOrdinal(schemas.NormalizeLabel(l))
			sc := similarity(k, lk)
			switch {
			case sc > bestScore:
				second = bestScore
				bestScore = sc
				best = labelHit{kind: kindRow, section: s.Code, group: rowGroupIndex(s, gi), code: r.Code, official: r.Label}
			case sc > second && best.code != r.Code:
				second = sc
			}
		}
	}
	// Close enough, and clearly closer to one row than to any other.
	if bestScore >= fuzzyMin && bestScore-second >= 0.1 {
		return best, bestScore, true
	}
	return labelHit{}, 0, false
}

// rowGroupIndex is the index of the group holding the i-th row of AllRows (-1 without groups).
func rowGroupIndex(s *schemas.Section, i int) int {
	for gi, g := range s.Groups {
		if i < len(g.Rows) {
			return gi
		}
		i -= len(g.Rows)
	}
	return -1
}

// similarity is 2·LCS(a, b) / (|a| + |b|) over runes: 1 for equal strings.
func similarity(a, b string) float64 {
	ra, rb := []rune(a), []rune(b)
	if len(ra) == 0 || len(rb) == 0 {
		return 0
	}
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for i := 1; i <= len(ra); i++ {
		for j := 1; j <= len(rb); j++ {
			switch {
			case ra[i-1] == rb[j-1]:
				cur[j] = prev[j-1] + 1
			case prev[j] >= cur[j-1]:
				cur[j] = prev[j]
			default:
				cur[j] = cur[j-1]
			}
		}
		prev, cur = cur, prev
	}
	return 2 * float64(prev[len(rb)]) / float64(len(ra)+len(rb))
}

// hasOrdinal: a token that starts with an ordinal ("6.属于四…", "(三)") is a row label, perhaps
// cut short or unknown, never a value.
func hasOrdinal(s string) bool {
	if looksLikeValue(s) {
		return false
	}
	_, ord := schemas.StripOrdinal(schemas.NormalizeLabel(s))
	return ord != ""
}

func isShort(s string) bool { return utf8.RuneCountInString(s) <= maxCellRunes }

// collect gathers the value tokens of one row starting at i: numbers and null marks, and short
// words where a number belongs while the row still lacks values. It stops at the next label.
func (m *matcher) collect(s *schemas.Section, i, end, want int) ([]Token, int) {
	var vals []Token
	for ; i < end; i++ {
		t := m.toks[i]
		if t.Empty {
			vals = append(vals, t)
			continue
		}
		if m.isLabel(s, t) || hasOrdinal(t.Text) {
			break
		}
		if looksLikeValue(t.Text) {
			vals = append(vals, t)
			continue
		}
		if isShort(t.Text) && (want == 0 || len(vals) < want) && (t.InTable || m.reliableGrid) {
			vals = append(vals, t)
			continue
		}
		break
	}
	return vals, i
}

// emitRow turns a row's value tokens into cells. Extra non-blank values mean the row is shifted
// (values under a header cell that does not exist); missing ones are reported, never invented.
func (m *matcher) emitRow(s *schemas.Section, row string, cols []schemas.Column, vals []Token) {
	// Trailing blank cells beyond the form's columns are layout (an extra empty column), not data.
	for len(vals) > len(cols) && vals[len(vals)-1].Empty {
		vals = vals[:len(vals)-1]
	}
	if placed, ok := m.placeByHeader(cols, vals); ok {
		m.emitPlaced(s, row, cols, placed)
		return
	}
	shifted := len(vals) > len(cols)
	if shifted {
		var extra []string
		for _, v := range vals[len(cols):] {
			extra = append(extra, v.Text)
		}
		m.issue(Issue{Rule: "table.shifted_values", Severity: SeverityError, Section: s.Code, Row: row,
			Message:  fmt.Sprintf("row has %d values for %d columns: values stand under header cells that do not exist; positions are doubtful", len(vals), len(cols)),
			Expected: fmt.Sprint(len(cols)), Actual: fmt.Sprintf("%d (extra: %s)", len(vals), strings.Join(extra, " "))})
	}
	missing := 0
	for ci, c := range cols {
		cell := Cell{Section: s.Code, Row: row, Col: c.Code, Flags: []string{}}
		if ci >= len(vals) {
			cell.Flags = append(cell.Flags, FlagMissing)
			missing++
			m.cells = append(m.cells, cell)
			continue
		}
		v := vals[ci]
		pv := parseValue(v.Text, c.Kind)
		cell.Raw = v.Text
		cell.Value = pv.Value
		cell.Unit = pv.Unit
		cell.Flags = append(cell.Flags, pv.Flags...)
		if shifted {
			cell.Flags = append(cell.Flags, FlagShifted)
		}
		if m.reliableGrid && v.Header != "" && !m.headerFits(s, c, v.Header) {
			cell.Flags = append(cell.Flags, FlagShifted)
			m.issue(Issue{Rule: "table.header_mismatch", Severity: SeverityWarning, Section: s.Code, Row: row, Col: c.Code,
				Message:  fmt.Sprintf("value %q stands under header %q, expected %q", v.Text, v.Header, c.Label),
				Expected: c.Label, Actual: v.Header})
		}
		m.cells = append(m.cells, cell)
	}
	if missing > 0 {
		m.issue(Issue{Rule: "form.values_missing", Severity: SeverityWarning, Section: s.Code, Row: row,
			Message:  fmt.Sprintf("row found with %d of %d values; the missing cells are NULL (page cut off, or cells left out)", len(cols)-missing, len(cols)),
			Expected: fmt.Sprint(len(cols)), Actual: fmt.Sprint(len(cols) - missing)})
	}
}

// placeByHeader maps a row's values to columns by the header above each value, when the grid is
// real (HTML) and every value's header names exactly one column of the row: a table that leaves
// a column out (no 其他) or orders them differently is then read right. ok is false when the
// headers do not settle it (repeated labels as in table 四, missing headers), and when they
// agree with the positions anyway.
func (m *matcher) placeByHeader(cols []schemas.Column, vals []Token) ([]*Token, bool) {
	if !m.reliableGrid || len(vals) == 0 {
		return nil, false
	}
	placed := make([]*Token, len(cols))
	differs := false
	for vi := range vals {
		v := &vals[vi]
		if v.Header == "" {
			return nil, false
		}
		h, _ := schemas.StripOrdinal(schemas.NormalizeLabel(v.Header))
		match := -1
		for ci, c := range cols {
			for _, l := range append([]string{c.Label}, c.Variants...) {
				if k, _ := schemas.StripOrdinal(schemas.NormalizeLabel(l)); k == h {
					if match >= 0 && match != ci {
						return nil, false // the header names several columns
					}
					match = ci
				}
			}
		}
		if match < 0 || placed[match] != nil {
			return nil, false
		}
		placed[match] = v
		if match != vi {
			differs = true
		}
	}
	return placed, differs
}

// emitPlaced emits a row whose values were placed by their headers. Columns without a value
// under them are missing (the table has no such column).
func (m *matcher) emitPlaced(s *schemas.Section, row string, cols []schemas.Column, placed []*Token) {
	var absent []string
	for ci, c := range cols {
		cell := Cell{Section: s.Code, Row: row, Col: c.Code, Flags: []string{}}
		v := placed[ci]
		if v == nil {
			cell.Flags = append(cell.Flags, FlagMissing)
			absent = append(absent, c.Code)
			m.cells = append(m.cells, cell)
			continue
		}
		pv := parseValue(v.Text, c.Kind)
		cell.Raw, cell.Value, cell.Unit = v.Text, pv.Value, pv.Unit
		cell.Flags = append(cell.Flags, pv.Flags...)
		m.cells = append(m.cells, cell)
	}
	if len(absent) > 0 {
		m.issue(Issue{Rule: "form.values_missing", Severity: SeverityWarning, Section: s.Code, Row: row,
			Message:  fmt.Sprintf("values placed by their column headers; the table has no column for %s: NULL", strings.Join(absent, ", ")),
			Expected: fmt.Sprint(len(cols)), Actual: fmt.Sprint(len(cols) - len(absent))})
	}
}

// headerFits tells whether a header text above a value belongs to the expected column: its own
// label, a variant, its parent, a truncation of either, or a header word.
func (m *matcher) headerFits(s *schemas.Section, c schemas.Column, header string) bool {
	h, _ := schemas.StripOrdinal(schemas.NormalizeLabel(header))
	if h == "" {
		return true
	}
	for _, l := range append([]string{c.Label, c.Parent}, c.Variants...) {
		n, _ := schemas.StripOrdinal(schemas.NormalizeLabel(l))
		if n != "" && (n == h || strings.HasPrefix(n, h) || strings.HasPrefix(h, n)) {
			return true
		}
	}
	for _, hit := range m.lookup(header) {
		if hit.kind == kindHeaderWord || hit.kind == kindGroup || hit.kind == kindSection {
			return true
		}
	}
	return false
}

// checkRowsPresent reports each row of a found section that the page does not have.
func (m *matcher) checkRowsPresent(s *schemas.Section) {
	seen := m.seenRows(s.Code)
	for _, r := range s.AllRows() {
		if !seen[r.Code] {
			m.issue(Issue{Rule: "form.row_missing", Severity: SeverityWarning, Section: s.Code, Row: r.Code,
				Message:  fmt.Sprintf("row %s (%s) not found in table %s", r.Code, r.Label, s.Ordinal),
				Expected: r.Label, Actual: ""})
		}
	}
}

func (m *matcher) seenRows(section string) map[string]bool {
	if m.rowsSeen[section] == nil {
		m.rowsSeen[section] = map[string]bool{}
	}
	return m.rowsSeen[section]
}

func (m *matcher) issue(i Issue) { m.issues = append(m.issues, i) }
