package charset

import (
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"
	"unsafe"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/transform"
)

// Decoded is a page turned into UTF-8 text, with how its encoding was determined.
type Decoded struct {
	// Text is the page as UTF-8, without a byte-order mark.
	Text string
	// Encoding is the canonical lower-case name of the encoding used: "utf-8", "gbk", "gb18030",
	// "big5", "windows-1252", … A page declared gb2312/gbk is decoded with the GB18030 decoder (a
	// superset) but recorded as "gbk".
	Encoding string
	// Source says which evidence won: "bom", "header", "meta", "trial" or "default" (empty body).
	Source string
	// ReplacementRatio is the share of U+FFFD among the runes of Text (0 for a clean decode).
	ReplacementRatio float64
}

// Sources of the winning candidate.
const (
	SourceBOM     = "bom"
	SourceHeader  = "header"
	SourceMeta    = "meta"
	SourceTrial   = "trial"
	SourceDefault = "default"
)

// ErrUndecodable is returned (wrapped) when no candidate encoding gives acceptable text, e.g. for
// binary data. The Decoded returned with it is the least bad attempt, kept for the record.
var ErrUndecodable = errors.New("charset: no encoding decodes the body acceptably")

// Decode turns the bytes of a web page into UTF-8 text.
//
// Candidates are tried in order: byte-order mark, the charset of the Content-Type header, a
// <meta> charset in the first 4 KB, then trial decoding (UTF-8 if the bytes are valid UTF-8,
// else GB18030). Each candidate is decoded and checked (see acceptable); a declaration that gives
// a bad result is rejected and the next candidate tried. It never panics.
func Decode(body []byte, contentType string) (Decoded, error) {
	if len(body) == 0 {
		return Decoded{Encoding: "utf-8", Source: SourceDefault}, nil
	}
	var (
		best     attempt
		haveBest bool
		tried    []string
	)
	try := func(label, source string, skip int) (Decoded, bool) {
		enc, name, ok := lookup(label)
		if !ok {
			tried = append(tried, fmt.Sprintf("%s %q: unknown label", source, label))
			return Decoded{}, false
		}
		a := decodeWith(body[skip:], enc, name, source)
		ok, why := a.acceptable(body[skip:])
		if ok {
			return a.result(), true
		}
		tried = append(tried, fmt.Sprintf("%s %s: %s", source, name, why))
		if !haveBest || a.q.badShare() < best.q.badShare() {
			best, haveBest = a, true
		}
		return Decoded{}, false
	}

	if label, n := bom(body); n > 0 {
		if d, ok := try(label, SourceBOM, n); ok {
			return d, nil
		}
	}
	if label := headerCharset(contentType); label != "" {
		if d, ok := try(label, SourceHeader, 0); ok {
			return d, nil
		}
	}
	if label := metaCharset(body); label != "" {
		// The HTML standard treats a <meta> claiming UTF-16 as UTF-8: a page that could be read
		// as ASCII to find its meta is not UTF-16.
		if l := strings.ToLower(label); strings.HasPrefix(l, "utf-16") {
			label = "utf-8"
		}
		if d, ok := try(label, SourceMeta, 0); ok {
			return d, nil
		}
	}
	if utf8.Valid(body) {
		if d, ok := try("utf-8", SourceTrial, 0); ok {
			return d, nil
		}
	}
	if d, ok := try("gb18030", SourceTrial, 0); ok {
		return d, nil
	}
	if !haveBest { // cannot happen: the gb18030 trial always records an attempt
		return Decoded{Encoding: "utf-8", Source: SourceDefault, Text: strings.ToValidUTF8(string(body), "\uFFFD")}, ErrUndecodable
	}
	return best.result(), fmt.Errorf("%w (%s)", ErrUndecodable, strings.Join(tried, "; "))
}

// attempt is one candidate decoding and its measured quality.
type attempt struct {
	text   string
	name   string
	source string
	q      quality
}

func (a attempt) result() Decoded {
	return Decoded{Text: a.text, Encoding: a.name, Source: a.source, ReplacementRatio: a.q.replacementRatio()}
}

func decodeWith(body []byte, enc encoding.Encoding, name, source string) attempt {
	if enc == simplifiedchinese.GB18030 {
		if text, q, ok := decodeGB18030(body); ok {
			return attempt{text: text, name: name, source: source, q: q}
		}
	}
	var text string
	if name == "utf-8" && utf8.Valid(body) {
		text = string(body) // the common case: no transform, one copy
	} else {
		// Room for the whole text up front: two GBK bytes become three of UTF-8 (Decoder.Bytes
		// started from the input's size and grew the buffer as it went).
		out, _, err := transform.Append(enc.NewDecoder(), make([]byte, 0, len(body)+len(body)/2+16), body)
		if err != nil {
			// x/text decoders replace bad input rather than fail; an error here is a decoder
			// limit, so fall back to a lossy view that still counts as bad.
			out = []byte(strings.ToValidUTF8(string(body), "\uFFFD"))
		}
		// out is not written again: the text can be it, not a copy of it (the copy was a
		// page-sized allocation and a memmove per page, as strings.Builder also avoids).
		text = unsafe.String(unsafe.SliceData(out), len(out))
	}
	text = strings.TrimPrefix(text, "\uFEFF")
	return attempt{text: text, name: name, source: source, q: measure(text)}
}

// acceptable decides whether an attempt is good enough to stop at, and if not, why.
func (a attempt) acceptable(body []byte) (bool, string) {
	q := a.q
	// Allow a few U+FFFD for pages truncated mid-character or with a stray bad byte, but not the
	// steady stream a wrong multi-byte decoder produces.
	if q.repl > 0 && q.repl*50 > q.nonASCII {
		return false, fmt.Sprintf("%d of %d non-ASCII runes are U+FFFD", q.repl, q.nonASCII)
	}
	if q.ctrl*100 > q.runes {
		return false, fmt.Sprintf("%d control characters in %d runes: binary data", q.ctrl, q.runes)
	}
	if a.name != "utf-8" && a.name != "utf-16le" && a.name != "utf-16be" {
		// Valid UTF-8 with many multi-byte sequences is UTF-8 whatever the page claims: GBK text
		// of any length is almost never valid UTF-8, while GB18030 "decodes" UTF-8 bytes into
		// plausible-looking mojibake without a single U+FFFD.
		if utf8.Valid(body) && multiByteRunes(body) >= 4 {
			return false, "body is valid UTF-8"
		}
	}
	if singleByteLatin(a.name) && q.nonASCII > 0 {
		// A Latin single-byte charset decodes anything without U+FFFD; refute it when the bytes
		// read cleanly as GB18030 and mostly as Chinese characters.
		alt := decodeWith(body, simplifiedchinese.GB18030, "gb18030", SourceTrial)
		if alt.q.repl*50 <= alt.q.nonASCII && alt.q.cjk*2 >= alt.q.nonASCII && alt.q.cjk > 0 {
			return false, "bytes read as Chinese text in GB18030"
		}
	}
	return true, ""
}

func multiByteRunes(b []byte) int {
	n := 0
	for _, c := range b {
		if c >= 0xC0 { // a UTF-8 lead byte
			n++
		}
	}
	return n
}

// quality counts what tells a right decoding from a wrong one.
type quality struct {
	runes, nonASCII, repl, ctrl, cjk int
}

func measure(s string) quality {
	var q quality
	for i := 0; i < len(s); {
		// Chinese text is mostly three-byte sequences: read them in place (utf8 would call out
		// of the loop for each), and anything else, or anything malformed, the ordinary way.
		var r rune
		if c := s[i]; c < utf8.RuneSelf {
			r = rune(c)
			i++
		} else if c&0xF0 == 0xE0 && i+2 < len(s) && s[i+1]&0xC0 == 0x80 && s[i+2]&0xC0 == 0x80 &&
			(c != 0xE0 || s[i+1] >= 0xA0) && (c != 0xED || s[i+1] < 0xA0) {
			r = rune(c&0x0F)<<12 | rune(s[i+1]&0x3F)<<6 | rune(s[i+2]&0x3F)
			i += 3
		} else {
			var n int
			r, n = utf8.DecodeRuneInString(s[i:])
			i += n
		}
		q.runes++
		switch {
		case r == utf8.RuneError:
			q.repl++
			q.nonASCII++
		case r < 0x20 && r != '\t' && r != '\n' && r != '\r' && r != '\f', r == 0x7f:
			q.ctrl++
		case r >= 0x80:
			q.nonASCII++
			if isCJK(r) {
				q.cjk++
			}
		}
	}
	return q
}

func (q quality) replacementRatio() float64 {
	if q.runes == 0 {
		return 0
	}
	return float64(q.repl) / float64(q.runes)
}

// badShare orders failed attempts: the least bad one is returned with ErrUndecodable.
func (q quality) badShare() float64 {
	if q.runes == 0 {
		return 1
	}
	return float64(q.repl+q.ctrl) / float64(q.runes)
}

// isCJK reports CJK ideographs and the CJK/full-width punctuation of Chinese text.
func isCJK(r rune) bool {
	return (r >= 0x4E00 && r <= 0x9FFF) || (r >= 0x3400 && r <= 0x4DBF) || (r >= 0x3000 && r <= 0x303F) ||
		(r >= 0xFF00 && r <= 0xFFEF) || (r >= 0x20000 && r <= 0x2FA1F)
}
