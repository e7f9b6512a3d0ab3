package parser

import (
	"math"
	"sort"
	"strconv"
	"strings"

	"github.com/govreports/govreports/schemas"
)

// Bounds of the search for one row's splits. A row of table 三 with five-digit figures has a
// run of about 25 digits and a few hundred ways to cut it that the form's rules allow to be
// tried; the bounds stop a hostile or broken page long before it costs memory or time.
const (
	// splitPartMax: no cell of the form holds more than ten characters (a count of a billion; a
	// sum of money in 万元 with its decimals).
	splitPartMax = 10
	// splitNodesMax bounds the cuts tried for one row.
	splitNodesMax = 200_000
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

// cut: the row has fewer runs than columns, so some run holds several cells.
func (g *gluedRow) cut() bool { return len(g.runs) < len(g.cols) }

// raw is the row's text as the page has it.
func (g *gluedRow) raw() string { return strings.Join(g.runs, " ") }

// deferGlued takes a row of a glued dump whose values are runs of digits (and null marks), no
// more than it has columns: it emits placeholder cells (filled by solveGlued) and reports true.
// A row with as many runs as columns is read one run a cell, but still checked as a glued run is
// (20--2097 is no figure of a count column, whatever the spacing made of it). Any other row is
// left to emitRow.
func (m *matcher) deferGlued(s *schemas.Section, row string, cols []schemas.Column, vals []Token) bool {
	if len(vals) == 0 || len(vals) > len(cols) {
		return false // more values than columns: shifted, as on any page
	}
	var runs []string
	digits := false
	for _, v := range vals {
		if v.Empty {
			return false
		}
		if isRun(v.Text) {
			digits = true
		}
		runs = append(runs, v.Text) // a null mark (—, /) is a cell of its own
	}
	if !digits {
		return false
	}
	g := &gluedRow{sec: s, row: row, cols: cols, runs: runs, first: len(m.cells)}
	for _, c := range cols {
		m.addCell(Cell{Section: s.Code, Row: row, Col: c.Code, Flags: []string{}})
	}
	m.glued = append(m.glued, g)
	return true
}

// isRun: the text of a digit-run token (digits, decimal points and signs between digits).
func isRun(s string) bool {
	if len(s) > 1 && (s[0] == '-' || s[0] == '+') {
		s = s[1:]
	}
	if s == "" || !isDigit(s[0]) || !isDigit(s[len(s)-1]) {
		return false
	}
	for i := 0; i < len(s); i++ {
		if !isDigit(s[i]) && s[i] != '.' && s[i] != '-' && s[i] != '+' && s[i] != ',' {
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
	if strings.IndexByte(digits, ',') >= 0 {
		// 13,242: a thousands separator is part of one figure, in groups of three.
		if !validThousands(digits) || digits[0] == '0' {
			return 0, false
		}
		digits = strings.ReplaceAll(digits, ",", "")
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
	if strings.HasSuffix(p, ",") {
		return 0, false
	}
	if p[0] == '-' {
		v = -v
	}
	return v, true
}

// splitter enumerates the splits of one row, from the row's last cell back to its first: the
// forms put each total after its terms, so the total is cut first and every term after it is
// bounded by what is left of the total (a cut whose terms already exceed their total is dropped
// at once). A state (column, position, identities' running differences) that led to no split is
// remembered, so the many ways of cutting a prefix into the same sums are walked once.
type splitter struct {
	cols []schemas.Column
	runs []string
	ids  []rowIdentity
	coef [][]float64 // coef[col][identity]: +1 left side, -1 right side, 0 not in it
	// first: identities completed (walking backwards) at each column, as a bit set.
	first []int
	// monotone[col][identity]: the identity's columns before col are all on one side and never
	// negative; its running difference then has a sign it must keep (see walk).
	sideLeft [][]int8
	// filled[col][identity]: every column before col is a term of the identity on one side: the
	// characters left must then spell figures adding up to what the identity still lacks.
	filled [][]bool
	before []int // characters in the runs before each run
	parts  []string
	diff   []float64 // running left-minus-right of each identity
	out    []split
	dead   map[splitState]bool
	nodes  int
	limit  bool
}

// splitMemoIDs: identities a state key can hold (table 四 has three per row).
const splitMemoIDs = 4

type splitState struct {
	ci, ri, end int
	diff        [splitMemoIDs]float64
}

// splitRow lists every split of the runs into the columns that the columns' kinds and the row's
// identities allow: each run gives one or more consecutive cells, in order. limit reports that
// a bound stopped the search (the list is then incomplete and must not decide anything).
func splitRow(cols []schemas.Column, runs []string, ids []rowIdentity) (cands []split, limit bool) {
	total := 0
	for _, r := range runs {
		total += len(r)
	}
	if total > splitRunMax || len(cols) == 0 || len(runs) == 0 {
		return nil, total > splitRunMax
	}
	sp := &splitter{cols: cols, runs: runs, ids: ids, parts: make([]string, len(cols)), diff: make([]float64, len(ids)),
		coef: make([][]float64, len(cols)), first: make([]int, len(cols)), sideLeft: make([][]int8, len(cols)),
		filled: make([][]bool, len(cols))}
	for ci := range cols {
		sp.coef[ci] = make([]float64, len(ids))
		sp.sideLeft[ci] = make([]int8, len(ids))
		sp.filled[ci] = make([]bool, len(ids))
	}
	for k, id := range ids {
		lo := len(cols)
		for _, c := range id.left {
			sp.coef[c][k] += 1
			lo = min(lo, c)
		}
		for _, c := range id.right {
			sp.coef[c][k] -= 1
			lo = min(lo, c)
		}
		sp.first[lo] |= 1 << k
		// For each column, which side the identity's columns before it lie on: +1 all left,
		// -1 all right, 0 mixed or possibly negative.
		for ci := range cols {
			side := int8(0)
			for c := 0; c < ci; c++ {
				if sp.coef[c][k] == 0 {
					continue
				}
				sd := int8(1)
				if sp.coef[c][k] < 0 {
					sd = -1
				}
				if cols[c].Kind == "signed" || (side != 0 && side != sd) {
					side = 2
					break
				}
				side = sd
			}
			if side == 2 {
				side = 0
			}
			sp.sideLeft[ci][k] = side
			if side != 0 {
				all := true
				for c := 0; c < ci; c++ {
					all = all && sp.coef[c][k] != 0 && cols[c].Kind == "count" // 0.5 in 万元 is short and small
				}
				if all && ci > 0 {
					sp.filled[ci][k] = true
				}
			}
		}
	}
	if len(ids) <= splitMemoIDs {
		sp.dead = map[splitState]bool{}
	}
	sp.before = make([]int, len(runs))
	for i := 1; i < len(runs); i++ {
		sp.before[i] = sp.before[i-1] + len(runs[i-1])
	}
	last := len(runs) - 1
	sp.walk(len(cols)-1, last, len(runs[last]))
	// In reading order: shorter first cells first (as one would list them by hand).
	sort.Slice(sp.out, func(a, b int) bool {
		for i := range sp.out[a] {
			pa, pb := sp.out[a][i], sp.out[b][i]
			if len(pa) != len(pb) {
				return len(pa) < len(pb)
			}
			if pa != pb {
				return pa < pb
			}
		}
		return false
	})
	return sp.out, sp.limit
}

// walk assigns column ci as the part of run ri that ends at byte end; it reports whether a split
// was found below.
func (sp *splitter) walk(ci, ri, end int) bool {
	if sp.limit {
		return false
	}
	sp.nodes++
	if sp.nodes > splitNodesMax {
		sp.limit = true
		return false
	}
	if ci < 0 {
		if ri >= 0 {
			return false
		}
		if len(sp.out) >= splitCandsMax {
			sp.limit = true
			return false
		}
		sp.out = append(sp.out, append(split{}, sp.parts...))
		return true
	}
	// The columns left must take the characters left: one at least each, splitPartMax at most.
	if ri < 0 || ci+1 < ri+1 {
		return false
	}
	if chars := sp.before[ri] + end; chars < ci+1 || chars > (ci+1)*splitPartMax {
		return false
	}
	var key splitState
	if sp.dead != nil {
		key = splitState{ci: ci, ri: ri, end: end}
		copy(key.diff[:], sp.diff)
		if sp.dead[key] {
			return false
		}
	}
	found := false
	run := sp.runs[ri]
	nextRun := func(start int) (int, int) {
		if start == 0 {
			if ri == 0 {
				return -1, 0
			}
			return ri - 1, len(sp.runs[ri-1])
		}
		return ri, start
	}
	if !isRun(run) {
		// A null mark between runs: one cell, counted as 0 by the identities (as validation
		// counts blank cells).
		nri, nend := nextRun(0)
		found = sp.try(ci, run, 0, nri, nend)
	} else if p, v, forced := sp.forced(ci); forced {
		// The column completes an identity whose other cells are all cut: its figure is known,
		// and only that text can stand here.
		if len(p) <= end && run[end-len(p):end] == p {
			nri, nend := nextRun(end - len(p))
			found = sp.try(ci, p, v, nri, nend)
		}
	} else {
		for n := 1; n <= end && n <= splitPartMax && !sp.limit; n++ {
			p := run[end-n : end]
			v, ok := partValue(p, sp.cols[ci].Kind)
			if p == "-" {
				// A - between figures is the sign of the next one (本年增/减 -3), or a cell
				// of its own holding a dash: both are tried.
				v, ok = 0, true
			}
			if !ok {
				continue // a leading zero, a sign or a point in the wrong place
			}
			nri, nend := nextRun(end - n)
			if sp.try(ci, p, v, nri, nend) {
				found = true
			}
		}
	}
	if !found && !sp.limit && sp.dead != nil {
		sp.dead[key] = true
	}
	return found
}

// reachable: for each identity whose remaining terms fill the columns before ci, the figures the
// chars characters left can spell add up to what it lacks: the longest of ci cells cut from
// them has ceil(chars/ci) digits, so (when that is two or more, with no leading zero) they add
// up to at least 10^(ceil-1); and to less than ci·10^(chars-ci+1).
func (sp *splitter) reachable(ci, chars int) bool {
	for k := range sp.ids {
		if !sp.filled[ci][k] {
			continue
		}
		need := math.Abs(sp.diff[k])
		longest := (chars + ci - 1) / ci
		if longest >= 2 && need < math.Pow10(longest-1)-1e-6 {
			return false
		}
		if most := chars - ci + 1; most < 11 && need > float64(ci)*math.Pow10(most)+1e-6 {
			return false
		}
	}
	return true
}

// forced returns the one text a count column can hold when it is the last cell of an identity to
// be cut: the figure that makes the identity hold, written without leading zeros.
func (sp *splitter) forced(ci int) (string, float64, bool) {
	if sp.cols[ci].Kind != "count" {
		return "", 0, false
	}
	for k := range sp.ids {
		c := sp.coef[ci][k]
		if sp.first[ci]&(1<<k) == 0 || c == 0 {
			continue
		}
		v := -sp.diff[k] / c
		if v < 0 || v != math.Trunc(v) || v >= 1e10 {
			return "", 0, true // no count can make it hold
		}
		return strconv.FormatFloat(v, 'f', -1, 64), v, true
	}
	return "", 0, false
}

// try sets column ci to part p (value v), checks the identities it completes, and walks on.
// An identity whose columns still to cut all lie on one side and are never negative can only
// move its difference one way: a difference already past 0 in that direction is dropped
// (terms that already add up to more than their total).
func (sp *splitter) try(ci int, p string, v float64, ri, end int) bool {
	sp.parts[ci] = p
	ok := true
	for k := range sp.ids {
		sp.diff[k] += sp.coef[ci][k] * v
		d := sp.diff[k]
		switch {
		case sp.first[ci]&(1<<k) != 0:
			ok = ok && math.Abs(d) < 1e-6
		case sp.sideLeft[ci][k] == 1: // the rest adds to the left side
			ok = ok && d < 1e-6
		case sp.sideLeft[ci][k] == -1: // the rest adds to the right side
			ok = ok && d > -1e-6
		}
	}
	if ok && ci > 0 && ri >= 0 {
		ok = sp.reachable(ci, sp.before[ri]+end)
	}
	found := ok && sp.walk(ci-1, ri, end)
	for k := range sp.ids {
		sp.diff[k] -= sp.coef[ci][k] * v
	}
	return found
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
