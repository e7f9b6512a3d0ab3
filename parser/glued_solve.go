package parser

import (
	"fmt"
	"math"
	"sort"
	"strings"

	"github.com/govreports/govreports/schemas"
)

// solveNodesMax bounds the search over one table's rows (all searches together).
const solveNodesMax = 300_000

// ambiguousShown: candidates listed in one split.ambiguous issue.
const ambiguousShown = 8

// colConstraint is one identity over a section's columns, on one column: the sum of its terms
// (+1 for the left side, -1 for the right) plus konst (the cells of rows read whole) is 0.
type colConstraint struct {
	rule  string
	col   string // the column it holds on
	konst float64
	terms []colTerm
}

type colTerm struct {
	v, col int // index of the glued row among the table's variables; column index in that row
	sign   float64
}

// solveGlued decides the deferred rows of a glued dump, table by table, and fills their cells.
// It returns the identities that decided splits: they hold by construction, so validation must
// not report them as checked.
func (m *matcher) solveGlued(doc string) map[string]bool {
	used := map[string]bool{}
	if len(m.glued) == 0 {
		return used
	}
	stated := statedFigures(m.form, doc)
	var order []string
	bySection := map[string][]*gluedRow{}
	for _, g := range m.glued {
		var ids []rowIdentity
		if g.cut() {
			// The row's identities decide how its runs are cut. A row with a run a cell is
			// read as it stands: its identities are checked afterwards, as on any page. (A run
			// whose identity fails is not read by its lengths alone: a cell left blank leaves
			// nothing in a run, and 1031216 may well be 10 3 _ 1 2 _ 16.)
			ids = rowIdentities(m.form, g.sec, g.cols)
			for _, id := range ids {
				g.rules = append(g.rules, id.rule)
			}
		}
		g.cands, g.limit = splitRow(g.cols, g.runs, ids)
		if bySection[g.sec.Code] == nil {
			order = append(order, g.sec.Code)
		}
		bySection[g.sec.Code] = append(bySection[g.sec.Code], g)
	}
	for _, code := range order {
		m.solveTable(m.form.Section(code), bySection[code], stated, used)
	}
	m.markUnsplit()
	split, cut := 0, 0
	for _, g := range m.glued {
		if !g.cut() {
			continue
		}
		cut++
		if len(g.cands) > 0 && !g.limit {
			split++
		}
	}
	if cut == 0 {
		return used // one figure a cell everywhere: nothing was glued after all
	}
	var rules []string
	for r := range used {
		r, _, _ = strings.Cut(r, "|")
		if !containsString(rules, r) {
			rules = append(rules, r)
		}
	}
	sort.Strings(rules)
	msg := fmt.Sprintf("tables read from a glued text dump (cells run together without separators): %d of %d rows of glued runs split into their cells by the form's constraints", split, cut)
	if len(rules) > 0 {
		msg += fmt.Sprintf("; the identities %s decided splits, so they hold by construction and are not checked", strings.Join(rules, ", "))
	}
	m.issue(Issue{Rule: RuleInputGlued, Severity: SeverityInfo, Message: msg,
		Expected: "separated cells", Actual: fmt.Sprintf("%d rows of glued runs", cut)})
	return used
}

// solveTable decides the rows of one table: each row's own splits, narrowed by the identities
// over the table's columns (result rows adding up to 总计, the balance of table 三), then by the
// figures the prose states. A cell gets a value only when every split left gives it the same.
func (m *matcher) solveTable(s *schemas.Section, rows []*gluedRow, stated map[string]float64, used map[string]bool) {
	var vars []*gluedRow
	for _, g := range rows {
		switch {
		case g.limit:
			m.issue(Issue{Rule: RuleSplitSearchLimit, Severity: SeverityWarning, Section: s.Code, Row: g.row,
				Message:  fmt.Sprintf("the run %q has too many possible splits into %d cells to search: cells NULL", g.raw(), len(g.cols)),
				Expected: "a decidable run", Actual: g.raw()})
		case len(g.cands) == 0:
			m.issue(Issue{Rule: RuleSplitInconsistent, Severity: SeverityError, Section: s.Code, Row: g.row,
				Message: fmt.Sprintf("no reading of the run %q as the row's %d cells fits the form (figures without leading zeros%s): cells NULL",
					g.raw(), len(g.cols), rulesClause(g.rules)),
				Expected: fmt.Sprintf("%d cells", len(g.cols)), Actual: g.raw()})
		default:
			vars = append(vars, g)
			for _, r := range g.rules {
				used[r] = true
			}
		}
	}
	doms := make([][]int, len(vars))
	for i, g := range vars {
		for c := range g.cands {
			doms[i] = append(doms[i], c)
		}
	}
	cons := m.columnConstraints(s, vars)
	ts := &tableSolver{vars: vars, cons: cons}
	keep, status := ts.supported(doms)
	switch status {
	case solveUnsat:
		// The identities over columns cannot all hold with these rows (a figure of the report
		// is wrong, or a row's run lost a cell): decide with as many of them as can hold.
		// (Dropping the identity on one column alone never helps: with every row adding up to
		// its 总计, a column that breaks one breaks the 总计 column's too.)
		var dropped []string
		keep, cons, dropped = ts.relax(doms)
		m.issue(Issue{Rule: RuleSplitInconsistent, Severity: SeverityError, Section: s.Code,
			Message: fmt.Sprintf("no choice of the glued rows' splits satisfies %s: the splits were decided without it, and it is checked as usual",
				strings.Join(dropped, ", ")),
			Expected: "splits satisfying every identity", Actual: "none"})
	case solveLimit:
		m.issue(Issue{Rule: RuleSplitSearchLimit, Severity: SeverityWarning, Section: s.Code,
			Message:  "the table's glued rows have too many combinations of splits to search: each row is decided by its own constraints only",
			Expected: "a decidable table", Actual: fmt.Sprintf("%d rows", len(vars))})
		cons = nil
	}
	// Figures stated in the prose choose between the splits still open, when they agree with
	// some of them (a figure the table cannot have is about something else).
	if narrowed, ok := narrowByProse(vars, keep, stated); ok {
		ts2 := &tableSolver{vars: vars, cons: cons}
		if k2, st := ts2.supported(narrowed); st == solveOK {
			keep = k2
		}
	}
	for _, c := range cons {
		for _, t := range c.terms {
			if vars[t.v].cut() {
				used[c.rule+"|"+c.col] = true // it chose between splits, on that column
			}
		}
	}
	for i, g := range vars {
		m.fillGlued(g, keep[i])
	}
}

func rulesClause(rules []string) string {
	if len(rules) == 0 {
		return ""
	}
	return ", " + strings.Join(rules, ", ")
}

// columnConstraints instantiates the identities over the section's columns on every column
// whose cells are all in the page: glued rows as variables, rows read whole as constants. A
// row missing from the page, or whose run could not be split, leaves that identity unchecked.
func (m *matcher) columnConstraints(s *schemas.Section, vars []*gluedRow) []colConstraint {
	varOf := map[string]int{}
	for i, g := range vars {
		varOf[g.row] = i
	}
	pending := map[string]bool{}
	for _, g := range m.glued {
		if g.sec.Code == s.Code {
			pending[g.row] = true
		}
	}
	cellAt := map[string]*Cell{}
	for i := range m.cells {
		c := &m.cells[i]
		if c.Section == s.Code {
			cellAt[c.Row+"|"+c.Col] = c
		}
	}
	var out []colConstraint
	for _, id := range m.form.Identities {
		if id.Section != s.Code || id.Over != "columns" {
			continue
		}
		for _, col := range s.AllColumns() {
			cc := colConstraint{rule: id.Rule, col: col.Code}
			ok := true
			for _, side := range []struct {
				rows []string
				sign float64
			}{{id.Left.Rows, 1}, {id.Right.Rows, -1}} {
				for _, r := range side.rows {
					if v, isVar := varOf[r]; isVar {
						ci := columnIndex(vars[v].cols, col.Code)
						if ci < 0 {
							ok = false
							break
						}
						cc.terms = append(cc.terms, colTerm{v: v, col: ci, sign: side.sign})
						continue
					}
					c := cellAt[r+"|"+col.Code]
					if pending[r] || c == nil || hasFlag(c, FlagMissing) || hasFlag(c, FlagTextInNumber) {
						ok = false
						break
					}
					if c.Value != nil {
						cc.konst += side.sign * *c.Value
					}
				}
			}
			if ok && len(cc.terms) > 0 {
				out = append(out, cc)
			}
		}
	}
	return out
}

func columnIndex(cols []schemas.Column, code string) int {
	for i, c := range cols {
		if c.Code == code {
			return i
		}
	}
	return -1
}

type solveStatus int

const (
	solveOK solveStatus = iota
	solveUnsat
	solveLimit
)

// tableSolver searches choices of one split per glued row that satisfy the column constraints.
type tableSolver struct {
	vars  []*gluedRow
	cons  []colConstraint
	nodes int
	// byVar lists the constraints each variable takes part in.
	byVar [][]int
	// vals caches the value of each candidate's cells: vals[v][cand][col].
	vals [][][]float64
	// lo, hi: the least and greatest value of each variable's column over its domain (bounds).
	lo, hi [][]float64
	// budget bounds the nodes of this solver's searches (solveNodesMax when 0).
	budget int
}

func (ts *tableSolver) prepare() {
	if ts.vals != nil {
		return
	}
	ts.byVar = make([][]int, len(ts.vars))
	for ci, c := range ts.cons {
		for _, t := range c.terms {
			if !containsInt(ts.byVar[t.v], ci) {
				ts.byVar[t.v] = append(ts.byVar[t.v], ci)
			}
		}
	}
	ts.vals = make([][][]float64, len(ts.vars))
	for v, g := range ts.vars {
		ts.vals[v] = make([][]float64, len(g.cands))
		for k, cand := range g.cands {
			row := make([]float64, len(cand))
			for i, p := range cand {
				row[i], _ = partValue(p, g.cols[i].Kind)
			}
			ts.vals[v][k] = row
		}
	}
}

func (ts *tableSolver) limit() int {
	if ts.budget > 0 {
		return ts.budget
	}
	return solveNodesMax
}

func containsInt(xs []int, x int) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

// supported returns, for each variable, which of its candidates (indexes into doms[v]) belong to
// at least one choice satisfying every constraint. A variable in no constraint keeps its whole
// domain. The status says whether any choice exists, or the bound stopped the search (then
// every candidate is kept: nothing may be excluded without proof).
func (ts *tableSolver) supported(doms [][]int) ([][]int, solveStatus) {
	ts.prepare()
	keep := make([][]int, len(doms))
	if len(ts.cons) == 0 {
		copy(keep, doms)
		return keep, solveOK
	}
	found := make([]map[int]bool, len(doms))
	for v := range found {
		found[v] = map[int]bool{}
	}
	assign := make([]int, len(doms))
	mark := func() {
		for v := range assign {
			found[v][assign[v]] = true
		}
	}
	if !ts.search(doms, assign) {
		if ts.nodes > ts.limit() {
			return doms, solveLimit
		}
		return nil, solveUnsat
	}
	mark()
	for v := range doms {
		if len(ts.byVar[v]) == 0 {
			continue
		}
		for _, c := range doms[v] {
			if found[v][c] {
				continue
			}
			restricted := append([][]int{}, doms...)
			restricted[v] = []int{c}
			if ts.search(restricted, assign) {
				mark()
			} else if ts.nodes > ts.limit() {
				return doms, solveLimit
			}
		}
	}
	for v := range doms {
		if len(ts.byVar[v]) == 0 {
			keep[v] = doms[v]
			continue
		}
		for _, c := range doms[v] {
			if found[v][c] {
				keep[v] = append(keep[v], c)
			}
		}
	}
	return keep, solveOK
}

// search finds one choice satisfying every constraint (into assign), trying the variables with
// the fewest candidates first and cutting a branch as soon as a constraint's possible sums
// exclude 0.
func (ts *tableSolver) search(doms [][]int, assign []int) bool {
	order := make([]int, 0, len(doms))
	for v := range doms {
		if len(ts.byVar[v]) > 0 {
			order = append(order, v)
		} else if len(doms[v]) > 0 {
			assign[v] = doms[v][0] // free: any candidate
		}
	}
	sort.SliceStable(order, func(a, b int) bool { return len(doms[order[a]]) < len(doms[order[b]]) })
	ts.bounds(doms)
	set := make([]bool, len(doms))
	var rec func(d int) bool
	rec = func(d int) bool {
		ts.nodes++
		if ts.nodes > ts.limit() {
			return false
		}
		if d == len(order) {
			return true
		}
		v := order[d]
		for _, c := range doms[v] {
			assign[v] = c
			set[v] = true
			if ts.feasible(v, assign, set) && rec(d+1) {
				return true
			}
		}
		set[v] = false
		return false
	}
	return rec(0)
}

// bounds computes, for the domains of one search, the least and greatest value each variable's
// candidates give each column.
func (ts *tableSolver) bounds(doms [][]int) {
	ts.lo = make([][]float64, len(doms))
	ts.hi = make([][]float64, len(doms))
	for v, d := range doms {
		n := len(ts.vars[v].cols)
		ts.lo[v], ts.hi[v] = make([]float64, n), make([]float64, n)
		for col := 0; col < n; col++ {
			mn, mx := math.Inf(1), math.Inf(-1)
			for _, k := range d {
				x := ts.vals[v][k][col]
				mn, mx = math.Min(mn, x), math.Max(mx, x)
			}
			ts.lo[v][col], ts.hi[v][col] = mn, mx
		}
	}
}

// feasible: every constraint of variable v can still sum to 0, given the variables set so far
// and the least and greatest values the others' candidates allow.
func (ts *tableSolver) feasible(v int, assign []int, set []bool) bool {
	for _, ci := range ts.byVar[v] {
		c := ts.cons[ci]
		lo, hi := c.konst, c.konst
		for _, t := range c.terms {
			if set[t.v] {
				x := t.sign * ts.vals[t.v][assign[t.v]][t.col]
				lo += x
				hi += x
				continue
			}
			a, b := t.sign*ts.lo[t.v][t.col], t.sign*ts.hi[t.v][t.col]
			lo += math.Min(a, b)
			hi += math.Max(a, b)
		}
		if lo > 1e-6 || hi < -1e-6 {
			return false
		}
	}
	return true
}

// relax finds the largest sets of the identities (by rule) that some choice satisfies; when one
// set is the only one of its size, the rows are decided under it. Otherwise no column identity
// is used. It returns the candidates kept, the constraints used and the rules dropped.
func (ts *tableSolver) relax(doms [][]int) ([][]int, []colConstraint, []string) {
	var rules []string
	for _, c := range ts.cons {
		if !containsString(rules, c.rule) {
			rules = append(rules, c.rule)
		}
	}
	for size := len(rules) - 1; size >= 1 && len(rules) <= 6; size-- {
		var hitCons [][]colConstraint
		var hitDropped [][]string
		for _, subset := range combinations(len(rules), size) {
			in := map[string]bool{}
			for _, i := range subset {
				in[rules[i]] = true
			}
			var cons []colConstraint
			var dropped []string
			for _, c := range ts.cons {
				if in[c.rule] {
					cons = append(cons, c)
				}
			}
			for _, r := range rules {
				if !in[r] {
					dropped = append(dropped, r)
				}
			}
			sub := &tableSolver{vars: ts.vars, cons: cons}
			if _, st := sub.supported(doms); st == solveOK {
				hitCons = append(hitCons, cons)
				hitDropped = append(hitDropped, dropped)
			}
		}
		if len(hitCons) == 1 {
			sub := &tableSolver{vars: ts.vars, cons: hitCons[0]}
			keep, _ := sub.supported(doms)
			return keep, hitCons[0], hitDropped[0]
		}
		if len(hitCons) > 1 {
			break
		}
	}
	return doms, nil, rules
}

func containsString(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

// combinations lists the k-subsets of 0..n-1.
func combinations(n, k int) [][]int {
	var out [][]int
	var rec func(start int, cur []int)
	rec = func(start int, cur []int) {
		if len(cur) == k {
			out = append(out, append([]int{}, cur...))
			return
		}
		for i := start; i < n; i++ {
			rec(i+1, append(cur, i))
		}
	}
	rec(0, nil)
	return out
}

// narrowByProse keeps, in each row with several splits left, those that agree with every figure
// the prose states for the row's cells, when some do. ok is false when nothing changed.
func narrowByProse(vars []*gluedRow, keep [][]int, stated map[string]float64) ([][]int, bool) {
	if len(stated) == 0 {
		return nil, false
	}
	out := make([][]int, len(keep))
	changed := false
	for v, g := range vars {
		out[v] = keep[v]
		if len(keep[v]) < 2 {
			continue
		}
		var agree []int
		for _, c := range keep[v] {
			ok, any := true, false
			for i, col := range g.cols {
				want, has := stated[g.sec.Code+"|"+g.row+"|"+col.Code]
				if !has {
					continue
				}
				any = true
				if x, _ := partValue(g.cands[c][i], col.Kind); math.Abs(x-want) > 1e-6 {
					ok = false
				}
			}
			if any && ok {
				agree = append(agree, c)
			}
		}
		if len(agree) > 0 && len(agree) < len(keep[v]) {
			out[v] = agree
			changed = true
		}
	}
	return out, changed
}

// fillGlued writes a row's cells from the splits left: a cell all of them agree on gets its value
// (flag split_by_identity); the others are NULL (ambiguous_split) and one issue lists the splits.
func (m *matcher) fillGlued(g *gluedRow, keep []int) {
	if len(keep) == 0 {
		return // cannot happen for a variable of a satisfiable table; the cells stay split_failed
	}
	differ := 0
	for i, col := range g.cols {
		cell := &m.cells[g.first+i]
		first := g.cands[keep[0]][i]
		same := true
		for _, k := range keep[1:] {
			if g.cands[k][i] != first {
				same = false
				break
			}
		}
		if !same {
			cell.Flags = append(cell.Flags, FlagAmbiguousSplit)
			differ++
			continue
		}
		// The part reads as any cell does (a null mark between runs, +1, 13,242), its flags kept.
		pv := parseValue(first, col.Kind)
		cell.Raw, cell.Value = first, pv.Value
		cell.Flags = append(cell.Flags, pv.Flags...)
		if g.cut() {
			cell.Flags = append(cell.Flags, FlagSplitByIdentity)
		}
	}
	if differ == 0 {
		return
	}
	var shown []string
	for _, k := range keep {
		if len(shown) == ambiguousShown {
			shown = append(shown, fmt.Sprintf("… (%d in all)", len(keep)))
			break
		}
		shown = append(shown, strings.Join(g.cands[k], " "))
	}
	m.issue(Issue{Rule: RuleSplitAmbiguous, Severity: SeverityWarning, Section: g.sec.Code, Row: g.row,
		Message: fmt.Sprintf("the run %q splits %d ways into the row's %d cells under the form's constraints; the %d cells they disagree on are NULL",
			g.raw(), len(keep), len(g.cols), differ),
		Expected: "one split", Actual: strings.Join(shown, " / ")})
}

// markUnsplit flags the placeholder cells of rows that got no split (no candidate, or the
// search bound): NULL with split_failed.
func (m *matcher) markUnsplit() {
	for _, g := range m.glued {
		if len(g.cands) > 0 && !g.limit {
			continue
		}
		flag := FlagSplitFailed
		if g.limit {
			flag = FlagAmbiguousSplit
		}
		for i := range g.cols {
			c := &m.cells[g.first+i]
			c.Flags = append(c.Flags, flag)
		}
	}
}
