package parser

import (
	"os"
	"strings"
	"testing"
)

// TestPerPageLimits: a page over the tag or field limit is read up to it, gets an input.cut
// issue, and the report before the padding is still read.
func TestPerPageLimits(t *testing.T) {
	page, err := os.ReadFile("testdata/html/a_2021_complete_utf8.html")
	if err != nil {
		t.Fatal(err)
	}
	i := strings.LastIndex(string(page), "</body>")
	pipe, err := os.ReadFile("../testdata/corpus/jinfeng-2022-pipe.txt")
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name    string
		in      string
		format  string
		cut     bool
		minCell int
	}{
		{"html under the limit", string(page), "html", false, 200},
		{"html padded with cells", string(page[:i]) + "<table><tr>" + strings.Repeat("<td>", MaxMarkupTags) + string(page[i:]), "html", true, 200},
		{"text under the limit", string(pipe), "text", false, 200},
		{"text padded with tab fields", string(pipe) + strings.Repeat("1\t", MaxTextFields), "text", true, 200},
		{"one pipe line", "某某镇2022年政府信息公开工作年度报告\n" + strings.Repeat("1|", MaxTextFields+5), "text", true, 0},
	}
	for _, c := range cases {
		res, err := Parse([]byte(c.in), Source{Name: c.name, Format: c.format})
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		got := false
		for _, is := range res.Issues {
			if is.Rule == "input.cut" {
				got = true
			}
		}
		if got != c.cut {
			t.Errorf("%s: input.cut issue %v, want %v", c.name, got, c.cut)
		}
		if len(res.Cells) < c.minCell {
			t.Errorf("%s: %d cells, want at least %d", c.name, len(res.Cells), c.minCell)
		}
	}
}

func TestMarkupPrefix(t *testing.T) {
	doc := strings.Repeat("<td>", MaxMarkupTags+3)
	p, cut := MarkupPrefix(doc)
	if !cut || strings.Count(p, "<") != MaxMarkupTags {
		t.Fatalf("cut %v, %d tags", cut, strings.Count(p, "<"))
	}
	if p, cut := MarkupPrefix("<p>a</p>"); cut || p != "<p>a</p>" {
		t.Fatalf("short page changed: %q %v", p, cut)
	}
	if p, cut := fieldsPrefix("a b|c\td"); cut || p != "a b|c\td" {
		t.Fatalf("short text changed: %q %v", p, cut)
	}
}

// FuzzPrefixes: the cut text is a prefix of the page, within the limit, and cut only when the
// page is over it.
func FuzzPrefixes(f *testing.F) {
	f.Add("<td>1</td><td>2|3\t4 5</td>")
	f.Add(strings.Repeat("<", 10))
	f.Fuzz(func(t *testing.T, s string) {
		p, cut := MarkupPrefix(s)
		if !strings.HasPrefix(s, p) || strings.Count(p, "<") > MaxMarkupTags || cut != (strings.Count(s, "<") > MaxMarkupTags) {
			t.Fatalf("MarkupPrefix: %d of %d bytes, cut %v", len(p), len(s), cut)
		}
		q, cut := fieldsPrefix(s)
		if !strings.HasPrefix(s, q) || (!cut && q != s) {
			t.Fatalf("fieldsPrefix: %d of %d bytes, cut %v", len(q), len(s), cut)
		}
	})
}

// TestPrefixShortcuts holds the length shortcuts of MarkupPrefix and fieldsPrefix to their
// bounds: the densest pages that are just within a limit and just over it.
func TestPrefixShortcuts(t *testing.T) {
	fields := strings.Repeat("1 ", MaxTextFields) // 2·MaxTextFields bytes, MaxTextFields fields
	for _, tc := range []struct {
		name, doc string
		fields    bool // fieldsPrefix, else MarkupPrefix
		cut       bool
		kept      int
	}{
		{"fields at the limit", fields, true, false, len(fields)},
		{"fields at the limit, no trailing space", fields[:len(fields)-1], true, false, len(fields) - 1},
		{"one field over", fields + "1", true, true, len(fields)},
		{"tags at the limit", strings.Repeat("<", MaxMarkupTags), false, false, MaxMarkupTags},
		{"one tag over", strings.Repeat("<", MaxMarkupTags+1), false, true, MaxMarkupTags},
		{"long page, tags at the limit", strings.Repeat("<a", MaxMarkupTags), false, false, 2 * MaxMarkupTags},
	} {
		prefix := MarkupPrefix
		if tc.fields {
			prefix = fieldsPrefix
		}
		p, cut := prefix(tc.doc)
		if cut != tc.cut || len(p) != tc.kept {
			t.Errorf("%s: cut %v, kept %d bytes; want %v, %d", tc.name, cut, len(p), tc.cut, tc.kept)
		}
	}
}
