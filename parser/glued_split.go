package parser

import (
	"math"
	"strconv"
	"strings"

	"github.com/govreports/govreports/schemas"
)

// Bounds of the search for one row's splits. A row of table 三 with five-digit figures has a
// run of about 25 digits and a few hundred ways to cut it that the form's rules allow to be
// tried; the bounds stop a hostile or broken page long before it costs memory or time.
const (
	// splitPartMax: no cell of the form holds more than nine digits (a count of a billion).
	splitPartMax = 12
	// splitNodesMax bounds the cuts tried for one row.
	splitNodesMax = 400_000
	// splitCandsMax bounds the splits kept for one row: more means the row is not decidable.
	splitCandsMax = 256
	// splitRunMax: a run longer than this (in bytes) is not a row of cells.
	splitRunMax = 160
)

// gluedRow is a row whose cells came as fewer runs than the row has columns: its cells are
// placeholders until the solver decides the split.
type gluedRow struct {
	sec   *schemas.Section
	row   string
	cols  []schemas.Column
	runs  []string
	first int // index of the row's first cell in matcher.cells
	// cands are the splits the row's own constraints allow (each one text per column); limit is
	// set when the search stopped at a bound before it was complete.
	cands []split
	limit bool
	// rules: the identities over the row's cells that its splits were made to satisfy.
	rules []string
}

type split []string

// raw is the row's text as the page has it.
func (g *gluedRow) raw() string { return strings.Join(g.runs, " ") }

// deferGlued takes a row of a glued dump whose values are fewer runs of digits than it has
// columns: it emits placeholder cells (filled by solveGlued) and reports true. Any other row is
// left to emitRow.
func (m *matcher) deferGlued(s *schemas.Section, row string, cols []schemas.Column, vals []Token) bool {
	if len(vals) == 0 || len(vals) >= len(cols) {
		return false
	}
	var runs []string
	for _, v := range vals {
		if v.Empty || !isRun(v.Text) {
			return false
		}
		runs = append(runs, v.Text)
	}
	g := &gluedRow{sec: s, row: row, cols: cols, runs: runs, first: len(m.cells)}
	for _, c := range cols {
		m.cells = append(m.cells, Cell{Section: s.Code, Row: row, Col: c.Code, Flags: []string{}})
	}
	m.glued = append(m.glued, g)
	return true
}

// isRun: the text of a digit-run token (digits, decimal points and signs between digits).
func isRun(s string) bool {
	if s == "" || !isDigit(s[0]) || !isDigit(s[len(s)-1]) {
		return false
	}
	for i := 0; i < len(s); i++ {
		if !isDigit(s[i]) && s[i] != '.' && s[i] != '-' && s[i] != '+' {
			return false
		}
	}
	return true
}

// rowIdentity is an identity over the rows of a section, on one row: the columns of each side
// as indexes into the row's columns.
type rowIdentity struct {
	rule        string
	left, right []int
	last        int // the highest column index involved: the identity is checked once it is set
}

// rowIdentities are the form's identities that hold within each row of the section (over: rows)
// and whose columns the row has.
func rowIdentities(form *schemas.Form, s *schemas.Section, cols []schemas.Column) []rowIdentity {
	at := map[string]int{}
	for i, c := range cols {
		at[c.Code] = i
	}
	var out []rowIdentity
	for _, id := range form.Identities {
		if id.Section != s.Code || id.Over != "rows" {
			continue
		}
		ri := rowIdentity{rule: id.Rule}
		ok := true
		for _, side := range []struct {
			codes []string
			dst   *[]int
		}{{id.Left.Cols, &ri.left}, {id.Right.Cols, &ri.right}} {
			for _, c := range side.codes {
				i, found := at[c]
				if !found {
					ok = false
				}
				*side.dst = append(*side.dst, i)
				ri.last = max(ri.last, i)
			}
		}
		if ok {
			out = append(out, ri)
		}
	}
	return out
}

// partValue reads one cell of a split as the column's kind allows it to be written in a glued
// run: no leading zeros except a lone 0, a sign only in a signed column, a decimal point only in
// a money column.
func partValue(p string, kind string) (float64, bool) {
	if p == "" || len(p) > splitPartMax {
		return 0, false
	}
	digits := p
	if p[0] == '-' || p[0] == '+' {
		if kind != "signed" {
			return 0, false
		}
		digits = p[1:]
	}
	intPart, frac, hasDot := strings.Cut(digits, ".")
	if hasDot && (kind != "money" || frac == "" || strings.ContainsAny(frac, ".+-")) {
		return 0, false
	}
	if intPart == "" || strings.ContainsAny(intPart, "+-") || (len(intPart) > 1 && intPart[0] == '0') {
		return 0, false
	}
	if p[0] == '-' && digits == "0" {
		return 0, false // -0 is no figure
	}
	v, err := strconv.ParseFloat(digits, 64)
	if err != nil {
		return 0, false
	}
	if p[0] == '-' {
		v = -v
	}
	return v, true
}

// splitter enumerates the splits of one row.
type splitter struct {
	cols  []schemas.Column
	runs  []string
	ids   []rowIdentity
	parts []string
	vals  []float64
	out   []split
	nodes int
	limit bool
}

// splitRow lists every split of the runs into the columns that the columns' kinds and the row's
// identities allow: each run gives one or more consecutive cells, in order. limit reports that
// a bound stopped the search (the list is then incomplete and must not decide anything).
func splitRow(cols []schemas.Column, runs []string, ids []rowIdentity) (cands []split, limit bool) {
	total := 0
	for _, r := range runs {
		total += len(r)
	}
	if total > splitRunMax {
		return nil, true
	}
	sp := &splitter{cols: cols, runs: runs, ids: ids, parts: make([]string, len(cols)), vals: make([]float64, len(cols))}
	sp.walk(0, 0, 0)
	return sp.out, sp.limit
}

// walk assigns column ci from position pos of run ri.
func (sp *splitter) walk(ci, ri, pos int) {
	if sp.limit {
		return
	}
	sp.nodes++
	if sp.nodes > splitNodesMax {
		sp.limit = true
		return
	}
	if ci == len(sp.cols) {
		if ri == len(sp.runs) {
			if len(sp.out) >= splitCandsMax {
				sp.limit = true
				return
			}
			sp.out = append(sp.out, append(split{}, sp.parts...))
		}
		return
	}
	if ri == len(sp.runs) {
		return
	}
	// Columns left must cover the runs left, one cell at least each.
	colsLeft := len(sp.cols) - ci
	runsLeft := len(sp.runs) - ri
	if colsLeft < runsLeft {
		return
	}
	run := sp.runs[ri]
	rest := len(run) - pos
	for n := 1; n <= rest && n <= splitPartMax; n++ {
		p := run[pos : pos+n]
		v, ok := partValue(p, sp.cols[ci].Kind)
		if !ok {
			if n >= 2 && p[0] == '0' && sp.cols[ci].Kind != "money" {
				break // a count never starts with 0 unless it is 0: no longer part can be one
			}
			continue // a sign or a point still open, or an invalid part
		}
		sp.parts[ci], sp.vals[ci] = p, v
		if !sp.holds(ci) {
			continue
		}
		if n == rest {
			sp.walk(ci+1, ri+1, 0)
		} else {
			sp.walk(ci+1, ri, pos+n)
		}
	}
}

// holds checks the identities completed by column ci.
func (sp *splitter) holds(ci int) bool {
	for _, id := range sp.ids {
		if id.last != ci {
			continue
		}
		if !sumsEqual(sp.vals, id.left, id.right) {
			return false
		}
	}
	return true
}

func sumsEqual(vals []float64, left, right []int) bool {
	l, r := 0.0, 0.0
	for _, i := range left {
		l += vals[i]
	}
	for _, i := range right {
		r += vals[i]
	}
	return math.Abs(l-r) < 1e-6
}
