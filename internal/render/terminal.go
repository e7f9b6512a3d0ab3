package render

import (
	"fmt"
	"io"
	"strings"
	"unicode/utf8"
)

// Terminal output shows crawled text (titles, agency names, cell text, issue messages), and a
// page can hold any byte: ESC starts a terminal control sequence (colours, cursor moves, window
// titles, on some terminals worse), BEL rings, CR rewrites the line. What goes to a terminal
// goes through here: control characters are shown escaped, as \x1b or \u009b.

// TerminalText escapes the control characters of s: C0 (but newline and tab), DEL, C1, and the
// bidirectional overrides that reorder what a line seems to say.
func TerminalText(s string) string {
	if !needsEscape(s) {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == utf8.RuneError:
			b.WriteRune(r)
		case r < 0x20 && r != '\n' && r != '\t', r == 0x7f:
			fmt.Fprintf(&b, `\x%02x`, r)
		case r >= 0x80 && r <= 0x9f, r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069:
			fmt.Fprintf(&b, `\u%04x`, r)
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

func needsEscape(s string) bool {
	if !utf8.ValidString(s) {
		return true // a stray 0x9b byte is CSI to a terminal not in UTF-8 mode: shown as U+FFFD
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < 0x20 && c != '\n' && c != '\t' || c == 0x7f || c == 0xc2 || c == 0xe2 {
			return true // 0xc2: U+0080–U+00BF (C1 among them); 0xe2: U+2000–U+2FFF (bidi among them)
		}
	}
	return false
}

// TerminalWriter passes everything written to w through TerminalText. A UTF-8 sequence split
// between two writes is held back until it is whole.
func TerminalWriter(w io.Writer) io.Writer { return &terminalWriter{w: w} }

type terminalWriter struct {
	w    io.Writer
	tail []byte
}

func (t *terminalWriter) Write(p []byte) (int, error) {
	buf := append(t.tail, p...)
	cut := len(buf)
	// Hold back an incomplete rune at the end (at most 3 bytes).
	for i := len(buf) - 1; i >= 0 && i >= len(buf)-3; i-- {
		if utf8.RuneStart(buf[i]) {
			if !utf8.FullRune(buf[i:]) {
				cut = i
			}
			break
		}
	}
	t.tail = append([]byte(nil), buf[cut:]...)
	if _, err := io.WriteString(t.w, TerminalText(string(buf[:cut]))); err != nil {
		return 0, err
	}
	return len(p), nil
}
