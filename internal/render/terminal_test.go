package render

import (
	"bytes"
	"testing"
	"unicode/utf8"
)

func TestTerminalText(t *testing.T) {
	cases := []struct{ in, want string }{
		{"示例县2022年报告", "示例县2022年报告"},
		{"a\x1b[2Jb", `a\x1b[2Jb`},
		{"ring\x07", `ring\x07`},
		{"over\rwrite", `over\x0dwrite`},
		{"lines\nand\ttabs", "lines\nand\ttabs"},
		{"del\x7f", `del\x7f`},
		{"c1\u009b31m", `c1\u009b31m`},
		{"bidi\u202eevil", `bidi\u202eevil`},
		{"é—“quotes”", "é—“quotes”"},
		{"raw\x9bbyte", "raw\ufffdbyte"},
	}
	for _, c := range cases {
		if got := TerminalText(c.in); got != c.want {
			t.Errorf("TerminalText(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestTerminalWriterSplitRune(t *testing.T) {
	var b bytes.Buffer
	w := TerminalWriter(&b)
	s := []byte("x\u009by\x1b")
	for i := range s {
		w.Write(s[i : i+1])
	}
	if got := b.String(); got != `x\u009by\x1b` {
		t.Fatalf("got %q", got)
	}
}

// FuzzTerminalText: whatever the input, no C0 control but newline and tab, no DEL and no C1
// comes out.
func FuzzTerminalText(f *testing.F) {
	f.Add("a\x1b[31mb\x07\r\u009b\u202e")
	f.Fuzz(func(t *testing.T, s string) {
		if !utf8.ValidString(TerminalText(s)) {
			t.Fatalf("invalid UTF-8 left in %q", TerminalText(s))
		}
		for _, r := range TerminalText(s) {
			if r < 0x20 && r != '\n' && r != '\t' || r == 0x7f || r >= 0x80 && r <= 0x9f {
				t.Fatalf("control %U left in %q", r, TerminalText(s))
			}
		}
	})
}
