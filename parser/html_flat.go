package parser

import (
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// htmlTokensFlat is the fallback reader for pages the tree parser refuses (x/net/html rejects
// nesting deeper than 512 elements, which tag soup with unclosed <font>/<div> can reach). It
// streams the tokenizer without building a tree: cells are placed by counting <tr> and <td>
// (colspan advances the column; rowspan is not resolved), headers are not known, and nested
// tables are flattened into the enclosing one. The matcher gets a usable token stream and the
// caller gets an error saying the grid is degraded.
func htmlTokensFlat(doc string) (title string, toks []Token) {
	z := html.NewTokenizer(strings.NewReader(doc))
	var (
		buf                 textBuilder
		skip                int // depth inside script/style/…
		inTitle, inCell     bool
		tableDepth          int
		table, row, col     = -1, -1, 0
		cellSpan            = 1
		tablesSeen          int
		titleBuf, titleSeen = textBuilder{}, false
	)
	emit := func() {
		t := buf.take()
		switch {
		case inCell:
			toks = append(toks, Token{Text: t, Offset: -1, InTable: true, Table: table, Row: row, Col: col, Empty: t == ""})
			col += cellSpan
			inCell = false
		case t != "":
			toks = append(toks, Token{Text: t, Offset: -1, Table: -1})
		}
	}
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			emit()
			if t := titleBuf.take(); t != "" {
				title = t
			}
			return title, toks
		case html.TextToken:
			switch {
			case skip > 0:
			case inTitle:
				titleBuf.add(string(z.Text()))
			default:
				buf.add(string(z.Text()))
			}
		case html.StartTagToken, html.SelfClosingTagToken, html.EndTagToken:
			name, hasAttr := z.TagName()
			a := atom.Lookup(name)
			end := tt == html.EndTagToken
			if skippedElement(a) {
				if tt == html.StartTagToken {
					skip++
				} else if end && skip > 0 {
					skip--
				}
				continue
			}
			switch a {
			case atom.Title:
				inTitle = !end && !titleSeen
				titleSeen = titleSeen || end
			case atom.Table:
				emit()
				if end {
					tableDepth = max(tableDepth-1, 0)
				} else {
					if tableDepth == 0 {
						table, row, col = tablesSeen, -1, 0
						tablesSeen++
					}
					tableDepth++
				}
			case atom.Tr:
				emit()
				if !end && tableDepth > 0 {
					row++
					col = 0
				}
			case atom.Td, atom.Th:
				emit()
				if !end && tableDepth > 0 {
					if row < 0 { // a cell before any <tr> opens the first row
						row = 0
					}
					inCell = true
					cellSpan = 1
					for hasAttr {
						var k, v []byte
						k, v, hasAttr = z.TagAttr()
						if string(k) == "colspan" {
							cellSpan = max(spanValue(string(v), maxColspan), 1)
						}
					}
				}
			case atom.Br, atom.Hr:
				if inCell {
					buf.space()
				} else {
					emit()
				}
			default:
				if blockElement(a) {
					if inCell {
						buf.space()
					} else {
						emit()
					}
				}
			}
		}
	}
}
