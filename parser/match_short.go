package parser

import (
	"fmt"
	"sort"
	"strings"

	"github.com/govreports/govreports/schemas"
)

// A row with fewer values than the form has columns (a cell lost by the tool that extracted the
// text, a value printed apart from its row) is never filled left to right: its values are placed
// only where the page says where they stand, or its cells are left NULL, flagged unplaced. The
// evidence, in the order it is tried: a markdown header line over the row (placeByHeader), values
// stated in the group's header area with a note naming their column (placeStated), the form's
// identities (placeByIdentities, match_identity.go); and the end of a cut-off page, whose last
// row has its first values.

// endsText tells whether t is the last text of the page: a row cut off by the end of the page
// has its first values, in order (the partial pages), so they are its first columns.
func (m *matcher) endsText(t Token) bool { return t.Offset >= m.lastText }

// leftFillAgrees tells whether a cut-off row's values, read as its first columns, agree with the
// identities that can be checked (a group of table 四 read whole must add up): if not, the page
// is not simply cut there, and the values are not placed.
func (m *matcher) leftFillAgrees(s *schemas.Section, row string, cols []schemas.Column, vals []Token) bool {
	nums, ok := numbersOf(vals)
	if !ok {
		return true // words among the values: checked cell by cell (text_in_number)
	}
	var ids []schemas.Identity
	for _, id := range m.form.Identities {
		if id.Section == s.Code {
			ids = append(ids, id)
		}
	}
	placed := map[string]float64{}
	for i, x := range nums {
		placed[cols[i].Code] = x
	}
	return identitiesAgree(s, ids, row, placed, m.knownCells(s.Code, row))
}

// emitUnplaced emits a row that has fewer values than columns, in the middle of the page, with
// nothing (header, note, identity) to say which columns its values stand in: every cell NULL and
// flagged. Filling left to right would put values in wrong cells (规章 22 | 235 for 22 | 22 | 235).
func (m *matcher) emitUnplaced(s *schemas.Section, row string, cols []schemas.Column, vals []Token) {
	var raws []string
	for _, v := range vals {
		raw := v.Text
		if v.Empty {
			raw = "(blank)"
		}
		raws = append(raws, raw)
	}
	for _, c := range cols {
		m.addCell(Cell{Section: s.Code, Row: row, Col: c.Code, Flags: []string{FlagUnplaced}})
	}
	m.issue(Issue{Rule: RuleTableValuesUnplaced, Severity: SeverityWarning, Section: s.Code, Row: row,
		Message: fmt.Sprintf("row has %d values (%s) for %d columns and nothing on the page says which columns they stand in: its cells are NULL",
			len(vals), strings.Join(raws, " "), len(cols)),
		Expected: fmt.Sprint(len(cols)), Actual: fmt.Sprint(len(vals))})
}

// placeStated completes the rows of a group that lack one value each, when the group's header
// area states one value per row of the group found on the page (in their order), each with a
// note, and the notes name the same column (schemas: remarks): the stated value is that
// column's, and the row's own values fill the other columns in their order. A group with a row
// read complete, or values without a note naming a column, is left as it is (unplaced).
func (m *matcher) placeStated(s *schemas.Section, w *rowWalk) {
	for group, st := range w.stated {
		if group < 0 || group >= len(s.Groups) || len(st) == 0 {
			continue
		}
		g := s.Groups[group]
		var found []*rowSlot
		for _, sl := range w.list {
			for _, r := range g.Rows {
				if r.Code == sl.code {
					found = append(found, sl)
				}
			}
		}
		sort.SliceStable(found, func(i, j int) bool { return found[i].pos < found[j].pos })
		if len(found) != len(st) {
			continue
		}
		col := remarkColumn(g.Columns, st)
		if col < 0 {
			continue
		}
		ok := true
		for _, sl := range found {
			ok = ok && sl.n > 0 && len(trimBlankTail(sl.vals)) == len(g.Columns)-1 // unplaced, or filled as cut off
		}
		if !ok {
			continue
		}
		for k, sl := range found {
			own := trimBlankTail(sl.vals)
			full := append(append(append([]Token{}, own[:col]...), st[k].tok), own[col:]...)
			m.refill(w, sl, s, g.Columns, full, sl.pos)
			m.markStated(s, sl.code, g.Columns[col])
		}
	}
}

// remarkColumn is the one column the notes of stated values name (-1: none, or several).
func remarkColumn(cols []schemas.Column, st []statedValue) int {
	col := -1
	for _, v := range st {
		if v.remark == "" {
			continue
		}
		for ci, c := range cols {
			for _, word := range c.Remarks {
				if strings.Contains(v.remark, word) {
					if col >= 0 && col != ci {
						return -1 // notes that name different columns
					}
					col = ci
				}
			}
		}
	}
	return col
}

// markStated flags the cell whose value was printed apart from its row (placeStated).
func (m *matcher) markStated(s *schemas.Section, row string, c schemas.Column) {
	for i := len(m.cells) - 1; i >= 0; i-- {
		cell := &m.cells[i]
		if cell.Section == s.Code && cell.Row == row && cell.Col == c.Code {
			cell.Flags = append(cell.Flags, FlagStatedApart)
			m.issue(Issue{Rule: RuleTableValueStatedApart, Severity: SeverityInfo, Section: s.Code, Row: row, Col: c.Code,
				Message:  fmt.Sprintf("the row has one value fewer than its columns; %s was printed above the table with a note naming %s (%s)", cell.Raw, c.Code, c.Label),
				Expected: c.Label, Actual: cell.Raw})
			return
		}
	}
}
