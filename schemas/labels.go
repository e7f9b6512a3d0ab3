package schemas

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// NormalizeLabel folds a table label for comparison: NFKC (full-width → half-width), no spaces,
// no quotes, unified brackets and separators. It is used on both sides of every label match, so
// the form files can hold the official spelling.
func NormalizeLabel(s string) string {
	if out, ok := normalizeCommon(s); ok {
		return out
	}
	return normalizeLabelSlow(s)
}

// normalizeCommon is NormalizeLabel for the text of nearly every label and cell: ASCII, CJK
// ideographs, full-width forms and the CJK punctuation the rules name. For those characters
// NFKC is a map of one character at a time (full-width → ASCII, U+3000 → space; the others are
// unchanged and none composes with a neighbour), so the fold is done in one pass, without the
// NFKC check over the string nor an allocation when nothing changes. ok is false for any other
// character: the caller then takes the general path. FuzzNormalizeLabel holds the two equal.
func normalizeCommon(s string) (string, bool) {
	var stack [256]byte
	b := stack[:0]
	for i := 0; i < len(s); {
		r := rune(s[i])
		size := 1
		if r >= 0x80 {
			r, size = decodeRune(s[i:])
			switch {
			case r >= 0x4E00 && r <= 0x9FFF, r == '。':
				b = append(b, s[i:i+size]...)
				i += size
				continue
			case r >= 0xFF01 && r <= 0xFF5E:
				r -= 0xFEE0 // full-width ASCII: NFKC gives the ASCII character, folded below
			case r == '\u3000', r == '\u200b', r == '\ufeff', r == '“', r == '”', r == '‘', r == '’', r == '「', r == '」':
				i += size
				continue
			case r == '【' || r == '〔':
				r = '('
			case r == '】' || r == '〕':
				r = ')'
			case r == '、':
				r = ','
			default:
				return "", false
			}
		}
		i += size
		switch r {
		case ' ', '\t', '\n', '\v', '\f', '\r', '"', '\'', '|':
		case '[':
			b = append(b, '(')
		case ']':
			b = append(b, ')')
		case ';':
			b = append(b, ',')
		default:
			b = append(b, byte(r))
		}
	}
	b = trimLabelEnd(b)
	if string(b) == s {
		return s, true
	}
	return string(b), true
}

// trimLabelEnd is strings.TrimRight(·, ":,.。") on bytes.
func trimLabelEnd(b []byte) []byte {
	for len(b) > 0 {
		switch {
		case b[len(b)-1] == ':' || b[len(b)-1] == ',' || b[len(b)-1] == '.':
			b = b[:len(b)-1]
		case len(b) >= 3 && string(b[len(b)-3:]) == "。":
			b = b[:len(b)-3]
		default:
			return b
		}
	}
	return b
}

// normalizeLabelSlow is NormalizeLabel for any text.
func normalizeLabelSlow(s string) string {
	// Most labels are already NFKC (plain CJK and ASCII): checking is cheaper than converting.
	if !norm.NFKC.IsNormalString(s) {
		s = norm.NFKC.String(s)
	}
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		switch {
		case unicode.IsSpace(r), r == '\u200b', r == '\ufeff':
			continue
		case r == '"' || r == '\'' || r == '“' || r == '”' || r == '‘' || r == '’' || r == '「' || r == '」':
			continue
		case r == '【' || r == '〔' || r == '[':
			b.WriteRune('(')
		case r == '】' || r == '〕' || r == ']':
			b.WriteRune(')')
		case r == '、' || r == '，' || r == '；' || r == ';':
			b.WriteRune(',')
		case r == '|':
			continue
		default:
			b.WriteRune(r)
		}
	}
	return strings.TrimRight(b.String(), ":,.。")
}

// ordinal prefixes: (一) 一、 1. 1、 (1) 1) 第一 …; they are stripped before rows are compared.
var ordinalRunes = "一二三四五六七八九十0123456789"

// StripOrdinal removes a leading ordinal such as "(一)", "一,", "1.", "(1)" from a normalized
// label and returns the rest and the ordinal found ("" if none).
func StripOrdinal(s string) (rest, ordinal string) {
	if s == "" {
		return s, ""
	}
	if s[0] == '(' {
		end := strings.IndexByte(s, ')')
		if end > 1 && allOrdinal(s[1:end]) {
			return s[end+1:], s[1:end]
		}
		return s, ""
	}
	i := 0
	for i < len(s) {
		r, size := rune(s[i]), 1
		if r >= 0x80 {
			r, size = decodeRune(s[i:])
		}
		if !strings.ContainsRune(ordinalRunes, r) {
			break
		}
		i += size
	}
	if i == 0 || i == len(s) {
		return s, ""
	}
	switch s[i] {
	case '.', ',', ')':
		return s[i+1:], s[:i]
	}
	return s, ""
}

func allOrdinal(s string) bool {
	for _, r := range s {
		if !strings.ContainsRune(ordinalRunes, r) {
			return false
		}
	}
	return s != ""
}

func decodeRune(s string) (rune, int) {
	for _, r := range s {
		return r, len(string(r))
	}
	return 0, 1
}
