package schemas

import (
	"fmt"
	"strings"
)

// A small lexer for the migration files, so the cluster renderer works on tokens (keywords,
// identifiers, literals, brackets) rather than on text: a word inside a string literal or a
// comment is never taken for SQL, and statements end only at a top-level ';'.

type tokKind int

const (
	tokSpace   tokKind = iota // blanks and newlines
	tokComment                // -- … or /* … */
	tokWord                   // keyword or identifier
	tokQuoted                 // `ident` or "ident"
	tokString                 // 'literal'
	tokNumber
	tokPunct // one character: ( ) , ; . = and the rest
)

type token struct {
	kind tokKind
	text string
}

// is reports whether t is the keyword kw (case-insensitive).
func (t token) is(kw string) bool { return t.kind == tokWord && strings.EqualFold(t.text, kw) }

func (t token) punct(c string) bool { return t.kind == tokPunct && t.text == c }

func lex(src string) ([]token, error) {
	var out []token
	for i := 0; i < len(src); {
		c := src[i]
		start := i
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r':
			for i < len(src) && strings.IndexByte(" \t\n\r", src[i]) >= 0 {
				i++
			}
			out = append(out, token{tokSpace, src[start:i]})
		case c == '-' && strings.HasPrefix(src[i:], "--"):
			for i < len(src) && src[i] != '\n' {
				i++
			}
			out = append(out, token{tokComment, src[start:i]})
		case c == '/' && strings.HasPrefix(src[i:], "/*"):
			end := strings.Index(src[i+2:], "*/")
			if end < 0 {
				return nil, fmt.Errorf("unterminated /* comment at byte %d", i)
			}
			i += 2 + end + 2
			out = append(out, token{tokComment, src[start:i]})
		case c == '\'' || c == '`' || c == '"':
			i++
			for i < len(src) && src[i] != c {
				if src[i] == '\\' {
					i++
				}
				i++
			}
			if i >= len(src) {
				return nil, fmt.Errorf("unterminated %c at byte %d", c, start)
			}
			i++
			k := tokQuoted
			if c == '\'' {
				k = tokString
			}
			out = append(out, token{k, src[start:i]})
		case isWordByte(c) && !(c >= '0' && c <= '9'):
			for i < len(src) && isWordByte(src[i]) {
				i++
			}
			out = append(out, token{tokWord, src[start:i]})
		case c >= '0' && c <= '9':
			for i < len(src) && (isWordByte(src[i]) || src[i] == '.') {
				i++
			}
			out = append(out, token{tokNumber, src[start:i]})
		default:
			i++
			out = append(out, token{tokPunct, src[start:i]})
		}
	}
	return out, nil
}

func isWordByte(c byte) bool {
	return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c >= 0x80
}

// text joins tokens back into SQL.
func text(toks []token) string {
	var b strings.Builder
	for _, t := range toks {
		b.WriteString(t.text)
	}
	return strings.TrimSpace(b.String())
}

// code drops blanks and comments: what the statement says, for matching its shape.
func code(toks []token) []token {
	out := make([]token, 0, len(toks))
	for _, t := range toks {
		if t.kind != tokSpace && t.kind != tokComment {
			out = append(out, t)
		}
	}
	return out
}

// statements cuts tokens at top-level ';' and leaves out statements that are only blanks and
// comments.
func statements(toks []token) [][]token {
	var out [][]token
	for _, st := range splitTopAt(toks, ";") {
		if len(code(st)) > 0 {
			out = append(out, st)
		}
	}
	return out
}

// closing returns the index of the ')' that closes the '(' at toks[open], or -1.
func closing(toks []token, open int) int {
	depth := 0
	for i := open; i < len(toks); i++ {
		switch {
		case toks[i].punct("("):
			depth++
		case toks[i].punct(")"):
			depth--
			if depth == 0 {
				return i
			}
		}
	}
	return -1
}

// splitTop cuts tokens at top-level commas.
func splitTop(toks []token) [][]token { return splitTopAt(toks, ",") }

// splitTopAt cuts tokens at each sep outside parentheses; every piece is kept, empty ones too.
func splitTopAt(toks []token, sep string) [][]token {
	var out [][]token
	depth, start := 0, 0
	for i, t := range toks {
		switch {
		case t.punct("("):
			depth++
		case t.punct(")"):
			depth--
		case t.punct(sep) && depth == 0:
			out = append(out, toks[start:i])
			start = i + 1
		}
	}
	return append(out, toks[start:])
}
