package parser

import (
	"fmt"
	"iter"
	"math"
	"strconv"
	"strings"
	"sync"

	"github.com/govreports/govreports/schemas"
)

// cellKey and colKey address a cell and a column of the form: struct keys, not joined strings,
// so that a lookup allocates nothing.
type (
	cellKey struct{ section, row, col string }
	colKey  struct{ section, col string }
)

// cellMaps keeps the index of a page's cells by key for later pages (a map of a few hundred
// keys built for every page was a fifteenth of the bytes a parse allocated).
var cellMaps = sync.Pool{New: func() any { return make(map[cellKey]*Cell, 256) }}

// recycleCellMap empties m (its cells are the page's) and keeps it, unless a page of many
// thousand cells made it big.
func recycleCellMap(m map[cellKey]*Cell) {
	if len(m) > 4096 {
		return
	}
	clear(m)
	cellMaps.Put(m)
}

// validateCells checks every value against its column's kind, and every identity of the form.
// The identities in decided (glued dumps: they decided how runs of digits split; keyed by rule,
// or "rule|column" for one column) are not checked where they run over a split cell: there they
// hold by construction.
func validateCells(form *schemas.Form, cells []Cell, decided map[string]bool) []Issue {
	var issues []Issue
	byKey := cellMaps.Get().(map[cellKey]*Cell)
	defer recycleCellMap(byKey)
	columns := indexFor(form).columns
	for i := range cells {
		c := &cells[i]
		byKey[cellKey{c.Section, c.Row, c.Col}] = c
		col := columns[colKey{c.Section, c.Col}]
		if col == nil {
			continue
		}
		if hasFlag(c, FlagTextInNumber) {
			issues = append(issues, Issue{Rule: RuleValueTextInNumber, Severity: SeverityWarning,
				Section: c.Section, Row: c.Row, Col: c.Col,
				Message:  fmt.Sprintf("text %q where a number belongs; stored as NULL", c.Raw),
				Expected: "a number", Actual: c.Raw})
			continue
		}
		if c.Value == nil {
			continue
		}
		v := *c.Value
		if v < 0 && col.Kind != "signed" {
			issues = append(issues, Issue{Rule: RuleValueNegative, Severity: SeverityError,
				Section: c.Section, Row: c.Row, Col: c.Col,
				Message: fmt.Sprintf("negative value %s in a %s column", fmtNum(v), col.Kind), Expected: ">= 0", Actual: c.Raw})
		}
		if col.Kind != "money" && v != math.Trunc(v) {
			issues = append(issues, Issue{Rule: RuleValueFractional, Severity: SeverityError,
				Section: c.Section, Row: c.Row, Col: c.Col,
				Message: fmt.Sprintf("fractional value %s in a count column", fmtNum(v)), Expected: "a whole number", Actual: c.Raw})
		}
	}
	for _, id := range form.Identities {
		issues = append(issues, checkIdentity(form, id, byKey, decided)...)
	}
	return issues
}

// checkIdentity applies one identity to every row or column it runs over. Blank cells count as
// 0 (the form has no other reading) but an identity whose cells are all missing is not checked:
// a cut-off page must not produce a cascade of false errors.
func checkIdentity(form *schemas.Form, id schemas.Identity, byKey map[cellKey]*Cell, decided map[string]bool) []Issue {
	s := form.Section(id.Section)
	var over []string
	if id.Over == "columns" {
		for _, c := range s.AllColumns() {
			over = append(over, c.Code)
		}
	} else {
		for _, r := range s.AllRows() {
			over = append(over, r.Code)
		}
	}
	sev := Severity(id.Severity)
	var issues []Issue
	for _, e := range over {
		left, lp, lok := sumTerms(id.Section, id.Left, id.Over, e, byKey)
		right, rp, rok := sumTerms(id.Section, id.Right, id.Over, e, byKey)
		if len(decided) > 0 && (decided[id.Rule] || decided[id.Rule+"|"+e]) && (splitTerms(id.Section, id.Left, id.Over, e, byKey) || splitTerms(id.Section, id.Right, id.Over, e, byKey)) {
			continue // the split was made to satisfy it
		}
		if !lok || !rok {
			continue // a term is absent from the page (missing row, cut-off page): reported elsewhere
		}
		if lp == 0 && rp == 0 {
			continue // nothing filled on either side
		}
		if lp == 0 && right != 0 {
			row, col := locate(id, id.Left, e)
			issues = append(issues, Issue{Rule: id.Rule, Severity: SeverityWarning, Section: id.Section, Row: row, Col: col,
				Message:  fmt.Sprintf("%s: left blank while its terms add up to %s", describe(id, e), fmtNum(right)),
				Expected: fmtNum(right), Actual: "blank"})
			continue
		}
		if rp == 0 && left != 0 {
			// The mirror case: the total is filled, every term left blank (publishers often fill
			// only 总计 rows): nothing contradicts, the breakdown is just not given.
			row, col := locate(id, id.Left, e)
			issues = append(issues, Issue{Rule: id.Rule, Severity: SeverityWarning, Section: id.Section, Row: row, Col: col,
				Message:  fmt.Sprintf("%s: total %s given, but its terms are all blank", describe(id, e), fmtNum(left)),
				Expected: fmtNum(left), Actual: "blank"})
			continue
		}
		if math.Abs(left-right) > 1e-6 {
			row, col := locate(id, id.Left, e)
			issues = append(issues, Issue{Rule: id.Rule, Severity: sev, Section: id.Section, Row: row, Col: col,
				Message: fmt.Sprintf("%s: %s = %s but %s = %s", describe(id, e),
					side(id.Left, id.Over, e), fmtNum(left), side(id.Right, id.Over, e), fmtNum(right)),
				Expected: fmtNum(right), Actual: fmtNum(left)})
		}
	}
	return issues
}

// sideCells are the cells of one side of an identity for element e (nil where absent), as an
// iterator: this runs for every row or column of every identity, and a slice per call was a
// fifth of validating.
func sideCells(section string, t schemas.Terms, over, e string, byKey map[cellKey]*Cell) iter.Seq[*Cell] {
	return func(yield func(*Cell) bool) {
		rows, cols := t.Rows, t.Cols
		one := []string{e}
		if over == "columns" {
			cols = one
		} else {
			rows = one
		}
		for _, r := range rows {
			for _, c := range cols {
				if !yield(byKey[cellKey{section, r, c}]) {
					return
				}
			}
		}
	}
}

// sumTerms adds one side. present counts non-null cells; ok is false when a cell is absent or
// flagged missing/text (the identity cannot be checked honestly).
func sumTerms(section string, t schemas.Terms, over, e string, byKey map[cellKey]*Cell) (sum float64, present int, ok bool) {
	for cell := range sideCells(section, t, over, e, byKey) {
		if cell == nil || hasFlag(cell, FlagMissing) || hasFlag(cell, FlagTextInNumber) || hasFlag(cell, FlagUnplaced) ||
			hasFlag(cell, FlagAmbiguousSplit) || hasFlag(cell, FlagSplitFailed) {
			return 0, 0, false
		}
		if cell.Value != nil {
			sum += *cell.Value
			present++
		}
	}
	return sum, present, true
}

// splitTerms tells whether a side of an identity has a cell split out of a glued run.
func splitTerms(section string, t schemas.Terms, over, e string, byKey map[cellKey]*Cell) bool {
	for cell := range sideCells(section, t, over, e, byKey) {
		if cell != nil && hasFlag(cell, FlagSplitByIdentity) {
			return true
		}
	}
	return false
}

func locate(id schemas.Identity, t schemas.Terms, e string) (row, col string) {
	if id.Over == "columns" {
		if len(t.Rows) == 1 {
			row = t.Rows[0]
		}
		return row, e
	}
	if len(t.Cols) == 1 {
		col = t.Cols[0]
	}
	return e, col
}

func describe(id schemas.Identity, e string) string {
	if id.Over == "columns" {
		return fmt.Sprintf("%s, column %s", id.Rule, e)
	}
	return fmt.Sprintf("%s, row %s", id.Rule, e)
}

func side(t schemas.Terms, over, e string) string {
	if over == "columns" {
		return strings.Join(t.Rows, "+")
	}
	return strings.Join(t.Cols, "+")
}

func hasFlag(c *Cell, f string) bool {
	for _, x := range c.Flags {
		if x == f {
			return true
		}
	}
	return false
}

func fmtNum(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }
