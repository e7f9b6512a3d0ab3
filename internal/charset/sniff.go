package charset

import (
	"bytes"
	"mime"
	"regexp"
	"strings"
)

// metaScanLimit is how far into the body a <meta> charset is looked for: the HTML standard's
// prescan reads 1024 bytes, but CMS pages put long comments and scripts first.
const metaScanLimit = 4096

// headerCharset extracts the charset parameter of a Content-Type header value.
func headerCharset(contentType string) string {
	if contentType == "" {
		return ""
	}
	if _, params, err := mime.ParseMediaType(contentType); err == nil {
		if cs := params["charset"]; cs != "" {
			return cs
		}
	}
	// Malformed headers ("text/html;;charset=GBK", duplicate params) still name the charset.
	return charsetParam(contentType)
}

// charsetParam finds "charset=LABEL" in free text, case-insensitively.
func charsetParam(s string) string {
	// ASCII-only folding: strings.ToLower would turn invalid bytes into U+FFFD, changing the
	// length, and the index found would no longer point into s (a fuzzer-found panic).
	i := indexFoldASCII(s, "charset")
	if i < 0 {
		return ""
	}
	s = strings.TrimLeft(s[i+len("charset"):], " \t")
	if !strings.HasPrefix(s, "=") {
		return ""
	}
	s = strings.TrimLeft(s[1:], " \t\"'")
	end := strings.IndexAny(s, " \t;,\"'>/")
	if end >= 0 {
		s = s[:end]
	}
	return s
}

// indexFoldASCII is strings.Index with ASCII letters compared case-insensitively; other bytes
// compare exactly, so the result is always an index into s.
func indexFoldASCII(s, sub string) int {
	for i := 0; i+len(sub) <= len(s); i++ {
		j := 0
		for ; j < len(sub); j++ {
			a, b := s[i+j], sub[j]
			if 'A' <= a && a <= 'Z' {
				a += 'a' - 'A'
			}
			if a != b {
				break
			}
		}
		if j == len(sub) {
			return i
		}
	}
	return -1
}

// metaPattern matches <meta charset=X> and <meta http-equiv=Content-Type content="…charset=X">,
// as well as an XML declaration's encoding="X". It is a deliberate simplification of the HTML
// prescan: the first match in the first metaScanLimit bytes wins.
const metaPattern = `(?is)<meta\s[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9._:\-]+)|<\?xml\s[^>]*?encoding\s*=\s*["']([A-Za-z0-9._:\-]+)`

// metaAt is metaPattern anchored: it is tried only where a match can start (a "<meta" or
// "<?xml"), which finds the same first match as searching with metaPattern, without running
// the regular expression over every byte of the head (a tenth of decoding a page).
var metaAt = regexp.MustCompile(`^(?:` + metaPattern + `)`)

// metaCharset returns the charset declared in the head of the page, or "".
func metaCharset(body []byte) string {
	head := body
	if len(head) > metaScanLimit {
		head = head[:metaScanLimit]
	}
	// An ASCII case-insensitive search finds what searching bytes.ToLower(head) found (no other
	// character lower-cases to a letter of "charset"), without the copy.
	if !containsFoldASCII(head, "charset") && !bytes.Contains(head, []byte("<?xml")) {
		return ""
	}
	for i := 0; i < len(head); i++ {
		j := bytes.IndexByte(head[i:], '<')
		if j < 0 {
			break
		}
		i += j
		if rest := head[i+1:]; !hasPrefixFoldASCII(rest, "meta") && !hasPrefixFoldASCII(rest, "?xml") {
			continue
		}
		if m := metaAt.FindSubmatch(head[i:]); m != nil {
			if len(m[1]) > 0 {
				return string(m[1])
			}
			return string(m[2])
		}
	}
	return ""
}

// hasPrefixFoldASCII reports whether b starts with the lower-case ASCII prefix, ignoring case.
func hasPrefixFoldASCII(b []byte, prefix string) bool {
	if len(b) < len(prefix) {
		return false
	}
	for i := 0; i < len(prefix); i++ {
		c := b[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		if c != prefix[i] {
			return false
		}
	}
	return true
}

// bom recognises a byte-order mark and returns the label it stands for and its length.
func bom(body []byte) (label string, n int) {
	switch {
	case bytes.HasPrefix(body, []byte{0xEF, 0xBB, 0xBF}):
		return "utf-8", 3
	case bytes.HasPrefix(body, []byte{0xFF, 0xFE}):
		return "utf-16le", 2
	case bytes.HasPrefix(body, []byte{0xFE, 0xFF}):
		return "utf-16be", 2
	case bytes.HasPrefix(body, []byte{0x84, 0x31, 0x95, 0x33}):
		return "gb18030", 4
	}
	return "", 0
}

// containsFoldASCII reports whether b holds the lower-case ASCII word, ignoring ASCII case.
func containsFoldASCII(b []byte, word string) bool {
	for i := 0; i+len(word) <= len(b); i++ {
		if hasPrefixFoldASCII(b[i:], word) {
			return true
		}
	}
	return false
}
