package pdf

import (
	"math"
	"slices"
)

// Tolerances in points. Borders drawn by Word, WPS and LibreOffice meet within a point; text
// sits at least a couple of points inside its cell.
const (
	snapTol  = 2.0 // two rules this close on the cross axis are one
	touchTol = 3.0 // a rule reaching this close to another one meets it
)

// mergeRules joins collinear rules that overlap or touch: one border drawn cell by cell becomes
// one line. Horizontal and vertical rules are returned apart.
func mergeRules(rules []Rule) (hs, vs []Rule) {
	for _, r := range rules {
		if r.Horizontal() {
			hs = append(hs, r)
		} else {
			// Vertical rules are stored transposed (x↔y) so one merge serves both.
			vs = append(vs, Rule{X1: r.Y1, Y1: r.X1, X2: r.Y2, Y2: r.X2})
		}
	}
	hs = mergeHorizontal(hs)
	vs = mergeHorizontal(vs)
	for i, r := range vs {
		vs[i] = Rule{X1: r.Y1, Y1: r.X1, X2: r.Y2, Y2: r.X2}
	}
	return hs, vs
}

func mergeHorizontal(rs []Rule) []Rule {
	slices.SortFunc(rs, func(a, b Rule) int {
		if math.Abs(a.Y1-b.Y1) > snapTol {
			return cmpF(a.Y1, b.Y1)
		}
		return cmpF(a.X1, b.X1)
	})
	var out []Rule
	for _, r := range rs {
		if n := len(out); n > 0 {
			last := &out[n-1]
			if math.Abs(last.Y1-r.Y1) <= snapTol && r.X1 <= last.X2+touchTol {
				last.X2 = math.Max(last.X2, r.X2)
				continue
			}
		}
		out = append(out, Rule{X1: r.X1, Y1: r.Y1, X2: r.X2, Y2: r.Y1})
	}
	return out
}

func cmpF(a, b float64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// ruledTable is the frame of one ruled table on a page.
type ruledTable struct {
	hs, vs []Rule
	// xs (left to right) and ys (top to bottom, so decreasing) are the grid lines.
	xs, ys                   []float64
	left, right, top, bottom float64
}

// findTables groups rules that meet into tables: a table has at least two horizontal and two
// vertical rules. A lone underline or a page frame of four rules around nothing is no table
// (the caller drops tables that hold no text).
func findTables(hs, vs []Rule) []*ruledTable {
	n := len(hs) + len(vs)
	uf := newUnionFind(n)
	for i, h := range hs {
		for j, v := range vs {
			if v.X1 >= h.X1-touchTol && v.X1 <= h.X2+touchTol && h.Y1 >= v.Y1-touchTol && h.Y1 <= v.Y2+touchTol {
				uf.union(i, len(hs)+j)
			}
		}
	}
	groups := map[int]*ruledTable{}
	var order []int
	for i := 0; i < n; i++ {
		root := uf.find(i)
		t, ok := groups[root]
		if !ok {
			t = &ruledTable{}
			groups[root] = t
			order = append(order, root)
		}
		if i < len(hs) {
			t.hs = append(t.hs, hs[i])
		} else {
			t.vs = append(t.vs, vs[i-len(hs)])
		}
	}
	var out []*ruledTable
	for _, root := range order {
		t := groups[root]
		if len(t.hs) < 2 || len(t.vs) < 2 {
			continue
		}
		t.frame()
		if len(t.xs) >= 2 && len(t.ys) >= 2 {
			out = append(out, t)
		}
	}
	return out
}

// frame computes the grid lines and the box. The ends of the horizontal rules count as
// vertical lines too (and the other way round): a table drawn without its outer border still
// ends where its rules end.
func (t *ruledTable) frame() {
	var xs, ys []float64
	t.left, t.right = math.Inf(1), math.Inf(-1)
	t.bottom, t.top = math.Inf(1), math.Inf(-1)
	for _, h := range t.hs {
		ys = append(ys, h.Y1)
		t.left, t.right = math.Min(t.left, h.X1), math.Max(t.right, h.X2)
	}
	for _, v := range t.vs {
		xs = append(xs, v.X1)
		t.bottom, t.top = math.Min(t.bottom, v.Y1), math.Max(t.top, v.Y2)
	}
	xs = append(xs, t.left, t.right)
	ys = append(ys, t.bottom, t.top)
	t.xs = cluster(xs)
	t.ys = cluster(ys)
	slices.Reverse(t.ys)
	t.left, t.right = t.xs[0], t.xs[len(t.xs)-1]
	t.top, t.bottom = t.ys[0], t.ys[len(t.ys)-1]
}

// cluster sorts values and folds those within snapTol of the previous into one (their mean).
func cluster(v []float64) []float64 {
	slices.Sort(v)
	var out []float64
	cnt := 0
	for _, x := range v {
		if n := len(out); n > 0 && x-out[n-1] <= snapTol {
			out[n-1] = (out[n-1]*float64(cnt) + x) / float64(cnt+1)
			cnt++
			continue
		}
		out = append(out, x)
		cnt = 1
	}
	return out
}

// hasV tells whether a vertical rule at x covers height y.
func (t *ruledTable) hasV(x, y float64) bool {
	for _, v := range t.vs {
		if math.Abs(v.X1-x) <= snapTol && y >= v.Y1-snapTol && y <= v.Y2+snapTol {
			return true
		}
	}
	return false
}

// hasH tells whether a horizontal rule at y covers x.
func (t *ruledTable) hasH(y, x float64) bool {
	for _, h := range t.hs {
		if math.Abs(h.Y1-y) <= snapTol && x >= h.X1-snapTol && x <= h.X2+snapTol {
			return true
		}
	}
	return false
}

// contains tells whether a point is inside the table's box.
func (t *ruledTable) contains(x, y float64) bool {
	return x >= t.left && x <= t.right && y <= t.top && y >= t.bottom
}

// slot is the grid slot of a point inside the box.
func (t *ruledTable) slot(x, y float64) (row, col int) {
	col = max(0, min(len(t.xs)-2, sortSearch(len(t.xs), func(i int) bool { return t.xs[i] > x })-1))
	row = max(0, min(len(t.ys)-2, sortSearch(len(t.ys), func(i int) bool { return t.ys[i] < y })-1))
	return row, col
}

func sortSearch(n int, f func(int) bool) int {
	lo, hi := 0, n
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if !f(m) {
			lo = m + 1
		} else {
			hi = m
		}
	}
	return lo
}

// cells merges grid slots not separated by a rule into cells. It returns, for each slot, the
// index of its cell, and each cell's slot rectangle.
func (t *ruledTable) cells() (slotCell [][]int, rects [][4]int) {
	rows, cols := len(t.ys)-1, len(t.xs)-1
	uf := newUnionFind(rows * cols)
	for r := 0; r < rows; r++ {
		ym := (t.ys[r] + t.ys[r+1]) / 2
		for c := 0; c < cols; c++ {
			xm := (t.xs[c] + t.xs[c+1]) / 2
			if c+1 < cols && !t.hasV(t.xs[c+1], ym) {
				uf.union(r*cols+c, r*cols+c+1)
			}
			if r+1 < rows && !t.hasH(t.ys[r+1], xm) {
				uf.union(r*cols+c, (r+1)*cols+c)
			}
		}
	}
	slotCell = make([][]int, rows)
	index := map[int]int{}
	for r := 0; r < rows; r++ {
		slotCell[r] = make([]int, cols)
		for c := 0; c < cols; c++ {
			root := uf.find(r*cols + c)
			i, ok := index[root]
			if !ok {
				i = len(rects)
				index[root] = i
				rects = append(rects, [4]int{r, c, r, c})
			}
			rc := &rects[i]
			rc[0], rc[1] = min(rc[0], r), min(rc[1], c)
			rc[2], rc[3] = max(rc[2], r), max(rc[3], c)
			slotCell[r][c] = i
		}
	}
	return slotCell, rects
}
