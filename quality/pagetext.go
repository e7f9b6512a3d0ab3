package quality

import (
	"strings"

	"golang.org/x/net/html"

	"github.com/govreports/govreports/internal/charset"
)

// pageText is the readable text of a page, for excerpts around spam: a text dump as decoded, an
// HTML page as its text nodes (scripts and styles left out) one per line. It never fails: an
// undecodable page gives what the decoder made of it.
func pageText(page []byte, contentType, format string) string {
	dec, _ := charset.Decode(page, contentType)
	if format != "html" {
		return dec.Text
	}
	var b strings.Builder
	z := html.NewTokenizer(strings.NewReader(dec.Text))
	skip := 0
	for {
		switch z.Next() {
		case html.ErrorToken:
			return b.String()
		case html.StartTagToken:
			if n, _ := z.TagName(); isHidden(string(n)) {
				skip++
			}
		case html.EndTagToken:
			if n, _ := z.TagName(); isHidden(string(n)) && skip > 0 {
				skip--
			}
		case html.TextToken:
			if skip == 0 {
				if t := strings.TrimSpace(string(z.Text())); t != "" {
					b.WriteString(t)
					b.WriteByte('\n')
				}
			}
		}
	}
}

func isHidden(tag string) bool { return tag == "script" || tag == "style" || tag == "noscript" }
