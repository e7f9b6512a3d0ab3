package parser

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// textBuilder accumulates text with white space folded as it goes: runs of spaces (including
// NBSP and the full-width space) become one space, leading and trailing space is dropped, and
// zero-width characters vanish. Appending is amortised O(1), so a page is read in linear time.
type textBuilder struct {
	b       strings.Builder
	pending bool // a space is owed before the next visible character
}

func (t *textBuilder) add(s string) {
	// Runs of visible characters are copied whole: writing them rune by rune was most of the
	// cost of reading a page's text.
	run := -1 // start of the current run of visible characters, or -1
	flush := func(end int) {
		if run >= 0 {
			t.put()
			t.b.WriteString(s[run:end])
			run = -1
		}
	}
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v' {
				flush(i)
				t.pending = true
			} else if run < 0 {
				run = i
			}
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == '\u200b' || r == '\u200c' || r == '\u200d' || r == '\ufeff' || r == '\u00ad':
			flush(i)
		case unicode.IsSpace(r):
			flush(i)
			t.pending = true
		case r == utf8.RuneError && n == 1:
			flush(i)
			t.put()
			t.b.WriteRune(r) // a stray byte is written as U+FFFD
		default:
			if run < 0 {
				run = i
			}
		}
		i += n
	}
	flush(len(s))
}

// space marks a boundary (<br>, a block element inside a cell) that reads as a space.
func (t *textBuilder) space() { t.pending = true }

func (t *textBuilder) put() {
	if t.pending && t.b.Len() > 0 {
		t.b.WriteByte(' ')
	}
	t.pending = false
}

// take returns the folded text and resets the builder.
func (t *textBuilder) take() string {
	s := t.b.String()
	t.b = strings.Builder{}
	t.pending = false
	return s
}

// foldCellText folds the white space of a plain string.
func foldCellText(s string) string {
	var t textBuilder
	t.add(s)
	return t.take()
}

// cellText is the folded text of an element: <br> and block elements read as one space,
// script and style are skipped.
func cellText(n *html.Node) string {
	var t textBuilder
	var visit func(*html.Node)
	visit = func(n *html.Node) {
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			switch c.Type {
			case html.TextNode:
				t.add(c.Data)
			case html.ElementNode:
				if skippedElement(c.DataAtom) {
					continue
				}
				if c.DataAtom == atom.Br || c.DataAtom == atom.Hr {
					t.space()
					continue
				}
				block := blockElement(c.DataAtom)
				if block {
					t.space()
				}
				visit(c)
				if block {
					t.space()
				}
			}
		}
	}
	visit(n)
	return t.take()
}

// skippedElement: elements whose text is never page content.
func skippedElement(a atom.Atom) bool {
	switch a {
	case atom.Script, atom.Style, atom.Noscript, atom.Template, atom.Select, atom.Textarea,
		atom.Iframe, atom.Object, atom.Svg, atom.Math, atom.Button:
		return true
	}
	return false
}

// blockElement: elements that end a line of prose (and read as a space inside a cell).
func blockElement(a atom.Atom) bool {
	switch a {
	case atom.P, atom.Div, atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6, atom.Li, atom.Ul,
		atom.Ol, atom.Dl, atom.Dt, atom.Dd, atom.Section, atom.Article, atom.Header, atom.Footer,
		atom.Nav, atom.Aside, atom.Main, atom.Blockquote, atom.Pre, atom.Table, atom.Tbody,
		atom.Thead, atom.Tfoot, atom.Tr, atom.Td, atom.Th, atom.Caption, atom.Form, atom.Center,
		atom.Address, atom.Figure, atom.Figcaption, atom.Fieldset, atom.Legend, atom.Details,
		atom.Summary, atom.Body, atom.Html, atom.Option:
		return true
	}
	return false
}
