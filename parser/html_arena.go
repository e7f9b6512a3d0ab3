package parser

import (
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// nodeArena hands out the nodes of quick trees (html_tree.go) from slabs kept from one page to
// the next (in htmlScratch). A page's tree lives only while its tokens are read (htmlTokens),
// and allocating its nodes afresh was over a quarter of the bytes a parse allocated: garbage to
// collect, and fresh memory for the kernel to fault in, page after page.
type nodeArena struct {
	slabs [][]html.Node // slabs[:cur] full, slabs[cur][:n] in use
	cur   int
	n     int
}

const (
	arenaSlab = 256 // nodes per slab (26 KB)
	// arenaKept bounds what an arena keeps after a page: 64 slabs, 16 384 nodes, 1.7 MB (a
	// report page has one to three thousand). A bigger page's extra slabs go to the collector.
	arenaKept = 64
)

func (a *nodeArena) node(t html.NodeType, at atom.Atom, data string) *html.Node {
	if a.cur == len(a.slabs) {
		a.slabs = append(a.slabs, make([]html.Node, arenaSlab))
	}
	n := &a.slabs[a.cur][a.n]
	*n = html.Node{Type: t, DataAtom: at, Data: data}
	if a.n++; a.n == arenaSlab {
		a.cur, a.n = a.cur+1, 0
	}
	return n
}

// reset clears the nodes handed out, so that no page is kept alive through its old tree, and
// makes the slabs ready for the next tree. No node handed out before may be used afterwards.
func (a *nodeArena) reset() {
	for i := 0; i < a.cur; i++ {
		clear(a.slabs[i])
	}
	if a.cur < len(a.slabs) {
		clear(a.slabs[a.cur][:a.n])
	}
	if len(a.slabs) > arenaKept {
		clear(a.slabs[arenaKept:])
		a.slabs = a.slabs[:arenaKept]
	}
	a.cur, a.n = 0, 0
}
