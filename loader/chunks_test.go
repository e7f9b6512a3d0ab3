package loader

import (
	"fmt"
	"testing"

	"github.com/govreports/govreports/parser"
)

func TestChunks(t *testing.T) {
	mk := func(cells ...int) []*parser.Result {
		var out []*parser.Result
		for _, n := range cells {
			if n < 0 {
				out = append(out, nil)
				continue
			}
			out = append(out, &parser.Result{Cells: make([]parser.Cell, n)})
		}
		return out
	}
	sizes := func(groups [][]*parser.Result) string {
		s := ""
		for _, g := range groups {
			s += fmt.Sprint(len(g), " ")
		}
		return s
	}
	for _, c := range []struct {
		cells []int
		batch int
		want  string
	}{
		{nil, 10, ""},
		{[]int{3, 3, 3}, 10, "3 "},
		{[]int{3, 3, 3, 3}, 10, "3 1 "},
		{[]int{30, 3}, 10, "1 1 "}, // a report bigger than a batch goes alone
		{[]int{5, -1, 5, 1}, 10, "3 1 "},
		{[]int{10, 10}, 10, "1 1 "},
	} {
		if got := sizes(chunks(mk(c.cells...), c.batch)); got != c.want {
			t.Errorf("chunks(%v, %d) = %q, want %q", c.cells, c.batch, got, c.want)
		}
	}
}
