package simulator

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
)

// The Hanweb portal (NewHanweb) is made up, like everything here, in the
// shape of the county portals built on the Hanweb (大汉) CMS: a column lists
// its first group of records inline, in a <script type="text/xml"> datastore,
// and jpage.js fetches the rest from the data proxy with a POST to
// /module/web/jpage/dataproxy.jsp?startrecord=46&endrecord=90&perpage=15
// whose form body names the column (columnid=…). Only a POST with the
// column's parameters gets records; a GET gets 405. Its columns:
//
//   - 政府信息公开年报 (col 2001): 120 reports, 45 inline, the newer
//     template (proxyUrl, totalRecord, perPage, groupSize, ajaxParam);
//   - 部门信息公开年报 (col 2002): 50 reports, 45 inline, the older
//     template (no ajaxParam: the <nextgroup> link carries the parameters,
//     no proxyUrl), answered in GBK;
//   - 乡镇信息公开年报 (col 2003): 30 reports, 15 inline, whose jpage call
//     names neither ajaxParam nor <nextgroup>: it cannot be followed, and the
//     crawler must say so;
//
// plus an off-site link on the home page, which must never be requested.
// Both followable columns ask the same proxy URLs (records 46–90): only the
// form body tells them apart.

// Hanweb paths.
const (
	HanwebPathHome    = "/"
	HanwebPathProxy   = "/module/web/jpage/dataproxy.jsp"
	HanwebPerPage     = 15
	HanwebInlineGroup = 45
)

// HanwebColumn is one jpage column of the Hanweb portal.
type HanwebColumn struct {
	ID      int
	Name    string
	Reports int
	Inline  int
	Agency  string // prefix of its reports' agencies
	GBK     bool   // the proxy answers in GBK
	// Template: "ajax" (ajaxParam + proxyUrl), "nextgroup" (parameters in the
	// <nextgroup> link only) or "bare" (neither: not followable).
	Template string
}

// HanwebColumns are the portal's columns.
var HanwebColumns = []HanwebColumn{
	{ID: 2001, Name: "政府信息公开年报", Reports: 120, Inline: HanwebInlineGroup, Agency: "示例县第%d单位", Template: "ajax"},
	{ID: 2002, Name: "部门信息公开年报", Reports: 50, Inline: HanwebInlineGroup, Agency: "示例县第%d部门", GBK: true, Template: "nextgroup"},
	{ID: 2003, Name: "乡镇信息公开年报", Reports: 30, Inline: 15, Agency: "示例县第%d乡镇", Template: "bare"},
}

// Path is the column page.
func (c HanwebColumn) Path() string { return fmt.Sprintf("/col/col%d/index.html", c.ID) }

// Spec is report k (0-based) of the column.
func (c HanwebColumn) Spec(k int) ReportSpec {
	return ReportSpec{Agency: fmt.Sprintf(c.Agency, k+1), Year: 2022 + k%2, Form: "2021", Seed: c.ID*1000 + k, Complete: true}
}

// ReportPath is the path of report k of the column.
func (c HanwebColumn) ReportPath(k int) string {
	return fmt.Sprintf("/art/2024/1/%d/art_%d_%d.html", k%28+1, c.ID, k+1)
}

// Reachable is how many of the column's reports a crawler can find: all of
// them, unless the column's list cannot be followed past its inline group.
func (c HanwebColumn) Reachable() int {
	if c.Template == "bare" {
		return c.Inline
	}
	return c.Reports
}

// HanwebExpectedReports are the report paths a complete crawl finds.
func HanwebExpectedReports() []string {
	var out []string
	for _, c := range HanwebColumns {
		for k := 0; k < c.Reachable(); k++ {
			out = append(out, c.ReportPath(k))
		}
	}
	return out
}

// NewHanweb starts the Hanweb portal.
func NewHanweb(opts Options) *Portal { return start(opts, (*Portal).buildHanweb) }

func (c HanwebColumn) record(k int) string {
	s := c.Spec(k)
	return fmt.Sprintf("<record><![CDATA[\n<li><a href=\"%s\" title=\"%s\" target=\"_blank\">%s</a><span>%d-01-20</span></li>\n]]></record>\n",
		c.ReportPath(k), s.Title(), s.Title(), s.Year+1)
}

func (c HanwebColumn) records(from, to int) string { // 0-based, to exclusive
	var b strings.Builder
	for k := from; k < min(to, c.Reports); k++ {
		b.WriteString(c.record(k))
	}
	return b.String()
}

func (c HanwebColumn) page() string {
	nextgroup := ""
	call := fmt.Sprintf(`$('#%d').jpage({ dataStore: dataStore, perPage: %d, totalRecord: %d, barPosition: "bottom" });`, c.ID, HanwebPerPage, c.Reports)
	switch c.Template {
	case "ajax":
		call = fmt.Sprintf(`$('#%d').jpage({
			dataStore: dataStore,
			proxyUrl: "%s",
			perPage: %d,
			totalRecord: %d,
			groupSize: 3,
			barPosition: "bottom",
			ajaxParam: {col:1,appid:1,webid:1,path:'/',columnid:%d,sourceContentType:1,unitid:9%03d,webname:'示例县人民政府',permissiontype:0}
		});`, c.ID, HanwebPathProxy, HanwebPerPage, c.Reports, c.ID, c.ID%1000)
		fallthrough
	case "nextgroup":
		nextgroup = fmt.Sprintf(`<nextgroup><![CDATA[<a href="%s?page=1&amp;webid=1&amp;path=/&amp;columnid=%d&amp;unitid=9%03d&amp;permissiontype=0"></a>]]></nextgroup>`, HanwebPathProxy, c.ID, c.ID%1000)
	}
	return fmt.Sprintf(`<!DOCTYPE html><html><head><meta charset="utf-8"><title>%s_示例县人民政府</title>
<meta name="ColumnName" content="%s"></head><body>
<div class="bt-position">当前位置：<a href="/">首页</a> &gt; 政府信息公开 &gt; %s</div>
<div id="%d"><script type="text/xml"><datastore>%s<recordset>
%s</recordset></datastore></script></div>
<script type="text/javascript" src="/module/jslib/jquery/jpage/jquery.jpage.js"></script>
<script>
$(document).ready(function() {
	%s
});
</script>
</body></html>`, c.Name, c.Name, c.Name, c.ID, nextgroup, c.records(0, c.Inline), call)
}

func (p *Portal) buildHanweb() {
	const html = "text/html; charset=utf-8"
	p.add("/robots.txt", []byte("User-agent: *\nDisallow: /module/search/\n"), "text/plain", "")
	var nav strings.Builder
	for _, c := range HanwebColumns {
		fmt.Fprintf(&nav, "<li><a href=\"%s\">%s</a></li>\n", c.Path(), c.Name)
		p.add(c.Path(), []byte(c.page()), html, "")
		for k := 0; k < c.Reports; k++ {
			p.add(c.ReportPath(k), []byte(ReportPage(c.Spec(k), `<meta charset="utf-8">`, "")), html, "")
		}
	}
	p.add(HanwebPathHome, []byte(`<!DOCTYPE html><html><head><meta charset="utf-8"><title>示例县人民政府</title></head><body>
<div class="nav"><a href="/">首页</a> <a href="/module/search/index.jsp?q=年报">搜索</a></div>
<h2>政府信息公开</h2><ul>
`+nav.String()+`</ul>
<div class="links"><a href="`+p.Offsite.URL+`/col/col1/index.html">示例市政府信息公开年报</a></div></body></html>`), html, "")
	p.dynamic[HanwebPathProxy] = p.hanwebProxy
}

// hanwebProxy answers jpage.js: POST only, records startrecord…endrecord of
// the column the form names, as a datastore.
func (p *Portal) hanwebProxy(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		p.log("portal", r, http.StatusMethodNotAllowed, 0)
		http.Error(w, "POST only", http.StatusMethodNotAllowed)
		return
	}
	if err := r.ParseForm(); err != nil {
		p.log("portal", r, http.StatusBadRequest, 0)
		http.Error(w, "bad form", http.StatusBadRequest)
		return
	}
	body := r.PostForm.Encode()
	q := r.URL.Query()
	start, err1 := strconv.Atoi(q.Get("startrecord"))
	end, err2 := strconv.Atoi(q.Get("endrecord"))
	col := r.PostForm.Get("columnid") // the body's, not the query's: as the real proxy reads it
	var c *HanwebColumn
	for i := range HanwebColumns {
		if strconv.Itoa(HanwebColumns[i].ID) == col && HanwebColumns[i].Template != "bare" {
			c = &HanwebColumns[i]
		}
	}
	if err1 != nil || err2 != nil || start < 1 || end < start || c == nil || q.Get("perpage") == "" {
		p.logBody("portal", r, body, http.StatusBadRequest, 0)
		http.Error(w, "bad parameters", http.StatusBadRequest)
		return
	}
	out := fmt.Sprintf("<?xml version=\"1.0\" encoding=\"%s\"?>\n<datastore><totalrecord>%d</totalrecord><totalpage>%d</totalpage><recordset>\n%s</recordset></datastore>",
		map[bool]string{false: "UTF-8", true: "GBK"}[c.GBK], c.Reports, (c.Reports+HanwebPerPage-1)/HanwebPerPage, c.records(start-1, end))
	b := []byte(out)
	ct := "text/xml;charset=UTF-8"
	if c.GBK {
		b, ct = GBK(out), "text/xml;charset=GBK"
	}
	p.logBody("portal", r, body, http.StatusOK, len(b))
	w.Header().Set("Content-Type", ct)
	w.Write(b)
}
