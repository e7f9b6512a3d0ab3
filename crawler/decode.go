package crawler

import (
	"strings"

	"github.com/govreports/govreports/internal/charset"
)

// Decoded is the UTF-8 text of a page and how its charset was found.
type Decoded = charset.Decoded

// DecodeFunc turns raw page bytes into UTF-8. The default is
// internal/charset.Decode (BOM → header → meta → gb18030 trial, verified).
// colly's own DetectCharset is never used: it takes GBK pages for other
// encodings, and colly also converts on the header charset alone, which is
// wrong when the header lies. The crawler decodes before colly sees the body.
type DecodeFunc func(body []byte, contentType string) (Decoded, error)

func defaultDecode(body []byte, contentType string) (Decoded, error) {
	return charset.Decode(body, contentType)
}

// decodeBody never fails: when no charset gives acceptable text the best
// attempt is kept (with its replacement ratio) so the page is still archived
// and logged; the parser decides what to do with mojibake.
func decodeBody(fn DecodeFunc, body []byte, contentType string) Decoded {
	d, err := fn(body, contentType)
	if err != nil && d.Text == "" {
		return Decoded{Text: strings.ToValidUTF8(string(body), "\uFFFD"), Encoding: "unknown", Source: "default", ReplacementRatio: 1}
	}
	return d
}

// isHTML reports whether a response is an HTML page worth decoding and parsing.
func isHTML(contentType string, body []byte) bool {
	ct := strings.ToLower(contentType)
	if ct == "" {
		head := strings.ToLower(string(body[:min(len(body), 512)]))
		return strings.Contains(head, "<html") || strings.Contains(head, "<!doctype html") || strings.Contains(head, "<head") || strings.Contains(head, "<body")
	}
	return strings.Contains(ct, "text/html") || strings.Contains(ct, "application/xhtml")
}
