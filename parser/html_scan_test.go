package parser

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
	"golang.org/x/net/html"

	"github.com/govreports/govreports/internal/charset"
)

// scanTokens lists the tokens the scanner reads from doc, as the tree builder sees them
// (comments and declarations left out), and whether it read the page to its end.
func scanTokens(doc string) (toks []string, whole bool) {
	sc := scanner{s: doc}
	var b treeBuilder
	for {
		switch sc.next() {
		case scanEOF:
			return toks, true
		case scanStop:
			return toks, false
		case scanText:
			toks = append(toks, fmt.Sprintf("text %q", sc.text))
		case scanStart:
			a, name := sc.tag(&b)
			spans := ""
			if sc.cellTag {
				spans = fmt.Sprint(sc.cellSpans())
				if sc.stop {
					return toks, false // a span it cannot read: this tag goes to the tokenizer
				}
			}
			toks = append(toks, fmt.Sprintf("start %v %q %s", a, name, spans))
		case scanEnd:
			a, name := sc.tag(&b)
			toks = append(toks, fmt.Sprintf("end %v %q", a, name))
		}
	}
}

// tokenizerTokens lists the x/net tokenizer's tokens of doc the same way.
func tokenizerTokens(doc string) []string {
	z := html.NewTokenizer(strings.NewReader(doc))
	var b treeBuilder
	var toks []string
	for {
		switch z.Next() {
		case html.ErrorToken:
			return toks
		case html.TextToken:
			toks = append(toks, fmt.Sprintf("text %q", z.Text()))
		case html.StartTagToken, html.SelfClosingTagToken:
			a, name := b.tagName(z.Raw(), false)
			spans := ""
			if n, _ := z.TagName(); string(n) == "td" || string(n) == "th" {
				spans = fmt.Sprint(tokenizerSpans{z}.cellSpans())
			}
			toks = append(toks, fmt.Sprintf("start %v %q %s", a, name, spans))
		case html.EndTagToken:
			a, name := b.tagName(z.Raw(), true)
			toks = append(toks, fmt.Sprintf("end %v %q", a, name))
		}
	}
}

// FuzzScanTokens holds the scanner to the x/net tokenizer: the tokens it reads are the
// tokenizer's, up to where it stops; and the pages it reads whole it reads as the tokenizer
// does to the end.
func FuzzScanTokens(f *testing.F) {
	for _, s := range []string{
		`<!DOCTYPE html><html><head><meta charset="gbk"><title>a &amp; b</title><style>p{}</style></head>` +
			`<body><p class=x id='y' data-z>总体情况&nbsp;1</p><table><tr><td rowspan="2" COLSPAN=3 rowspan=4>1</td><th>2</th></tr></table>` +
			`<!-- note --><script>var a = "</td>";</script></body></html>`,
		"a < b <3 </> <? x ?> <!x> </3> <a/b=c d= e =f>\r\n\rx", "<p a=\"x>y\" b='>'>t</P >", "<td colspan=&quot;2>x",
		"<!---->x<!-- a -- b --->y<!-- c --!>z", "<script><!-- x --></script>", "<textarea>x</textarea>", "<a", "<a b=", "x<",
		"<TITLE>x</titlex></TITLE>", "<td rowspan=2\r>", "<br/><br / ><img src=a/>", "<\u00c4>x</\u00e4>",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, doc string) {
		if strings.IndexByte(doc, 0) >= 0 {
			return // quickTree leaves pages with NUL to html.Parse before scanning
		}
		got, whole := scanTokens(doc)
		want := tokenizerTokens(doc)
		if len(got) > len(want) || (whole && len(got) != len(want)) {
			t.Fatalf("%q: scanner %d tokens (whole %v), tokenizer %d:\n%q\n%q", doc, len(got), whole, len(want), got, want)
		}
		for i := range got {
			if got[i] != want[i] {
				t.Fatalf("%q: token %d: scanner %s, tokenizer %s", doc, i, got[i], want[i])
			}
		}
	})
}

// TestScanTreeTakesMadePages: the scanner reads every made page whole, and the benchmark's
// pages too (none goes back to the tokenizer): the fast path is the path they take.
func TestScanTreeTakesMadePages(t *testing.T) {
	paths, err := filepath.Glob("testdata/html/*.html")
	if err != nil {
		t.Fatal(err)
	}
	var docs []string
	for _, p := range paths {
		raw, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		dec, err := charset.Decode(raw, "")
		if err != nil {
			t.Fatal(err)
		}
		docs = append(docs, dec.Text)
	}
	for _, page := range madeGBKPages(t, 24<<10) {
		dec, err := charset.Decode(page, "")
		if err != nil {
			t.Fatal(err)
		}
		docs = append(docs, dec.Text)
	}
	for i, doc := range docs {
		if _, whole := scanTokens(doc); !whole {
			t.Errorf("page %d: the scanner stopped", i)
		}
	}
}

// FuzzHTMLTitle holds htmlTitle's own search to goquery's Find("title").First().Text() (and
// "h1"), which it replaces, on the tree html.Parse builds of any page.
func FuzzHTMLTitle(f *testing.F) {
	for _, s := range []string{"<title>a</title><h1>b</h1>", "<h1> <b>x</b>y</h1><h1>z</h1>", "<svg><title>s</title></svg><title>t</title>",
		"<title> </title><div><h1>年度报告</h1></div>", "<p>no title"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, doc string) {
		root, err := html.Parse(strings.NewReader(doc))
		if err != nil {
			return
		}
		d := goquery.NewDocumentFromNode(root)
		want := foldCellText(d.Find("title").First().Text())
		if want == "" {
			want = foldCellText(d.Find("h1").First().Text())
		}
		if got := htmlTitle(root); got != want {
			t.Fatalf("%q: title %q, goquery %q", doc, got, want)
		}
	})
}
