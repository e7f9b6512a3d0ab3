package crawler

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"unicode"

	"github.com/PuerkitoBio/goquery"
	"golang.org/x/net/html"
)

// Mirrors and mobile copies (_wap pages, m. hosts, print views) wrap the same
// article in another template, so hashing the whole page would miss them. The
// main text is found by descending from <body> into the child that holds
// most of the text, while one child holds at least mainShare of it: the
// navigation and footers fall away and the article stays.
const mainShare = 0.7

// mainText returns the page's main text with all whitespace removed (so
// reflowed copies hash equal).
func mainText(doc *goquery.Selection) string {
	body := doc.Find("body").First()
	if body.Length() == 0 {
		if len(doc.Nodes) == 0 {
			return ""
		}
		return compactText(textOf(doc.Nodes[0]))
	}
	n := body.Nodes[0]
	for {
		total := textLen(n)
		if total == 0 {
			break
		}
		var best *html.Node
		bestLen := 0
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if c.Type != html.ElementNode {
				continue
			}
			if l := textLen(c); l > bestLen {
				best, bestLen = c, l
			}
		}
		if best == nil || float64(bestLen) < mainShare*float64(total) {
			break
		}
		n = best
	}
	return compactText(textOf(n))
}

func skipElement(n *html.Node) bool {
	if n.Type != html.ElementNode {
		return false
	}
	switch n.Data {
	case "script", "style", "noscript", "template", "iframe":
		return true
	}
	return false
}

func textLen(n *html.Node) int {
	if skipElement(n) {
		return 0
	}
	if n.Type == html.TextNode {
		c := 0
		for _, r := range n.Data {
			if !unicode.IsSpace(r) {
				c++
			}
		}
		return c
	}
	t := 0
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		t += textLen(c)
	}
	return t
}

func textOf(n *html.Node) string {
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if skipElement(n) {
			return
		}
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
			b.WriteByte(' ')
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return b.String()
}

// compactText drops every whitespace rune, including U+3000 and NBSP.
func compactText(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) || r == '\u00a0' || r == '\u3000' || r == '\u200b' {
			return -1
		}
		return r
	}, s)
}

func sha256Hex(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}

// shaKey is the first 64 bits of a hex sha256: enough to tell documents
// apart, and an eighth of the memory of the hex string as a map key.
func shaKey(hexSHA string) uint64 {
	var k uint64
	for i := 0; i < 16 && i < len(hexSHA); i++ {
		c := hexSHA[i]
		switch {
		case c >= '0' && c <= '9':
			c -= '0'
		case c >= 'a' && c <= 'f':
			c = c - 'a' + 10
		default:
			c = 0
		}
		k = k<<4 | uint64(c)
	}
	return k
}
