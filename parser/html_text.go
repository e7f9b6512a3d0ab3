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
//
// The first run written is only remembered (view), not copied: most texts are one run (a cell,
// a line of prose), and take returns that substring of its input as it is. A second write
// copies the view into the builder first. Strings do not change, so sharing one is safe.
type textBuilder struct {
	b       strings.Builder
	view    string
	viewing bool // view holds everything written so far (and b is empty)
	pending bool // a space is owed before the next visible character
}

func (t *textBuilder) add(s string) {
	// Runs of visible characters are copied whole: writing them rune by rune was most of the
	// cost of reading a page's text.
	run := -1 // start of the current run of visible characters, or -1
	flush := func(end int) {
		if run >= 0 {
			t.put()
			t.writeString(s[run:end])
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
		if isHan(r) { // an ideograph, most of a Chinese page: part of the run
			if run < 0 {
				run = i
			}
			i += n
			continue
		}
		switch {
		case r == '\u200b' || r == '\u200c' || r == '\u200d' || r == '\ufeff' || r == '\u00ad':
			flush(i)
		case unicode.IsSpace(r):
			flush(i)
			t.pending = true
		case r == utf8.RuneError && n == 1:
			flush(i)
			t.put()
			t.writeString(string(utf8.RuneError)) // a stray byte is written as U+FFFD
		default:
			if run < 0 {
				run = i
			}
		}
		i += n
	}
	flush(len(s))
}

// writeString appends s: as the view if nothing was written yet, else to the builder.
func (t *textBuilder) writeString(s string) {
	switch {
	case t.b.Len() == 0 && !t.viewing:
		t.view, t.viewing = s, true
		return
	case t.viewing:
		t.b.WriteString(t.view)
		t.view, t.viewing = "", false
	}
	t.b.WriteString(s)
}

// empty tells whether nothing visible was written yet.
func (t *textBuilder) empty() bool { return !t.viewing && t.b.Len() == 0 }

// space marks a boundary (<br>, a block element inside a cell) that reads as a space.
func (t *textBuilder) space() { t.pending = true }

func (t *textBuilder) put() {
	if t.pending && !t.empty() {
		t.writeString(" ")
	}
	t.pending = false
}

// take returns the folded text and resets the builder.
func (t *textBuilder) take() string {
	s := t.b.String()
	if t.viewing {
		s = t.view
	}
	*t = textBuilder{}
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
