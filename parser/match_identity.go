package parser

import (
	"fmt"
	"math"
	"strings"

	"github.com/govreports/govreports/schemas"
)

// A row with fewer values than columns (a cell the extraction lost) is left NULL, flagged
// unplaced, unless the page says where its values stand. The form's identities can say it: with
// the other rows of the table read, each column of table 三 must add up (result.total = the sum
// of the result rows, received + carried_in = result.total + carried_out) and each row must add
// up to its 总计. When exactly one way of setting the row's values, in their order, into its
// columns agrees with every identity that can be checked, and every other way contradicts one,
// the values go there; the cells left over stay NULL, flagged missing.

// maxPlacements bounds the ways tried for one row (7 columns, 5 values: 21).
const maxPlacements = 128

// placeByIdentities places the unplaced rows of a section where the identities decide it.
func (m *matcher) placeByIdentities(s *schemas.Section, w *rowWalk) {
	var ids []schemas.Identity
	for _, id := range m.form.Identities {
		if id.Section == s.Code {
			ids = append(ids, id)
		}
	}
	if len(ids) == 0 {
		return
	}
	for _, sl := range w.list {
		if sl.n == 0 || !hasFlag(&m.cells[sl.cellStart], FlagUnplaced) {
			continue
		}
		cols := s.ColumnsOf(sl.code)
		nums, ok := numbersOf(sl.vals)
		if !ok || len(nums) == 0 || len(nums) >= len(cols) || binomial(len(cols), len(nums)) > maxPlacements {
			continue
		}
		known := m.knownCells(s.Code, sl.code)
		var fits [][]int
		for _, p := range placements(len(cols), len(nums)) {
			row := map[string]float64{}
			for j, ci := range p {
				row[cols[ci].Code] = nums[j]
			}
			if identitiesAgree(s, ids, sl.code, row, known) {
				fits = append(fits, p)
				if len(fits) > 1 {
					break
				}
			}
		}
		if len(fits) != 1 {
			continue
		}
		m.emitByIdentity(w, s, sl, cols, fits[0])
	}
}

// numbersOf reads a row's values as numbers for the identities (a blank cell counts 0, as the
// validator counts it); ok is false when one is words.
func numbersOf(vals []Token) ([]float64, bool) {
	var out []float64
	for _, v := range vals {
		pv := parseValue(v.Text, "money")
		if pv.Text {
			return nil, false
		}
		x := 0.0
		if pv.Value != nil {
			x = *pv.Value
		}
		out = append(out, x)
	}
	return out, true
}

// knownCells is every cell of the section read with a value (or blank: 0), but the row's own.
func (m *matcher) knownCells(section, row string) map[string]float64 {
	out := map[string]float64{}
	for i := range m.cells {
		c := &m.cells[i]
		if c.Section != section || c.Row == row || hasFlag(c, FlagMissing) || hasFlag(c, FlagUnplaced) || hasFlag(c, FlagTextInNumber) || hasFlag(c, FlagShifted) {
			continue
		}
		x := 0.0
		if c.Value != nil {
			x = *c.Value
		}
		out[c.Row+"|"+c.Col] = x
	}
	return out
}

// identitiesAgree checks every identity that involves the row and whose cells are all known
// (the row's placed values, the other rows' cells): none may fail.
func identitiesAgree(s *schemas.Section, ids []schemas.Identity, row string, placed, known map[string]float64) bool {
	cell := func(r, c string) (float64, bool) {
		if r == row {
			x, ok := placed[c]
			return x, ok
		}
		x, ok := known[r+"|"+c]
		return x, ok
	}
	side := func(t schemas.Terms, over, e string) (float64, bool, bool) {
		rows, cols := t.Rows, t.Cols
		if over == "columns" {
			cols = []string{e}
		} else {
			rows = []string{e}
		}
		sum, involves := 0.0, false
		for _, r := range rows {
			involves = involves || r == row
			for _, c := range cols {
				x, ok := cell(r, c)
				if !ok {
					return 0, involves, false
				}
				sum += x
			}
		}
		return sum, involves, true
	}
	for _, id := range ids {
		var over []string
		if id.Over == "columns" {
			for _, c := range s.AllColumns() {
				over = append(over, c.Code)
			}
		} else {
			over = []string{row}
		}
		for _, e := range over {
			l, li, lok := side(id.Left, id.Over, e)
			r, ri, rok := side(id.Right, id.Over, e)
			if !(li || ri) || !lok || !rok {
				continue
			}
			if math.Abs(l-r) > 1e-6 {
				return false
			}
		}
	}
	return true
}

// emitByIdentity rewrites an unplaced row with its values in the columns of placement p.
func (m *matcher) emitByIdentity(w *rowWalk, s *schemas.Section, sl *rowSlot, cols []schemas.Column, p []int) {
	var filled, left []string
	at := map[int]Token{}
	for j, ci := range p {
		at[ci] = sl.vals[j]
	}
	for ci, c := range cols {
		cell := Cell{Section: s.Code, Row: sl.code, Col: c.Code, Flags: []string{}}
		v, ok := at[ci]
		if !ok {
			cell.Flags = append(cell.Flags, FlagMissing)
			left = append(left, c.Code)
		} else {
			pv := parseValue(v.Text, c.Kind)
			cell.Raw, cell.Value, cell.Unit = v.Text, pv.Value, pv.Unit
			cell.Flags = append(append(cell.Flags, pv.Flags...), FlagPlacedByIdentity)
			filled = append(filled, c.Code)
		}
		m.cells[sl.cellStart+ci] = cell
	}
	for k := sl.issueFrom; k < sl.issueTo; k++ {
		w.drop[k] = true
	}
	m.issue(Issue{Rule: RuleTableValuesPlacedByIdentity, Severity: SeverityInfo, Section: s.Code, Row: sl.code,
		Message: fmt.Sprintf("row has %d values for %d columns; only one way of setting them in order agrees with the form's identities: %s",
			len(p), len(cols), strings.Join(filled, ", ")),
		Expected: fmt.Sprint(len(cols)), Actual: fmt.Sprint(len(p))})
	m.issue(Issue{Rule: RuleFormValuesMissing, Severity: SeverityWarning, Section: s.Code, Row: sl.code,
		Message:  fmt.Sprintf("row found with %d of %d values; the cells of %s are NULL (left out of the page)", len(p), len(cols), strings.Join(left, ", ")),
		Expected: fmt.Sprint(len(cols)), Actual: fmt.Sprint(len(p))})
}

// placements lists the ways of choosing k of n columns, in order (each a sorted list of indices).
func placements(n, k int) [][]int {
	var out [][]int
	cur := make([]int, 0, k)
	var rec func(start int)
	rec = func(start int) {
		if len(cur) == k {
			out = append(out, append([]int{}, cur...))
			return
		}
		for i := start; i <= n-(k-len(cur)); i++ {
			cur = append(cur, i)
			rec(i + 1)
			cur = cur[:len(cur)-1]
		}
	}
	rec(0)
	return out
}

func binomial(n, k int) int {
	if k < 0 || k > n {
		return 0
	}
	r := 1
	for i := 1; i <= k; i++ {
		r = r * (n - k + i) / i
	}
	return r
}
