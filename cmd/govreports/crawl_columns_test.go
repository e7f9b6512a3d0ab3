package main

import (
	"strings"
	"testing"

	"github.com/govreports/govreports/crawler"
)

func TestWriteColumns(t *testing.T) {
	s := crawler.Summary{
		Columns: map[string]crawler.ColumnCount{
			"http://a/col/col2001/index.html": {Declared: 120, Listed: 120, Fetched: 120, Reports: 120},
			"http://a/col/col2003/index.html": {Declared: 30, Listed: 15, Fetched: 15, Reports: 15},
		},
		ScriptPagers: []crawler.ScriptPager{{URL: "http://a/col/col2003/index.html", Kind: "jpage", Reason: "no parameters"}},
	}
	var b strings.Builder
	writeColumns(&b, s)
	out := b.String()
	for _, want := range []string{
		"columns: 2 listing 150 report(s), 135 fetched; 1 read in part",
		"http://a/col/col2003/index.html: declared 30, listed 15, fetched 15",
		"pager not followed: http://a/col/col2003/index.html (jpage): no parameters",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("summary lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "col2001/index.html:") {
		t.Errorf("a fully read column listed as partial:\n%s", out)
	}
	b.Reset()
	writeColumns(&b, crawler.Summary{})
	if b.Len() != 0 {
		t.Errorf("no columns, yet: %q", b.String())
	}
}
