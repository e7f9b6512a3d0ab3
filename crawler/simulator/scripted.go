package simulator

import (
	"encoding/json"
	"fmt"
	"strings"
)

// The scripted portal (NewScripted) is made up: its report columns are paged
// or listed only by scripts, in the ways government CMSs do it besides
// Hanweb's jpage (hanweb.go) and TRS's createPageHTML (site.go, site2.go):
//
//   - /gp/: a goPage(n) pager — function goPage(p) builds "list_" + p +
//     ".html", only javascript:goPage(2) is linked, the count is in 共4页;
//     34 reports, 10 a page;
//   - /nb/: a <select onchange> year picker whose options carry the year
//     columns' URLs; each year lists 12 reports over 2 pages (createPageHTML);
//   - /tree/: a zTree column tree loaded from /tree/nodes.json (25 reports
//     under one node) and an inline zNodes node leading to a list page of 3;
//   - /form/: a goPage that submits a form (not followable: noted), with 4
//     reports on its first page only.
//
// Every list holds more records than one page shows.

// ScriptedColumn is one script-listed column.
type ScriptedColumn struct {
	Dir     string
	Reports int
	Agency  string
}

// ScriptedColumns are the scripted portal's columns, by what lists them.
var ScriptedColumns = map[string]ScriptedColumn{
	"goPage": {Dir: "/gp/", Reports: 34, Agency: "示例区第%d单位"},
	"select": {Dir: "/nb/", Reports: 36, Agency: "示例区第%d街道"},
	"tree":   {Dir: "/tree/", Reports: 28, Agency: "示例区第%d部门"},
	"form":   {Dir: "/form/", Reports: 4, Agency: "示例区第%d乡镇"},
}

// ScriptedPerPage is how many reports a list page shows.
const ScriptedPerPage = 10

// ReportPath is the path of report k (0-based) of the column.
func (c ScriptedColumn) ReportPath(k int) string {
	return fmt.Sprintf("%sart/t_%d.html", c.Dir, k+1)
}

func (c ScriptedColumn) spec(k int) ReportSpec {
	return ReportSpec{Agency: fmt.Sprintf(c.Agency, k+1), Year: 2021 + k%3, Form: "2021", Seed: len(c.Dir)*500 + k, Complete: true}
}

// ScriptedExpectedReports are the report paths a complete crawl finds.
func ScriptedExpectedReports() []string {
	var out []string
	for _, c := range ScriptedColumns {
		for k := 0; k < c.Reports; k++ {
			out = append(out, c.ReportPath(k))
		}
	}
	return out
}

// NewScripted starts the scripted portal.
func NewScripted(opts Options) *Portal { return start(opts, (*Portal).buildScripted) }

func (c ScriptedColumn) items(from, to int) string {
	var b strings.Builder
	for k := from; k < min(to, c.Reports); k++ {
		fmt.Fprintf(&b, "<li><a href=\"%s\" target=\"_blank\">%s</a><span>2024-01-20</span></li>\n", c.ReportPath(k), c.spec(k).Title())
	}
	return b.String()
}

func scriptedPage(title, crumb, body string) []byte {
	return []byte(fmt.Sprintf(`<!DOCTYPE html><html><head><meta charset="utf-8"><title>%s_示例区人民政府</title></head><body>
<div class="position">当前位置：<a href="/">首页</a> &gt; %s</div>
%s
</body></html>`, title, crumb, body))
}

func (p *Portal) buildScripted() {
	const html = "text/html; charset=utf-8"
	p.add("/robots.txt", []byte("User-agent: *\nDisallow: /search/\n"), "text/plain", "")
	p.add("/", []byte(`<!DOCTYPE html><html><head><meta charset="utf-8"><title>示例区人民政府</title></head><body>
<ul><li><a href="/gp/index.html">政府信息公开年报（单位）</a></li>
<li><a href="/nb/index.html">政府信息公开年报（街道）</a></li>
<li><a href="/tree/index.html">部门政府信息公开年报</a></li>
<li><a href="/form/index.html">乡镇政府信息公开年报</a></li></ul>
<a href="`+p.Offsite.URL+`/nb/index.html">示例市政府信息公开年报</a></body></html>`), html, "")
	for _, c := range ScriptedColumns {
		for k := 0; k < c.Reports; k++ {
			p.add(c.ReportPath(k), []byte(ReportPage(c.spec(k), `<meta charset="utf-8">`, "")), html, "")
		}
	}

	// goPage: page 1 is index.html, page n list_n.html; only the next page is linked.
	gp := ScriptedColumns["goPage"]
	pages := (gp.Reports + ScriptedPerPage - 1) / ScriptedPerPage
	goPage := `<script type="text/javascript">
function goPage(p) {
	if (p == 1) { window.location.href = "index.html"; return; }
	window.location.href = "list_" + p + ".html";
}
</script>`
	for n := 1; n <= pages; n++ {
		next := ""
		if n < pages {
			next = fmt.Sprintf(`<a href="javascript:goPage(%d)">下一页</a>`, n+1)
		}
		path := fmt.Sprintf("/gp/list_%d.html", n)
		if n == 1 {
			path = "/gp/index.html"
		}
		p.add(path, scriptedPage("政府信息公开年报", "政府信息公开年报", "<ul>"+gp.items((n-1)*ScriptedPerPage, n*ScriptedPerPage)+
			fmt.Sprintf(`</ul><div class="page">共%d页 第%d页 %s</div>`, pages, n, next)+goPage), html, "")
	}

	// A year picker: the options carry the year columns' URLs.
	sel := ScriptedColumns["select"]
	years := []int{2023, 2022, 2021}
	var opts strings.Builder
	opts.WriteString(`<select id="year" onchange="window.location.href=this.options[this.selectedIndex].value"><option value="">请选择年份</option>`)
	for _, y := range years {
		fmt.Fprintf(&opts, `<option value="/nb/%d/index.html">%d年</option>`, y, y)
	}
	opts.WriteString(`</select>`)
	p.add("/nb/index.html", scriptedPage("政府信息公开年报", "政府信息公开年报", `<p>请选择年度：</p>`+opts.String()), html, "")
	per := sel.Reports / len(years)
	for i, y := range years {
		for n := 0; n < 2; n++ {
			path := fmt.Sprintf("/nb/%d/index.html", y)
			if n > 0 {
				path = fmt.Sprintf("/nb/%d/index_%d.html", y, n)
			}
			from := i*per + n*ScriptedPerPage
			to := min(i*per+per, from+ScriptedPerPage)
			p.add(path, scriptedPage(fmt.Sprintf("%d年", y), fmt.Sprintf(`<a href="/nb/index.html">政府信息公开年报</a> &gt; %d年`, y),
				"<ul>"+sel.items(from, to)+fmt.Sprintf(`</ul><div id="page_div"></div><script>createPageHTML(2, %d, "index", "html");</script>`, n)), html, "")
		}
	}

	// A zTree loaded from JSON, and one inline node.
	tr := ScriptedColumns["tree"]
	const inline = 3
	var nodes []map[string]any
	for k := inline; k < tr.Reports; k++ {
		nodes = append(nodes, map[string]any{"id": k + 10, "pId": 1, "name": tr.spec(k).Title(), "url": tr.ReportPath(k)})
	}
	tree, _ := json.Marshal([]map[string]any{{"id": 1, "pId": 0, "name": "部门政府信息公开年报", "open": true, "children": nodes}})
	p.add("/tree/nodes.json", tree, "application/json;charset=UTF-8", "")
	p.add("/tree/index.html", scriptedPage("部门政府信息公开年报", "部门政府信息公开年报", `<ul id="tree" class="ztree"></ul>
<script type="text/javascript">
var setting = { async: { enable: true, type: "get", url: "/tree/nodes.json" }, data: { simpleData: { enable: true } } };
var zNodes = [{ id: 2, pId: 0, name: "其他部门年报", url: "/tree/other.html" }];
$(document).ready(function(){ $.fn.zTree.init($("#tree"), setting, zNodes); });
</script>`), html, "")
	p.add("/tree/other.html", scriptedPage("其他部门年报", "部门政府信息公开年报 &gt; 其他部门年报", "<ul>"+tr.items(0, inline)+"</ul>"), html, "")

	// goPage that posts a form: noted, not followed.
	fm := ScriptedColumns["form"]
	p.add("/form/index.html", scriptedPage("乡镇政府信息公开年报", "乡镇政府信息公开年报", "<ul>"+fm.items(0, fm.Reports)+`</ul>
<form name="pageForm" method="post" action="/form/list.do"><input type="hidden" name="page" value="1"></form>
<div class="page">共3页 <a href="javascript:goPage(2)">下一页</a></div>
<script>function goPage(n) { document.pageForm.page.value = n; document.pageForm.submit(); }</script>`), html, "")
}
