package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestNoControlCharactersOnTheTerminal: ESC, BEL and CR in a crawled page (here in its title,
// agency line and a cell) reach neither `validate` nor `parse --format table` raw. They did.
func TestNoControlCharactersOnTheTerminal(t *testing.T) {
	b, err := os.ReadFile(sample)
	if err != nil {
		t.Fatal(err)
	}
	// The sample with control characters put in: a made input, written here.
	page := strings.Replace(string(b), "冶金工业园", "冶金工业园\x1b]0;owned\x07\x1b[2J\r", 1)
	page = strings.Replace(page, "年度报告", "年度报告\x1b[31m", 1)
	p := filepath.Join(t.TempDir(), "ctl.txt")
	if err := os.WriteFile(p, []byte(page), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{{"validate", p}, {"parse", "--format", "table", p}} {
		r := runCmd(t, nil, args...)
		if r.stdout == "" {
			t.Fatalf("%v: no output (exit %d): %s", args, r.code, r.stderr)
		}
		if i := strings.IndexFunc(r.stdout, func(c rune) bool { return c < 0x20 && c != '\n' && c != '\t' || c == 0x7f }); i >= 0 {
			t.Errorf("%v: control character %q in the output: %q", args, r.stdout[i], r.stdout[max(0, i-40):min(len(r.stdout), i+20)])
		}
		if !strings.Contains(r.stdout, `\x1b`) {
			t.Errorf("%v: the escaped form is not shown:\n%.400s", args, r.stdout)
		}
	}
}
