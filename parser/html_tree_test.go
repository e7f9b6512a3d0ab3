package parser

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/html"

	"github.com/govreports/govreports/internal/charset"
)

// sameAsParse fails when quickTree built a tree that htmlTokens reads otherwise than the tree of
// html.Parse. It reports whether quickTree took the page.
func sameAsParse(t *testing.T, doc string) bool {
	t.Helper()
	quick, ok := quickTree(doc, new(nodeArena))
	if !ok {
		return false
	}
	full, err := html.Parse(strings.NewReader(doc))
	if err != nil {
		t.Fatalf("quickTree took a page html.Parse refuses (%v)", err)
	}
	qt, qtoks := treeTokens(quick)
	ft, ftoks := treeTokens(full)
	if qt != ft {
		t.Fatalf("title %q, html.Parse %q", qt, ft)
	}
	if !reflect.DeepEqual(qtoks, ftoks) {
		for i := range min(len(qtoks), len(ftoks)) {
			if !reflect.DeepEqual(qtoks[i], ftoks[i]) {
				t.Fatalf("token %d: %+v, html.Parse %+v", i, qtoks[i], ftoks[i])
			}
		}
		t.Fatalf("%d tokens, html.Parse %d", len(qtoks), len(ftoks))
	}
	return true
}

// Every made page, as published and as the benchmark's GBK pages, reads the same through
// quickTree as through html.Parse, and quickTree takes the well-formed ones.
func TestQuickTreeSameAsParse(t *testing.T) {
	paths, err := filepath.Glob("testdata/html/*.html")
	if err != nil {
		t.Fatal(err)
	}
	taken := 0
	for _, p := range paths {
		raw, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		dec, err := charset.Decode(raw, "")
		if err != nil {
			t.Fatal(err)
		}
		t.Run(filepath.Base(p), func(t *testing.T) {
			if sameAsParse(t, dec.Text) {
				taken++
			}
		})
	}
	if taken < len(paths)/2 {
		t.Errorf("quickTree took %d of %d made pages", taken, len(paths))
	}
}

// Constructs that html.Parse builds otherwise than by nesting: quickTree must leave each to it,
// or build the same.
func TestQuickTreeHardCases(t *testing.T) {
	for _, tc := range quickTreeCases {
		t.Run(tc.name, func(t *testing.T) {
			if got := sameAsParse(t, tc.doc); got != tc.taken {
				t.Errorf("quickTree took the page: %v, want %v", got, tc.taken)
			}
		})
	}
}

var quickTreeCases = []struct {
	name, doc string
	taken     bool // quickTree is expected to build this page itself
}{
	{"plain", `<html><head><title>某局2022年报</title></head><body><p>一、总体情况</p><table><tr><td rowspan=2>a</td><td>1</td></tr></table></body></html>`, true},
	{"implied everything", `<title>t</title><p>x<table><tr><td>1</td></tr></table>`, false},
	{"implied body and tbody", `<title>t</title><div>x</div><table><tr><td colSpan="2">1</td></tr></table>`, true},
	{"head element after head", `<head></head><meta charset=gbk><title>t</title><body><p>x</p>`, true},
	{"unclosed p", `<body><p>a<p>b</body>`, false},
	{"div in p", `<body><p>a<div>b</div></p></body>`, false},
	{"foster parented text", `<body><table>x<tr><td>1</td></tr></table></body>`, false},
	{"foster parented element", `<body><table><div>x</div><tr><td>1</td></tr></table></body>`, false},
	{"nbsp between rows", "<body><table><tr>&nbsp;<td>1</td></tr></table></body>", false},
	{"cell in table", `<body><table><td>1</td></table></body>`, false},
	{"unclosed cell", `<body><table><tr><td>1<td>2</tr></table></body>`, false},
	{"misnested formatting", `<body><p><b>a<i>b</b>c</i></p></body>`, false},
	{"nested li", `<body><ul><li>a<ul><li>b</li></ul></li></ul></body>`, true},
	{"li in li", `<body><ul><li>a<li>b</ul></body>`, false},
	{"a in a", `<body><a>x<a>y</a></a></body>`, false},
	{"text after body", `<body><p>a</p></body>b`, false},
	{"space after html", "<body><p>a</p></body></html>\n", true},
	{"pre", "<body><pre>\nx</pre></body>", false},
	{"textarea", "<body><textarea><p>x</p></textarea></body>", false},
	{"nul", "<body>a\x00b</body>", false},
	{"script in table", `<body><table><script>var s="<td>";</script><tr><td>1</td></tr></table></body>`, true},
	{"table in cell", `<body><table><tr><td><table><tr><td>1</td></tr></table></td></tr></table></body>`, true},
	{"stray end tag", `<body><p>a</p></div></body>`, false},
	{"end br", `<body><p>a</br>b</p></body>`, false},
	{"unclosed at eof", `<body><div><span>a`, true},
	{"deep", "<body>" + strings.Repeat("<div>", 600) + "x", false},
	{"quirks table in p", `<p>a<table><tr><td>1</td></tr></table>`, false},
	{"heading in heading", `<body><h1>a<h2>b</h2></h1></body>`, false},
	{"unknown elements", `<body><p class=MsoNormal><span lang=EN-US>1<o:p></o:p></span></p></body>`, true},
	{"entities", `<body><p>&lt;a&gt; &amp; &nbsp;&#x4e00;</p></body>`, true},
	{"uppercase tags", `<HTML><BODY><TABLE><TR><TD ROWSPAN=3>a</TD></TR></TABLE></BODY></HTML>`, true},
	{"space in a table in a heading", "<h1>0<table> <tr><td></td></tr> <tr><td>0", true}, // found by FuzzQuickTree
}

// FuzzQuickTree: whatever page quickTree builds reads as html.Parse's tree reads.
func FuzzQuickTree(f *testing.F) {
	// Small seeds: the made pages are 8–60 KB, and gathering their coverage took the fuzzer
	// longer than a CI run gives each target.
	for _, tc := range quickTreeCases {
		f.Add([]byte(tc.doc))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > 1<<16 {
			return
		}
		sameAsParse(t, string(data))
	})
}

// FuzzTextBuilder holds textBuilder's copying of whole runs (and its keeping a first run as a
// view of its input) to folding one rune at a time: one text, two texts with a boundary between
// them, two texts one after the other.
func FuzzTextBuilder(f *testing.F) {
	for _, s := range []string{"a  b", " 自 然 人 ", "x\u200by", "\u3000总计\u00a0", "a\xffb", "\xe4\xb8", "规章\n\t文件", "—"} {
		f.Add(s, "tail")
	}
	f.Fuzz(func(t *testing.T, a, b string) {
		for _, parts := range [][]string{{a}, {a, " ", b}, {a, b}} {
			var tb textBuilder
			var want strings.Builder
			pending := false
			fold := func(s string) {
				for i := 0; i < len(s); {
					r, n := utf8.DecodeRuneInString(s[i:])
					i += n
					switch {
					case r == '\u200b' || r == '\u200c' || r == '\u200d' || r == '\ufeff' || r == '\u00ad':
					case unicode.IsSpace(r):
						pending = true
					default:
						if pending && want.Len() > 0 {
							want.WriteByte(' ')
						}
						pending = false
						want.WriteRune(r)
					}
				}
			}
			for i, p := range parts {
				if i == 1 && len(parts) == 3 {
					tb.space() // the boundary (<br>, a block) between the texts
					pending = true
					continue
				}
				tb.add(p)
				fold(p)
			}
			if got := tb.take(); got != want.String() {
				t.Fatalf("%q: folded %q, rune by rune %q", parts, got, want.String())
			}
			if got := tb.take(); got != "" {
				t.Fatalf("%q: take after take = %q", parts, got)
			}
		}
	})
}
