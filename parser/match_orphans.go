package parser

import (
	"fmt"
	"sort"
	"strings"

	"github.com/govreports/govreports/schemas"
)

// Text that other tools extracted from a report's PDF often prints a row's label apart from its
// values: a label broken over three lines, two of them far above the row ("1.申请人无正当理由逾期
// 不补正、" … "开申请"), and the values on a line of their own or under a piece of the label
// ("| 行政机关不再处理其政府信息公 | 40 | 1 | …"). The walk then finds labels without values and
// values without labels. The form's row order puts them back together: values that stand between
// two rows read with their values, where the form has exactly as many rows left between those two
// as there are such runs of values, are those rows, in order.

// rowSlot is a row of the section as emitted by the walk.
type rowSlot struct {
	code string
	pos  int // token index of the label its values followed
	// cellStart, n: its cells in m.cells. issueFrom, issueTo: the issues emitRow raised for it.
	cellStart, n       int
	issueFrom, issueTo int
	// empty: the label was found with no value at all, or with words only (a heading, or a
	// header line "| 类别 | 数据1 | … |" read after it): its values stand elsewhere.
	empty bool
	// vals are the value tokens it was emitted with (placeByIdentities reads them again).
	vals []Token
}

// orphan is a run of values with no label of the form before it.
type orphan struct {
	pos   int
	label string // words before the values that name no row ("行政机关不再处理其政府信息公"); "" for none
	vals  []Token
	issue int // index in m.issues of its form.unknown_row warning, -1 for none
}

// statedValue is a value printed in a group's header area, apart from its row, with the note
// that followed it ("22" "（其中修订 16 件）").
type statedValue struct {
	tok    Token
	remark string
}

// rowWalk is what walkRows keeps about one section to settle rows after the walk.
type rowWalk struct {
	slots   map[string]*rowSlot
	list    []*rowSlot
	orphans []orphan
	stated  map[int][]statedValue // group index → values stated in its header area
	drop    map[int]bool          // indices of issues withdrawn once their row was settled
}

func newRowWalk() *rowWalk {
	return &rowWalk{slots: map[string]*rowSlot{}, stated: map[int][]statedValue{}, drop: map[int]bool{}}
}

// emitSlot emits a row and records where its cells and issues are.
func (m *matcher) emitSlot(w *rowWalk, s *schemas.Section, code string, cols []schemas.Column, vals []Token, pos int) {
	cs, is := len(m.cells), len(m.issues)
	m.emitRow(s, code, cols, vals)
	sl := &rowSlot{code: code, pos: pos, cellStart: cs, n: len(m.cells) - cs, issueFrom: is, issueTo: len(m.issues), empty: wordsOnly(vals), vals: vals}
	w.slots[code] = sl
	w.list = append(w.list, sl)
}

// refill gives a row emitted without values the values found for it later: its cells are
// replaced in place and the issues it raised withdrawn.
func (m *matcher) refill(w *rowWalk, sl *rowSlot, s *schemas.Section, cols []schemas.Column, vals []Token, pos int) {
	cells, issues := m.cells, m.issues
	m.cells, m.issues = make([]Cell, 0, sl.n), nil // room for the row only (see addCell)
	m.emitRow(s, sl.code, cols, vals)
	fresh, raised := m.cells, m.issues
	m.cells, m.issues = cells, issues
	if len(fresh) != sl.n {
		return // cannot happen: emitRow emits one cell per column
	}
	copy(m.cells[sl.cellStart:sl.cellStart+sl.n], fresh)
	for k := sl.issueFrom; k < sl.issueTo; k++ {
		w.drop[k] = true
	}
	sl.issueFrom = len(m.issues)
	m.issues = append(m.issues, raised...)
	sl.issueTo = len(m.issues)
	sl.empty, sl.pos, sl.vals = false, pos, vals
}

// orphanValues collects a run of values with no label: numbers and blank cells, up to the first
// word, or the end of a line that held the run.
func (m *matcher) orphanValues(i, end int) ([]Token, int) {
	var vals []Token
	for ; i < end; i++ {
		t := m.toks[i]
		if len(vals) >= 2 && m.rowLineEnded(vals, t, -1) {
			break
		}
		if t.Lead || m.isFiller(t) {
			continue
		}
		if t.Empty {
			vals = append(vals, t)
			continue
		}
		if t.Heading || t.HeaderLine || !looksLikeValue(t.Text) {
			break
		}
		vals = append(vals, t)
	}
	return vals, i
}

// resolveOrphans settles the runs of values without a label by the form's row order (see the
// top of this file), and marks the issues of the rows so settled withdrawn.
func (m *matcher) resolveOrphans(s *schemas.Section, w *rowWalk) {
	if len(w.orphans) == 0 {
		return
	}
	rows := s.AllRows()
	index := map[string]int{}
	for i, r := range rows {
		index[r.Code] = i
	}
	var anchors []*rowSlot
	for _, sl := range w.list {
		if !sl.empty {
			anchors = append(anchors, sl)
		}
	}
	sort.SliceStable(anchors, func(i, j int) bool { return anchors[i].pos < anchors[j].pos })
	// gaps: the orphans between the same two anchors.
	type gap struct {
		lo, hi  int // form indices of the anchors around (-1, len(rows) at the ends)
		orphans []orphan
	}
	var gaps []*gap
	for _, o := range w.orphans {
		lo, hi := -1, len(rows)
		for _, a := range anchors {
			if a.pos < o.pos {
				lo = index[a.code]
				continue
			}
			hi = index[a.code]
			break
		}
		if n := len(gaps); n > 0 && gaps[n-1].lo == lo && gaps[n-1].hi == hi {
			gaps[n-1].orphans = append(gaps[n-1].orphans, o)
			continue
		}
		gaps = append(gaps, &gap{lo: lo, hi: hi, orphans: []orphan{o}})
	}
	seen := m.seenRows(s.Code)
	for _, g := range gaps {
		if g.lo >= g.hi || (g.lo < 0 && g.hi >= len(rows)) {
			continue // between two rows read with their values, or one of them and the table's start or end
		}
		var open []schemas.Row
		for _, r := range rows[g.lo+1 : g.hi] {
			if sl := w.slots[r.Code]; !seen[r.Code] || (sl != nil && sl.empty) {
				open = append(open, r)
			}
		}
		if len(open) != len(g.orphans) {
			continue
		}
		fits := true
		for k, o := range g.orphans {
			fits = fits && len(trimBlankTail(o.vals)) == len(s.ColumnsOf(open[k].Code)) && m.labelPiece(o.label, open[k])
		}
		if !fits {
			continue
		}
		for k, o := range g.orphans {
			r := open[k]
			cols := s.ColumnsOf(r.Code)
			vals := trimBlankTail(o.vals)
			if sl := w.slots[r.Code]; sl != nil {
				m.refill(w, sl, s, cols, vals, o.pos)
			} else {
				seen[r.Code] = true
				m.emitSlot(w, s, r.Code, cols, vals, o.pos)
			}
			if o.issue >= 0 {
				w.drop[o.issue] = true
			}
			what := "values on a line of their own"
			if o.label != "" {
				what = fmt.Sprintf("values under the words %q", o.label)
			}
			m.issue(Issue{Rule: RuleLabelInferredByOrder, Severity: SeverityInfo, Section: s.Code, Row: r.Code,
				Message: fmt.Sprintf("%s read as row %s (%s): their label stands elsewhere on the page, and this is the row of the form left at their place after %s%s",
					what, r.Code, r.Label, after(rows, g.lo), before(rows, g.hi)),
				Expected: r.Label, Actual: o.label})
		}
	}
}

// after names the row an orphan gap starts after, if any.
func after(rows []schemas.Row, lo int) string {
	if lo < 0 {
		return "the table's start"
	}
	return rows[lo].Code
}

// before names the row an orphan gap ends at, if any.
func before(rows []schemas.Row, hi int) string {
	if hi >= len(rows) {
		return ", the table's last"
	}
	return " and before " + rows[hi].Code
}

// labelPiece tells whether the words before a run of values can be a piece of the row's label
// (or are no words at all): "行政机关不再处理其政府信息公" is a piece of 申请人无正当理由逾期不补正、
// 行政机关不再处理其政府信息公开申请.
func (m *matcher) labelPiece(words string, r schemas.Row) bool {
	if words == "" {
		return true
	}
	k := m.norm(words).rest
	if k == "" {
		return true
	}
	for _, l := range append([]string{r.Label}, r.Variants...) {
		if strings.Contains(m.norm(l).rest, k) {
			return true
		}
	}
	return false
}

// dropIssues removes the issues withdrawn during a walk. The slots record issues by index, so it
// runs once, after every step that withdraws some.
func (m *matcher) dropIssues(w *rowWalk) {
	if len(w.drop) == 0 {
		return
	}
	kept := m.issues[:0]
	for i, is := range m.issues {
		if !w.drop[i] {
			kept = append(kept, is)
		}
	}
	m.issues = kept
	w.drop = map[int]bool{}
}

// wordsOnly tells a row read without any value: no token, or words only where numbers belong.
func wordsOnly(vals []Token) bool {
	for _, v := range vals {
		if v.Empty || looksLikeValue(v.Text) {
			return false
		}
	}
	return true
}

// trimBlankTail drops the blank cells after a row's last value: layout (an extra empty column,
// a pipe closing the line), not cells of the form.
func trimBlankTail(vals []Token) []Token {
	n := len(vals)
	for n > 0 && vals[n-1].Empty {
		n--
	}
	return vals[:n]
}

// wordsBefore returns the words of the cell before token i when it stands on the same line and
// names nothing of the form: the first piece of a label broken inside its cell ("| 缴纳费用、 |
// 行政机关不再处理其政 | 0 | …").
func (m *matcher) wordsBefore(i int) string {
	if i == 0 {
		return ""
	}
	p, t := m.toks[i-1], m.toks[i]
	if p.Empty || !p.InTable || p.Row != t.Row || looksLikeValue(p.Text) || !isShort(p.Text) || len(m.lookup(p.Text)) > 0 || hasOrdinal(p.Text) {
		return ""
	}
	return p.Text
}

// onlyValues keeps the values of a run, without the words that may precede them.
func onlyValues(vals []Token) []Token {
	i := 0
	for i < len(vals) && !vals[i].Empty && !looksLikeValue(vals[i].Text) {
		i++
	}
	for _, v := range vals[i:] {
		if !v.Empty && !looksLikeValue(v.Text) {
			return nil // words among the values: no row of numbers
		}
	}
	return vals[i:]
}

// isNote tells a parenthesized note ("（其中修订 16 件）", "(含自然失效29件)") from a cell.
func isNote(s string) bool {
	n := schemas.NormalizeLabel(s)
	return strings.HasPrefix(n, "(") && strings.HasSuffix(n, ")") && !looksLikeValue(s)
}
