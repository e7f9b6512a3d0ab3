package crawler

import (
	"slices"
	"strings"
	"testing"
)

func TestScriptPages(t *testing.T) {
	cases := []struct {
		script string
		want   []string
	}{
		{`createPageHTML(3, 0, "index", "html");`, []string{"index.html", "index_1.html", "index_2.html"}},
		{`var currentPage = 0; var countPage = 2; createPageHTML(countPage, currentPage, "index", "shtml");`, []string{"index.shtml", "index_1.shtml"}},
		{`createPageHTML(1, 0, "index", "html");`, nil},
		{`createPageHTML(countPage, 0, "index", "html");`, nil}, // unknown variable
		{`createPageHTML(2, 0, "../../etc/passwd", "html");`, nil},
		{`document.write("no pager here")`, nil},
		{`createPageHTML(99999, 0, "index", "html");`, nil}, // capped, checked below
	}
	for _, c := range cases[:len(cases)-1] {
		if got := scriptPages(c.script); !slices.Equal(got, c.want) {
			t.Errorf("%q: %q, want %q", c.script, got, c.want)
		}
	}
	if got := scriptPages(cases[len(cases)-1].script); len(got) != maxScriptPages {
		t.Errorf("huge page count: %d pages, want the cap %d", len(got), maxScriptPages)
	}
}

func TestTRSPagerNote(t *testing.T) {
	cases := []struct {
		script string
		want   string // a substring of the note, "" for none
	}{
		{`createPageHTML(3, 0, "index", "html");`, ""},
		{`createPageHTML('page_div', 4, 1, 'list', 'html', 37);`, ""},
		{`createPageHTML(countPage, 0, "index", "html");`, "not literals"},
		{`createPageHTML(99999, 0, "index", "html");`, "over the limit"},
		{`document.write("no pager")`, ""},
	}
	for _, c := range cases {
		n := trsPagerNote(c.script)
		switch {
		case c.want == "" && n != nil:
			t.Errorf("%q: note %+v, want none", c.script, n)
		case c.want != "" && (n == nil || !strings.Contains(n.reason, c.want)):
			t.Errorf("%q: note %+v, want %q", c.script, n, c.want)
		}
	}
}

func TestIsPagerLink(t *testing.T) {
	cases := []struct {
		text, href string
		want       bool
	}{
		{"下一页", "/col/col1/index.html?uid=1&pageNum=2", true},
		{"尾页", "/x", true},
		{"3", "/x", true},
		{"", "/zwgk/index_4.html", true},
		{"", "/list?page=2", true},
		{"政府信息公开年报", "/zwgk/nb.html", false},
	}
	for _, c := range cases {
		if got := isPagerLink(c.text, c.href); got != c.want {
			t.Errorf("%q %q: %v", c.text, c.href, got)
		}
	}
}
