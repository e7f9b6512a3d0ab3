package crawler

import (
	"slices"
	"strings"
	"testing"

	"golang.org/x/net/html"
)

func TestGoPagePages(t *testing.T) {
	fn := `function goPage(p) { if (p == 1) { window.location.href = "index.html"; return; } window.location.href = "list_" + p + ".html"; }`
	cases := []struct {
		name    string
		scripts []string
		calls   []string
		text    string
		want    []string
		note    string // a substring of the note, "" for none
	}{
		{"count from 共N页", []string{fn}, []string{"javascript:goPage(2)"}, "共4页第1页下一页",
			[]string{"list_1.html", "list_2.html", "list_3.html", "list_4.html"}, ""},
		{"count from the largest call", []string{fn}, []string{"goPage(1)", "goPage(3)"}, "", []string{"list_1.html", "list_2.html", "list_3.html"}, ""},
		{"count variable, TRS index_(n-1)", []string{`var totalPage = 3; function toPage(n){ location.href = "index_" + (n-1) + ".html"; }`},
			[]string{"toPage(2)"}, "", []string{"index_1.html", "index_2.html"}, ""},
		{"query pattern, no suffix", []string{`function gotoPage(pageNo) { window.location = "?uid=7&pageNum=" + pageNo; }`},
			[]string{"gotoPage(2)"}, "", []string{"?uid=7&pageNum=1", "?uid=7&pageNum=2"}, ""},
		{"a form post", []string{`function goPage(n) { document.f.page.value = n; document.f.submit(); }`}, []string{"goPage(2)"}, "共3页", nil, "no URL"},
		{"defined elsewhere", nil, []string{"javascript:goPage(5)"}, "", nil, "not defined"},
		{"huge count is bounded", []string{fn}, []string{"goPage(2)"}, "共99999页", nil, "over the limit"},
		{"no pager", []string{"var a = 1;"}, nil, "", nil, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, note := goPagePages(c.scripts, c.calls, c.text)
			if c.name == "huge count is bounded" {
				if len(got) != maxScriptPages {
					t.Errorf("%d pages, want the cap %d", len(got), maxScriptPages)
				}
			} else if !slices.Equal(got, c.want) {
				t.Errorf("pages %q, want %q", got, c.want)
			}
			switch {
			case c.note == "" && note != nil:
				t.Errorf("note %+v, want none", note)
			case c.note != "" && (note == nil || !strings.Contains(note.reason, c.note)):
				t.Errorf("note %+v, want one saying %q", note, c.note)
			}
		})
	}
}

func TestSelectPicker(t *testing.T) {
	cases := []struct {
		markup string
		want   []string
		note   bool
	}{
		{`<select onchange="window.location.href=this.value"><option value="">请选择</option><option value="/nb/2023/index.html">2023年</option><optgroup label="旧"><option value="../2021/index.html">2021年</option></optgroup></select>`,
			[]string{"/nb/2023/index.html", "../2021/index.html"}, false},
		{`<select onchange="location=this.options[this.selectedIndex].value"><option value="2023">2023</option><option value="2022">2022</option></select>`, nil, true},
		{`<select name="year"><option value="/a.html">a</option></select>`, nil, false}, // a form's select
		{`<select onchange="changeColumn(this.value)"><option value="col_12.html">2012年</option></select>`, []string{"col_12.html"}, false},
	}
	for _, c := range cases {
		doc, _ := html.Parse(strings.NewReader(c.markup))
		var sel *html.Node
		var find func(*html.Node)
		find = func(n *html.Node) {
			if n.Type == html.ElementNode && n.Data == "select" && sel == nil {
				sel = n
			}
			for k := n.FirstChild; k != nil; k = k.NextSibling {
				find(k)
			}
		}
		find(doc)
		links, note := selectPicker(sel)
		var got []string
		for _, l := range links {
			got = append(got, l.href)
			if !l.pager {
				t.Errorf("%s: option link not a pager", l.href)
			}
		}
		if !slices.Equal(got, c.want) || (note != nil) != c.note {
			t.Errorf("%s:\n got %q note %+v\n want %q note %v", c.markup, got, note, c.want, c.note)
		}
	}
}

func TestTreeScriptAndLinks(t *testing.T) {
	nodes, sources, note := treeScript(`var setting = {async: {enable: true, url: "/tree/nodes.json"}};
var zNodes = [{id: 2, pId: 0, name: "2022年年报", url: "/col/2022.html"}, {id: 3, name: "无链接"}];
$.fn.zTree.init($("#t"), setting, zNodes);`)
	if !slices.Equal(sources, []string{"/tree/nodes.json"}) || len(nodes) != 1 || nodes[0].href != "/col/2022.html" || nodes[0].text != "2022年年报" || note != nil {
		t.Errorf("inline tree: nodes %+v sources %q note %+v", nodes, sources, note)
	}
	if _, sources, note := treeScript(`$.ajax({type: "POST", url: "/tree.do", success: function(d){ $.fn.zTree.init($("#t"), {}, d); }});`); len(sources) != 0 || note == nil {
		t.Errorf("a tree loaded by POST: sources %q note %+v", sources, note)
	}
	if n, s, _ := treeScript(`var street = {url: "/a.html"};`); n != nil || s != nil {
		t.Errorf("no tree: %+v %q", n, s)
	}
	links := treeLinks([]byte(`[{"name":"年报","children":[{"name":"甲局2022年政府信息公开工作年度报告","url":"/art/1.html"},{"text":"乙","href":"/art/2.html","nodes":[{"title":"丙","link":"/art/3.html"}]}]},{"url":"javascript:void(0)"}]`))
	var got []string
	for _, l := range links {
		got = append(got, l.href+" "+l.text)
	}
	if want := []string{"/art/1.html 甲局2022年政府信息公开工作年度报告", "/art/2.html 乙", "/art/3.html 丙"}; !slices.Equal(got, want) {
		t.Errorf("tree links %q, want %q", got, want)
	}
	if treeLinks([]byte("not json")) != nil {
		t.Error("links from a body that is no JSON")
	}
}

// A site-wide 友情链接 picker is no pager: its options are ordinary links.
func TestSelectPickerLinksAreNoPagers(t *testing.T) {
	doc, _ := html.Parse(strings.NewReader(`<select onchange="window.open(this.value)"><option value="">友情链接</option><option value="http://www.example.gov.cn/">示例市人民政府</option><option value="/nb/2022/index.html">2022年</option></select>`))
	var sel *html.Node
	var find func(*html.Node)
	find = func(n *html.Node) {
		if n.Type == html.ElementNode && n.Data == "select" {
			sel = n
		}
		for k := n.FirstChild; k != nil; k = k.NextSibling {
			find(k)
		}
	}
	find(doc)
	links, _ := selectPicker(sel)
	if len(links) != 2 || links[0].pager || !links[1].pager {
		t.Errorf("picker links %+v: want the site link plain, the year a pager", links)
	}
}
