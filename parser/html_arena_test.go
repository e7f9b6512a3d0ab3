package parser

import (
	"bytes"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"testing"
	"unsafe"

	"golang.org/x/net/html"
)

// TestArenaReleaseClearsNodes: a reset arena holds no node that points into the page it
// was used for (which it would keep alive), and hands the same memory out again.
func TestArenaReleaseClearsNodes(t *testing.T) {
	a := new(nodeArena)
	var first *html.Node
	for i := range 3*arenaSlab + 7 {
		n := a.node(html.TextNode, 0, "页面文字")
		if i == 0 {
			first = n
		}
	}
	a.reset()
	for i, s := range a.slabs {
		for j := range s {
			if n := &s[j]; n.Type != 0 || n.Data != "" || n.Parent != nil || n.FirstChild != nil || n.NextSibling != nil || n.Attr != nil {
				t.Fatalf("slab %d node %d not cleared: %+v", i, j, s[j])
			}
		}
	}
	if n := a.node(html.ElementNode, 0, "td"); n != first || n.Data != "td" {
		t.Errorf("the first node after reset is %p %q, want the arena's first %p", n, n.Data, first)
	}
}

// TestParseWithReusedBuffers: the node arenas and token slices kept between pages change no
// result. Every page parsed once alone gives the same JSON as when parsed again after other
// pages, in reverse order, on four goroutines at once (with -race, also that no buffer is
// shared).
func TestParseWithReusedBuffers(t *testing.T) {
	paths, err := filepath.Glob("testdata/html/*.html")
	if err != nil || len(paths) == 0 {
		t.Fatalf("fixtures: %v (%d)", err, len(paths))
	}
	pages := madeGBKPages(t, 24<<10)
	for _, p := range paths {
		raw, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		pages = append(pages, raw)
	}
	parse := func(page []byte) []byte {
		res, err := Parse(page, Source{Name: "made.html"})
		if err != nil {
			t.Error(err)
			return nil
		}
		b, _ := res.AppendJSON(nil)
		return b
	}
	want := make([][]byte, len(pages))
	for i, p := range pages {
		want[i] = parse(p)
	}
	var wg sync.WaitGroup
	for g := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for round := range 3 {
				for k := range pages {
					i := (len(pages) - 1 - k + g + round) % len(pages)
					if got := parse(pages[i]); !bytes.Equal(got, want[i]) {
						t.Errorf("page %d, goroutine %d, round %d: result differs from the page parsed alone", i, g, round)
						return
					}
				}
			}
		}()
	}
	wg.Wait()
}

// TestLabelCacheBounds: a label cache kept between pages copies what it keeps (no key or result
// shares the page's memory) and is emptied when a page filled it past its bounds.
func TestLabelCacheBounds(t *testing.T) {
	page := []byte("（一）本年新收政府信息公开申请数量 其他")
	ns := newLabelNorms()
	label := string(page[:len(page)-7])
	n := ns.get(label)
	for k := range ns.m {
		if unsafe.StringData(k) == unsafe.StringData(label) {
			t.Error("the cached key is the page's own string")
		}
	}
	if n.norm == "" || unsafe.StringData(n.rest) == unsafe.StringData(label) {
		t.Errorf("normalized %+v: empty or the page's own bytes", n)
	}
	for i := range maxCachedLabels + 1 {
		ns.get(strconv.Itoa(i) + "项")
	}
	recycleNorms(ns)
	if len(ns.m) != 0 || ns.bytes != 0 {
		t.Errorf("after a page of %d labels the cache keeps %d (%d bytes)", maxCachedLabels+1, len(ns.m), ns.bytes)
	}
}
