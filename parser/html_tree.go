package parser

import (
	"io"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// quickTree builds the document tree of a well-formed page straight from the tokenizer, the
// way html.Parse would build it, for about a third of the cost: no Token() per token (tag names
// are read from the raw bytes, attributes only for the rowspan/colspan of cells), nodes taken
// from slabs, and none of the HTML5 tree builder's repair machinery.
//
// It gives up (ok false) at the first construct whose tree html.Parse would build otherwise
// than by plain nesting: an end tag that does not close the current element, a block start
// tag that would close an open <p>, a list item inside an open one, content in a table outside
// its cells (foster parenting), raw-text and foreign elements it does not model (textarea,
// noscript, svg, …), a NUL byte, or nesting near x/net/html's limit. The caller then runs
// html.Parse. What it does model: the implied <html>, <head>, <body> and table <tbody>, head
// elements after </head>, white space dropped where html.Parse puts it outside what the reader
// looks at (before and after <body>), and elements left open at the end.
//
// Only what htmlTokens reads is kept: element names, rowspan/colspan of cells, and text. That
// the two trees read the same is checked on every fixture and by FuzzQuickTree.
func quickTree(doc string, arena *nodeArena) (root *html.Node, ok bool) {
	if strings.IndexByte(doc, 0) >= 0 {
		return nil, false // NUL is dropped or replaced depending on the insertion mode
	}
	// The page's own scanner first (html_scan.go); what it does not read, the x/net tokenizer
	// reads. A page the builder refuses goes to html.Parse either way.
	root, built, scanned := scanTree(doc, arena)
	if scanned {
		return root, built
	}
	z := html.NewTokenizer(strings.NewReader(doc))
	b := treeBuilder{spans: tokenizerSpans{z}, arena: arena}
	b.doc = b.node(html.DocumentNode, 0, "")
	for {
		tt := z.Next()
		var ok bool
		switch tt {
		case html.ErrorToken:
			if z.Err() != io.EOF {
				return nil, false
			}
			return b.finish(), true
		case html.TextToken:
			ok = b.text(string(z.Text()))
		case html.StartTagToken, html.SelfClosingTagToken:
			a, name := b.tagName(z.Raw(), false)
			ok = b.start(a, name)
		case html.EndTagToken:
			a, name := b.tagName(z.Raw(), true)
			ok = b.end(a, name)
		case html.CommentToken, html.DoctypeToken:
			ok = true // not read by htmlTokens
		}
		if !ok || len(b.stack) > maxQuickDepth {
			return nil, false
		}
	}
}

// finish ends the document (a page without a body gets an empty one, as html.Parse gives it).
func (b *treeBuilder) finish() *html.Node {
	if b.body == nil {
		b.ensureBody()
	}
	return b.doc
}

// spanSource reads the rowspan and colspan attributes of the cell tag just read, in the order
// the tag gives them (the first of each name only, as the tokenizer keeps them).
type spanSource interface {
	cellSpans() []html.Attribute
}

// tokenizerSpans reads them from the x/net tokenizer.
type tokenizerSpans struct{ z *html.Tokenizer }

func (t tokenizerSpans) cellSpans() []html.Attribute {
	// An attribute named rowspan or colspan spells "span" in the tag; most cells have none.
	if !containsFoldASCII(t.z.Raw(), "span") {
		return nil
	}
	var attrs []html.Attribute
	for more := true; more; {
		var k, v []byte
		k, v, more = t.z.TagAttr()
		if k == nil {
			break
		}
		if ks := string(k); ks == "rowspan" || ks == "colspan" {
			attrs = append(attrs, html.Attribute{Key: ks, Val: string(v)})
		}
	}
	return attrs
}

// maxQuickDepth stays below x/net/html's limit of 512 open elements, so that html.Parse, not
// quickTree, decides what a deep page is.
const maxQuickDepth = 480

type treeBuilder struct {
	spans                 spanSource
	doc, html, head, body *html.Node
	stack                 []*html.Node // open elements from <html> up, as html.Parse keeps them
	headOpen              bool         // in <head> (explicit or implied) before its end
	afterBody             bool         // after </body> or </html>
	arena                 *nodeArena   // where the nodes come from
	name                  [16]byte     // tagName's buffer
}

func (b *treeBuilder) node(t html.NodeType, a atom.Atom, data string) *html.Node {
	return b.arena.node(t, a, data)
}

func (b *treeBuilder) top() *html.Node { return b.stack[len(b.stack)-1] }

// appendTo adds n as the last child of parent.
func appendTo(parent, n *html.Node) {
	n.Parent = parent
	if last := parent.LastChild; last != nil {
		last.NextSibling = n
		n.PrevSibling = last
	} else {
		parent.FirstChild = n
	}
	parent.LastChild = n
}

func (b *treeBuilder) ensureHTML() {
	if b.html == nil {
		b.html = b.node(html.ElementNode, atom.Html, "html")
		appendTo(b.doc, b.html)
		b.stack = append(b.stack[:0], b.html)
	}
}

func (b *treeBuilder) ensureHead() {
	b.ensureHTML()
	if b.head == nil {
		b.head = b.node(html.ElementNode, atom.Head, "head")
		appendTo(b.html, b.head)
		b.stack = append(b.stack, b.head)
		b.headOpen = true
	}
}

// ensureBody closes the head (creating an empty one if the page has none) and opens the body.
func (b *treeBuilder) ensureBody() {
	b.ensureHead()
	if b.headOpen {
		b.stack = b.stack[:len(b.stack)-1]
		b.headOpen = false
	}
	b.body = b.node(html.ElementNode, atom.Body, "body")
	appendTo(b.html, b.body)
	b.stack = append(b.stack, b.body)
}

// isHTMLSpace: the white space of the HTML standard (not NBSP, not U+3000).
func isHTMLSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' }

func trimHTMLSpaceLeft(s string) string {
	for len(s) > 0 && isHTMLSpace(s[0]) {
		s = s[1:]
	}
	return s
}

func (b *treeBuilder) addText(s string) {
	appendTo(b.top(), b.node(html.TextNode, 0, s))
}

func (b *treeBuilder) text(s string) bool {
	switch {
	case b.afterBody:
		return len(trimHTMLSpaceLeft(s)) == 0
	case b.body == nil:
		if len(b.stack) > 0 && rawTextElement(b.top().DataAtom) {
			b.addText(s) // <title>, <script>, <style> of the head
			return true
		}
		if s = trimHTMLSpaceLeft(s); len(s) == 0 {
			return true // white space before the body is not read
		}
		b.ensureBody()
		b.addText(s)
		return true
	}
	switch b.top().DataAtom {
	case atom.Table, atom.Tbody, atom.Thead, atom.Tfoot, atom.Tr, atom.Colgroup:
		// White space between rows stays there (the text of an <h1> holding the table reads
		// it); anything else is moved before the table by html.Parse.
		if len(trimHTMLSpaceLeft(s)) != 0 {
			return false
		}
	}
	b.addText(s)
	return true
}

// tagName reads the lower-cased name of the current tag from its raw bytes, as the tokenizer
// delimits it (up to white space, / or >), without the copy TagName makes. The name is returned
// only for an element without an atom (it is the node's Data then).
func (b *treeBuilder) tagName(raw []byte, end bool) (atom.Atom, string) {
	i := 1
	if end {
		i = 2
	}
	n := b.name[:0]
	for ; i < len(raw); i++ {
		c := raw[i]
		if isHTMLSpace(c) || c == '/' || c == '>' {
			break
		}
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		n = append(n, c)
	}
	if a := atom.Lookup(n); a != 0 {
		return a, ""
	}
	return 0, string(n)
}

func (b *treeBuilder) element(a atom.Atom, name string) *html.Node {
	data := a.String()
	if a == 0 {
		data = name
	}
	return b.node(html.ElementNode, a, data)
}

func (b *treeBuilder) push(n *html.Node) {
	appendTo(b.top(), n)
	b.stack = append(b.stack, n)
}

func (b *treeBuilder) start(a atom.Atom, name string) bool {
	if b.afterBody {
		return false
	}
	if b.body == nil {
		switch a {
		case atom.Html:
			if b.html != nil {
				return false
			}
			b.ensureHTML()
			return true
		case atom.Head:
			if b.head != nil {
				return false
			}
			b.ensureHead()
			return true
		case atom.Body:
			b.ensureBody()
			return true
		case atom.Title, atom.Script, atom.Style, atom.Meta, atom.Link, atom.Base:
			// Head elements, also after </head>: html.Parse puts them in the head.
			b.ensureHead()
			n := b.element(a, name)
			appendTo(b.head, n)
			if rawTextElement(a) {
				b.stack = append(b.stack, n)
			}
			return true
		case atom.Noscript, atom.Template, atom.Frameset, atom.Noframes, atom.Basefont, atom.Bgsound:
			return false
		}
		if len(b.stack) > 0 && rawTextElement(b.top().DataAtom) {
			return false // cannot happen: the tokenizer reads raw text up to its end tag
		}
		b.ensureBody()
	}
	cur := b.top()
	switch cur.DataAtom {
	case atom.Table:
		switch a {
		case atom.Caption, atom.Colgroup, atom.Tbody, atom.Thead, atom.Tfoot:
			b.push(b.element(a, name))
		case atom.Tr:
			b.push(b.node(html.ElementNode, atom.Tbody, "tbody")) // the implied row group
			b.push(b.element(a, name))
		case atom.Script, atom.Style:
			b.push(b.element(a, name))
		default:
			return false
		}
		return true
	case atom.Tbody, atom.Thead, atom.Tfoot:
		switch a {
		case atom.Tr, atom.Script, atom.Style:
			b.push(b.element(a, name))
			return true
		}
		return false
	case atom.Tr:
		switch a {
		case atom.Td, atom.Th:
			b.push(b.cell(a, name))
			return true
		case atom.Script, atom.Style:
			b.push(b.element(a, name))
			return true
		}
		return false
	case atom.Colgroup:
		if a == atom.Col {
			appendTo(cur, b.element(a, name))
			return true
		}
		return false
	case atom.Script, atom.Style:
		return false // cannot happen: raw text
	}
	return b.startInBody(a, name)
}

// startInBody is a start tag in the body or a cell, under the rules of html.Parse's "in body"
// insertion mode where they amount to plain nesting.
func (b *treeBuilder) startInBody(a atom.Atom, name string) bool {
	switch a {
	case atom.Html, atom.Head, atom.Body, atom.Frameset, atom.Frame, atom.Title, atom.Noscript, atom.Template,
		atom.Textarea, atom.Xmp, atom.Iframe, atom.Noembed, atom.Noframes, atom.Plaintext, atom.Pre, atom.Listing,
		atom.Select, atom.Option, atom.Optgroup, atom.Math, atom.Svg, atom.Image, atom.Isindex, atom.Col,
		atom.Caption, atom.Colgroup, atom.Tbody, atom.Thead, atom.Tfoot, atom.Tr, atom.Td, atom.Th,
		atom.Applet, atom.Marquee, atom.Object, atom.Rb, atom.Rp, atom.Rt, atom.Rtc, atom.Basefont, atom.Bgsound:
		return false
	case atom.A, atom.Nobr, atom.Button, atom.Form:
		// A second one while the first is open is closed or dropped by html.Parse.
		if b.open(a) {
			return false
		}
	case atom.Li, atom.Dd, atom.Dt:
		if b.openListItem(a) {
			return false
		}
	case atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6:
		if heading(b.top().DataAtom) {
			return false
		}
	}
	if closesP(a) && b.pInButtonScope() {
		return false
	}
	n := b.element(a, name)
	if voidElement(a) {
		appendTo(b.top(), n)
		return true
	}
	b.push(n)
	return true
}

// cell is a <td> or <th> with its rowspan and colspan, the only attributes htmlTokens reads.
func (b *treeBuilder) cell(a atom.Atom, name string) *html.Node {
	n := b.element(a, name)
	n.Attr = b.spans.cellSpans()
	return n
}

func (b *treeBuilder) end(a atom.Atom, name string) bool {
	if b.afterBody {
		return a == atom.Html
	}
	if b.body == nil {
		if len(b.stack) > 0 && b.top() != b.head && b.top() != b.html && b.top().DataAtom == a {
			b.stack = b.stack[:len(b.stack)-1] // </title>, </script>, </style> of the head
			return true
		}
		if a == atom.Head && b.headOpen && b.top() == b.head {
			b.stack = b.stack[:len(b.stack)-1]
			b.headOpen = false
			return true
		}
		return false
	}
	cur := b.top()
	switch {
	case a == atom.Body || a == atom.Html:
		if cur != b.body {
			return false
		}
		b.afterBody = true
		return true
	case a == atom.Table && (cur.DataAtom == atom.Tbody || cur.DataAtom == atom.Thead || cur.DataAtom == atom.Tfoot) &&
		cur.Parent != nil && cur.Parent.DataAtom == atom.Table:
		b.stack = b.stack[:len(b.stack)-2] // the row group left open (often the implied one) and the table
		return true
	case cur == b.body || cur.DataAtom != a || (a == 0 && cur.Data != name):
		return false
	}
	b.stack = b.stack[:len(b.stack)-1]
	return true
}

// open tells whether an element a is open.
func (b *treeBuilder) open(a atom.Atom) bool {
	for _, n := range b.stack {
		if n.DataAtom == a {
			return true
		}
	}
	return false
}

// openListItem: html.Parse closes an open <li> (or <dd>/<dt>) when a new one starts, looking
// down the stack past <address>, <div>, <p> and non-special elements.
func (b *treeBuilder) openListItem(a atom.Atom) bool {
	for i := len(b.stack) - 1; i >= 0; i-- {
		d := b.stack[i].DataAtom
		switch {
		case d == a || (a != atom.Li && (d == atom.Dd || d == atom.Dt)):
			return true
		case d == atom.Address || d == atom.Div || d == atom.P:
		case specialElement(d):
			return false
		}
	}
	return false
}

// pInButtonScope: an open <p> that the start tags of closesP would close.
func (b *treeBuilder) pInButtonScope() bool {
	for i := len(b.stack) - 1; i >= 0; i-- {
		switch b.stack[i].DataAtom {
		case atom.P:
			return true
		case atom.Button, atom.Applet, atom.Caption, atom.Html, atom.Table, atom.Td, atom.Th, atom.Marquee,
			atom.Object, atom.Template, atom.Select:
			return false
		}
	}
	return false
}

// closesP: start tags before which html.Parse closes an open <p> (in any quirks mode).
func closesP(a atom.Atom) bool {
	switch a {
	case atom.Address, atom.Article, atom.Aside, atom.Blockquote, atom.Center, atom.Details, atom.Dialog,
		atom.Dir, atom.Div, atom.Dl, atom.Fieldset, atom.Figcaption, atom.Figure, atom.Footer, atom.Header,
		atom.Hgroup, atom.Main, atom.Menu, atom.Nav, atom.Ol, atom.P, atom.Search, atom.Section, atom.Summary,
		atom.Ul, atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6, atom.Pre, atom.Listing, atom.Form,
		atom.Li, atom.Dd, atom.Dt, atom.Plaintext, atom.Table, atom.Hr, atom.Xmp:
		return true
	}
	return false
}

func heading(a atom.Atom) bool {
	return a == atom.H1 || a == atom.H2 || a == atom.H3 || a == atom.H4 || a == atom.H5 || a == atom.H6
}

// voidElement: elements without content or end tag.
func voidElement(a atom.Atom) bool {
	switch a {
	case atom.Area, atom.Br, atom.Embed, atom.Img, atom.Keygen, atom.Wbr, atom.Input, atom.Param, atom.Source,
		atom.Track, atom.Hr, atom.Meta, atom.Link, atom.Base, atom.Col:
		return true
	}
	return false
}

// rawTextElement: the tokenizer reads their content as text up to their end tag.
func rawTextElement(a atom.Atom) bool { return a == atom.Title || a == atom.Script || a == atom.Style }

// specialElement: the "special" category of the HTML standard (HTML namespace).
func specialElement(a atom.Atom) bool {
	switch a {
	case atom.Address, atom.Applet, atom.Area, atom.Article, atom.Aside, atom.Base, atom.Basefont, atom.Bgsound,
		atom.Blockquote, atom.Body, atom.Br, atom.Button, atom.Caption, atom.Center, atom.Col, atom.Colgroup,
		atom.Dd, atom.Details, atom.Dir, atom.Div, atom.Dl, atom.Dt, atom.Embed, atom.Fieldset, atom.Figcaption,
		atom.Figure, atom.Footer, atom.Form, atom.Frame, atom.Frameset, atom.H1, atom.H2, atom.H3, atom.H4,
		atom.H5, atom.H6, atom.Head, atom.Header, atom.Hgroup, atom.Hr, atom.Html, atom.Iframe, atom.Img,
		atom.Input, atom.Keygen, atom.Li, atom.Link, atom.Listing, atom.Main, atom.Marquee, atom.Menu, atom.Meta,
		atom.Nav, atom.Noembed, atom.Noframes, atom.Noscript, atom.Object, atom.Ol, atom.P, atom.Param,
		atom.Plaintext, atom.Pre, atom.Script, atom.Search, atom.Section, atom.Select, atom.Source, atom.Style,
		atom.Summary, atom.Table, atom.Tbody, atom.Td, atom.Template, atom.Textarea, atom.Tfoot, atom.Th,
		atom.Thead, atom.Title, atom.Tr, atom.Track, atom.Ul, atom.Wbr, atom.Xmp:
		return true
	}
	return false
}

// containsFoldASCII reports whether s contains the lower-case ASCII word, ignoring ASCII case.
func containsFoldASCII(s []byte, word string) bool {
	for i := 0; i+len(word) <= len(s); i++ {
		j := 0
		for ; j < len(word); j++ {
			c := s[i+j]
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			if c != word[j] {
				break
			}
		}
		if j == len(word) {
			return true
		}
	}
	return false
}
