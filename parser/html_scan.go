package parser

import (
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// scanTree feeds quickTree's builder from a scanner of its own instead of the x/net tokenizer,
// which copies every attribute name and files it in a map (a tenth of a parse on portal pages,
// whose tags carry classes, styles and links), and copies every text. The scanner reads the
// page in place: texts are substrings of it, attributes are only stepped over, except the
// spans of table cells.
//
// It reads what report pages are made of, the way the tokenizer reads it: text, character
// references, start and end tags with their attributes (quoted or not), comments, doctypes and
// other <!…> and <?…> declarations, and the raw text of <script>, <style> and <title>. At
// anything else (a tag or comment cut by the end of the page, a script with "<!--" in it, the
// other raw-text elements, an attribute value with a character reference or CR in a cell's
// span) it stops, and the page goes to the tokenizer: scanned is false. FuzzScanTokens holds
// its tokens to the tokenizer's, FuzzQuickTree the tree to html.Parse's.
//
// scanned true: built tells whether the builder took the page (root is its tree).
func scanTree(doc string, arena *nodeArena) (root *html.Node, built, scanned bool) {
	sc := scanner{s: doc}
	b := treeBuilder{spans: &sc, arena: arena}
	b.doc = b.node(html.DocumentNode, 0, "")
	for {
		var ok bool
		switch sc.next() {
		case scanEOF:
			return b.finish(), true, true
		case scanStop:
			return nil, false, false
		case scanText:
			ok = b.text(sc.text)
		case scanStart:
			a, name := sc.tag(&b)
			ok = b.start(a, name)
		case scanEnd:
			a, name := sc.tag(&b)
			ok = b.end(a, name)
		case scanSkip:
			ok = true
		}
		if !ok || len(b.stack) > maxQuickDepth {
			return nil, false, true
		}
	}
}

type scanKind int

const (
	scanEOF   scanKind = iota
	scanStop           // something the scanner leaves to the tokenizer
	scanText           // text: sc.text
	scanStart          // a start tag (or self-closing): name sc.s[sc.name0:sc.name1]
	scanEnd            // an end tag
	scanSkip           // a comment, doctype or other declaration (not read)
)

type scanner struct {
	s            string
	i            int    // where the next token starts
	rawTag       string // after <script>, <style>, <title>: its raw text comes next
	text         string
	name0, name1 int        // the current tag's name
	cellTag      bool       // the current tag is a <td> or <th>: its attributes are kept
	attrs        []scanAttr // a cell tag's attributes
	stop         bool       // a cell's span could not be read: stop at the next token
}

// scanAttr is an attribute of a cell tag: its name s[k0:k1] and value s[v0:v1].
type scanAttr struct{ k0, k1, v0, v1 int }

func isScanSpace(c byte) bool { return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f' }

func isASCIILetter(c byte) bool { return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' }

// next reads the next token.
func (sc *scanner) next() scanKind {
	s := sc.s
	if sc.stop {
		return scanStop
	}
	if sc.rawTag != "" {
		return sc.rawText()
	}
	start := sc.i
	for j := start; ; {
		k := strings.IndexByte(s[j:], '<')
		if k < 0 || j+k+1 >= len(s) {
			// The rest is text (a '<' at the very end is text too).
			if start == len(s) {
				return scanEOF
			}
			sc.i = len(s)
			return sc.setText(s[start:], true)
		}
		j += k
		c := s[j+1]
		if !isASCIILetter(c) && c != '/' && c != '!' && c != '?' {
			j++ // not markup: part of the text
			continue
		}
		if j > start {
			sc.i = j
			return sc.setText(s[start:j], true) // the text before the markup first
		}
		return sc.markup(j)
	}
}

// setText sets the text of a text token, as the tokenizer's Text gives it: CR LF and CR read as
// LF, and character references replaced unless the text is raw.
func (sc *scanner) setText(t string, unescape bool) scanKind {
	if strings.IndexByte(t, '\r') >= 0 {
		t = strings.ReplaceAll(strings.ReplaceAll(t, "\r\n", "\n"), "\r", "\n")
	}
	if unescape && strings.IndexByte(t, '&') >= 0 {
		t = html.UnescapeString(t)
	}
	sc.text = t
	return scanText
}

// markup reads the tag, comment or declaration at s[j] == '<'.
func (sc *scanner) markup(j int) scanKind {
	s := sc.s
	switch c := s[j+1]; {
	case isASCIILetter(c):
		end, ok := sc.scanTag(j, j+1)
		if !ok {
			return scanStop
		}
		sc.i = end
		switch name := lowerASCII(s[sc.name0:sc.name1]); name {
		case "script", "style", "title":
			sc.rawTag = name
		case "iframe", "noembed", "noframes", "noscript", "plaintext", "textarea", "xmp":
			return scanStop // raw text the builder leaves to html.Parse anyway
		}
		return scanStart
	case c == '/':
		if j+2 >= len(s) {
			return scanStop
		}
		switch c2 := s[j+2]; {
		case c2 == '>':
			sc.i = j + 3 // "</>" is no token at all
			return scanSkip
		case isASCIILetter(c2):
			end, ok := sc.scanTag(j, j+2)
			if !ok {
				return scanStop
			}
			sc.i = end
			return scanEnd
		}
		return sc.skipTo(j + 2) // "</3>": a bogus comment up to '>'
	case c == '?':
		return sc.skipTo(j + 1)
	}
	// "<!": a comment, a doctype or a bogus comment.
	if strings.HasPrefix(s[j+2:], "--") {
		body := s[j+4:]
		if body == "" || body[0] == '>' || strings.HasPrefix(body, "->") {
			return scanStop // "<!-->", "<!--->": the rules for those are the tokenizer's
		}
		end := strings.Index(body, "-->")
		if end < 0 {
			return scanStop
		}
		if bang := strings.Index(body[:end+2], "--!>"); bang >= 0 {
			return scanStop // "--!>" ends a comment too
		}
		sc.i = j + 4 + end + 3
		return scanSkip
	}
	return sc.skipTo(j + 2) // a doctype, or a bogus comment: up to the next '>'
}

// skipTo passes over a declaration up to the first '>' from s[from].
func (sc *scanner) skipTo(from int) scanKind {
	k := strings.IndexByte(sc.s[from:], '>')
	if k < 0 {
		return scanStop
	}
	sc.i = from + k + 1
	return scanSkip
}

// rawText reads the text of <script>, <style> or <title> up to its end tag.
func (sc *scanner) rawText() scanKind {
	s, tag := sc.s, sc.rawTag
	sc.rawTag = ""
	start := sc.i
	for j := start; ; {
		k := strings.Index(s[j:], "</")
		if k < 0 {
			return scanStop // no end tag: the text runs to the end of the page
		}
		j += k
		e := j + 2 + len(tag)
		if e < len(s) && lowerASCII(s[j+2:e]) == tag && (isScanSpace(s[e]) || s[e] == '/' || s[e] == '>') {
			if tag == "script" && strings.Contains(s[start:j], "<!--") {
				return scanStop // script data with escapes: the tokenizer's states
			}
			sc.i = j
			if j == start {
				return sc.next()
			}
			return sc.setText(s[start:j], tag == "title") // a title's references are read; a script's and style's are not
		}
		j += 2
	}
}

// scanTag reads a tag from s[lt] == '<', its name starting at s[name]: name, attributes and
// the closing '>', stepping as the tokenizer does (a quote opens a value only after '=', an
// unquoted value ends at white space or '>', '=' first in a name is part of it). ok is false
// when the page ends inside the tag.
func (sc *scanner) scanTag(lt, name int) (end int, ok bool) {
	s := sc.s
	j := name
	for j < len(s) && !isScanSpace(s[j]) && s[j] != '/' && s[j] != '>' {
		j++
	}
	sc.name0, sc.name1 = name, j
	sc.cellTag = j-name == 2 && s[lt+1] != '/' && (s[name] == 't' || s[name] == 'T') &&
		(s[name+1] == 'd' || s[name+1] == 'D' || s[name+1] == 'h' || s[name+1] == 'H')
	sc.attrs = sc.attrs[:0]
	for {
		for j < len(s) && isScanSpace(s[j]) {
			j++
		}
		if j >= len(s) {
			return 0, false
		}
		if s[j] == '>' {
			return j + 1, true
		}
		// An attribute name: up to white space, '/', '>' or a '=' that is not its first byte.
		k := j
		for k++; k < len(s) && !isScanSpace(s[k]) && s[k] != '/' && s[k] != '>' && s[k] != '='; k++ {
		}
		if k >= len(s) {
			return 0, false
		}
		if s[j] == '/' {
			k = j // a '/' ends the (empty) name at once
		}
		k0 := j
		j = k
		if sc.cellTag && k > k0 {
			sc.attrs = append(sc.attrs, scanAttr{k0, k, k, k})
		}
		val := func(v0, v1 int) {
			if sc.cellTag && k > k0 {
				sc.attrs[len(sc.attrs)-1].v0, sc.attrs[len(sc.attrs)-1].v1 = v0, v1
			}
		}
		for j < len(s) && isScanSpace(s[j]) {
			j++
		}
		if j >= len(s) {
			return 0, false
		}
		switch s[j] {
		case '/':
			j++ // consumed: the self-closing mark
			continue
		case '=':
		default:
			continue // no value: this byte starts what comes next
		}
		j++
		for j < len(s) && isScanSpace(s[j]) {
			j++
		}
		if j >= len(s) {
			return 0, false
		}
		switch q := s[j]; q {
		case '>':
			continue
		case '"', '\'':
			k := strings.IndexByte(s[j+1:], q)
			if k < 0 {
				return 0, false
			}
			val(j+1, j+1+k)
			j += 1 + k + 1
		default:
			v0 := j
			for j < len(s) && !isScanSpace(s[j]) && s[j] != '>' {
				j++
			}
			if j >= len(s) {
				return 0, false
			}
			val(v0, j)
			if isScanSpace(s[j]) {
				j++ // consumed with the value
			}
		}
	}
}

// cellSpans reads the rowspan and colspan of the cell tag just scanned, as the tokenizer gives
// them: names lower-cased, the first attribute of a name only. A value with a character
// reference or a CR (which the tokenizer rewrites) stops the scan.
func (sc *scanner) cellSpans() []html.Attribute {
	var out []html.Attribute
	for i, a := range sc.attrs {
		key := lowerASCII(sc.s[a.k0:a.k1])
		if key != "rowspan" && key != "colspan" {
			continue
		}
		first := true
		for _, b := range sc.attrs[:i] {
			if lowerASCII(sc.s[b.k0:b.k1]) == key {
				first = false
			}
		}
		if !first {
			continue
		}
		v := sc.s[a.v0:a.v1]
		if strings.ContainsAny(v, "&\r") {
			sc.stop = true
			return nil
		}
		out = append(out, html.Attribute{Key: key, Val: v})
	}
	return out
}

// lowerASCII lower-cases the ASCII letters of s (as the tokenizer does; other letters stay).
func lowerASCII(s string) string {
	for i := 0; i < len(s); i++ {
		if 'A' <= s[i] && s[i] <= 'Z' {
			b := []byte(s)
			for j := i; j < len(b); j++ {
				if 'A' <= b[j] && b[j] <= 'Z' {
					b[j] += 'a' - 'A'
				}
			}
			return string(b)
		}
	}
	return s
}

// tag returns the current tag's atom and, for an element without one, its lower-cased name.
func (sc *scanner) tag(b *treeBuilder) (atom.Atom, string) {
	raw := sc.s[sc.name0:sc.name1]
	n := b.name[:0]
	for i := 0; i < len(raw); i++ {
		c := raw[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		n = append(n, c)
	}
	if a := atom.Lookup(n); a != 0 {
		return a, ""
	}
	return 0, lowerASCII(raw)
}
