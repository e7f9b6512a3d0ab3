package parser

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// ErrHTMLDegraded is returned (wrapped), together with usable tokens, when the page could not be
// parsed into a tree (x/net/html refuses nesting deeper than 512 elements) and was read flat by
// the tokenizer instead: cells are in order, but rowspans are not resolved and headers are empty.
var ErrHTMLDegraded = errors.New("parser: html read without its table grid")

// htmlTokens reads a decoded HTML page: its title, the prose outside tables and every table cell
// in reading order.
//
// Data tables are the innermost tables: a <table> that contains another table is page layout
// and is read like any other block, so the prose between nested data tables keeps its place.
// Each physical cell of a data table is one token, positioned by its top-left slot in the grid
// with rowspan/colspan resolved (html_grid.go). Block elements outside tables become prose
// tokens (InTable=false), so the section headings between tables are seen. Offsets are -1: the
// caller locates tokens in the decoded text. The work is linear in the size of the page.
func htmlTokens(doc string) (title string, tokens []Token, err error) {
	return htmlTokensInto(doc, &htmlScratch{})
}

// htmlTokensInto is htmlTokens with the slices of sc, kept from an earlier page (scratchPool):
// the tokens are appended to sc.toks[:0].
func htmlTokensInto(doc string, sc *htmlScratch) (title string, tokens []Token, err error) {
	defer sc.nodes.reset()                // the tree is done with once its tokens are read
	root, ok := quickTree(doc, &sc.nodes) // well-formed pages, the most common, without html.Parse's cost
	if !ok {
		root, err = html.Parse(strings.NewReader(doc))
		if err != nil {
			// The tree parser gives up on very deep nesting; read the page flat rather than lose it.
			title, tokens = htmlTokensFlat(doc)
			return title, tokens, fmt.Errorf("%w: %v; read without the table grid (no rowspan, no headers)", ErrHTMLDegraded, err)
		}
	}
	title, tokens = walkTokens(root, sc)
	return title, tokens, nil
}

// treeTokens reads the title and the tokens of a document tree.
func treeTokens(root *html.Node) (title string, tokens []Token) {
	return walkTokens(root, &htmlScratch{})
}

// walkTokens is treeTokens with the slices of sc.
func walkTokens(root *html.Node, sc *htmlScratch) (title string, tokens []Token) {
	title = htmlTitle(root)
	w := htmlWalker{layout: layoutTables(root), toks: sc.toks[:0], grid: sc.grid[:0]}
	w.walk(root)
	w.flush()
	sc.grid = w.grid
	return title, w.toks
}

// htmlTitle is the <title>, or the first <h1> when the title is missing or empty.
func htmlTitle(root *html.Node) string {
	if t := foldCellText(firstText(root, "title")); t != "" {
		return t
	}
	return foldCellText(firstText(root, "h1"))
}

// firstText is goquery's Find(tag).First().Text() on the document root, without building the
// selection of every match: the text of the first element named tag below root in document
// order (in any namespace, as the selector matches), every text node under it joined.
// FuzzHTMLTitle holds it to goquery.
func firstText(root *html.Node, tag string) string {
	n := firstElement(root, tag)
	if n == nil {
		return ""
	}
	var b strings.Builder
	var add func(*html.Node)
	add = func(n *html.Node) {
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			add(c)
		}
	}
	add(n)
	return b.String()
}

func firstElement(n *html.Node, tag string) *html.Node {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.ElementNode && c.Data == tag {
			return c
		}
		if f := firstElement(c, tag); f != nil {
			return f
		}
	}
	return nil
}

// htmlWalker turns the document tree into tokens in document order.
type htmlWalker struct {
	toks   []Token
	prose  textBuilder
	layout map[*html.Node]bool // tables that contain tables
	tables int                 // data tables emitted so far
	grid   []gridCell          // the cells of the table being read (resolveGrid), reused
}

func (w *htmlWalker) walk(n *html.Node) {
	switch n.Type {
	case html.TextNode:
		w.prose.add(n.Data)
		return
	case html.DocumentNode:
	case html.ElementNode:
		if skippedElement(n.DataAtom) || n.DataAtom == atom.Head {
			return // <title> is read separately; the rest of <head> is not content
		}
		switch n.DataAtom {
		case atom.Br, atom.Hr:
			w.flush()
			return
		case atom.Table:
			if !w.layout[n] {
				w.flush()
				w.table(n)
				return
			}
		}
	default:
		return // comments, doctype
	}
	block := n.Type == html.ElementNode && blockElement(n.DataAtom)
	if block {
		w.flush()
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		w.walk(c)
	}
	if block {
		w.flush()
	}
}

// flush ends the current block of prose.
func (w *htmlWalker) flush() {
	if t := w.prose.take(); t != "" {
		w.toks = append(w.toks, Token{Text: t, Offset: -1, Table: -1})
	}
}

// table emits the caption and the cells of one data table.
func (w *htmlWalker) table(n *html.Node) {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.ElementNode && c.DataAtom == atom.Caption {
			if t := cellText(c); t != "" {
				w.toks = append(w.toks, Token{Text: t, Offset: -1, Table: -1})
			}
		}
	}
	cells := resolveGrid(n, w.grid[:0])
	w.grid = cells
	w.toks = slices.Grow(w.toks, len(cells)) // a table's cells at once
	if len(cells) == 0 {
		return
	}
	for _, c := range cells {
		w.toks = append(w.toks, Token{Text: c.text, Offset: -1, InTable: true, Table: w.tables,
			Row: c.row, Col: c.col, Header: c.header, Empty: c.text == ""})
	}
	w.tables++
}

// layoutTables finds, in one pass, the tables that contain other tables.
func layoutTables(root *html.Node) map[*html.Node]bool {
	layout := map[*html.Node]bool{}
	var visit func(n *html.Node) bool
	visit = func(n *html.Node) bool {
		has := false
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if visit(c) {
				has = true
			}
		}
		if n.Type == html.ElementNode && n.DataAtom == atom.Table {
			if has {
				layout[n] = true
			}
			return true
		}
		return has
	}
	visit(root)
	return layout
}

// htmlScratch is what reading an HTML page allocates only to throw away when Parse returns: the
// tree's nodes, the token slice and the table grid. scratchPool keeps them for later pages:
// allocating them afresh for every page was over a third of the bytes a parse allocated.
type htmlScratch struct {
	nodes nodeArena
	toks  []Token
	grid  []gridCell
}

var scratchPool = sync.Pool{New: func() any { return new(htmlScratch) }}

// Bounds of what is kept (a report page has about 500 tokens and tables of a few hundred
// cells): 80 bytes a token, 1.3 MB; 72 bytes a grid cell, 0.3 MB.
const (
	maxKeptTokens    = 1 << 14
	maxKeptGridCells = 1 << 12
)

// recycleScratch clears toks (the page's tokens) and the grid, whose texts point into a page,
// so that the page is not kept alive by them, and gives sc back to the pool. No token of toks
// may be used afterwards.
func recycleScratch(sc *htmlScratch, toks []Token) {
	clear(toks)
	clear(sc.grid[:cap(sc.grid)])
	sc.toks, sc.grid = toks[:0], sc.grid[:0]
	if cap(toks) > maxKeptTokens {
		sc.toks = nil
	}
	if cap(sc.grid) > maxKeptGridCells {
		sc.grid = nil
	}
	scratchPool.Put(sc)
}
