package crawler

import (
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
)

// Regression tests for the discovery misses found with the county portal
// (simulator.NewCounty, crawler_site2_e2e_test.go). Each names the pattern
// the crawler used to miss.

func analyzeAs(t *testing.T, pageURL, page string, focused bool) *pageAnalysis {
	t.Helper()
	doc, err := goquery.NewDocumentFromReader(strings.NewReader(page))
	if err != nil {
		t.Fatal(err)
	}
	u, _ := url.Parse(pageURL)
	return analyzePage(doc.Selection, u, focused, patterns{})
}

func linksOf(a *pageAnalysis) map[string]link {
	m := map[string]link{}
	for _, l := range a.links {
		m[l.u.String()] = l
	}
	return m
}

// The classic TRS WCM pager writes its links with document.write (no links
// in the HTML, no createPageHTML call, no semicolon after the count), and
// newer TRS templates pass the pager's element id first:
// createPageHTML('page_div', 2, 0, 'list', 'html', 2). Both used to give no
// pages.
func TestScriptPagesTRSVariants(t *testing.T) {
	classic := func(count, current int) string {
		return `var currentPage = ` + string(rune('0'+current)) + `;//所在页从0开始
var prevPage = currentPage-1//上一页
var nextPage = currentPage+1//下一页
var countPage = ` + string(rune('0'+count)) + `//共多少页
document.write("共"+countPage+"页&nbsp;&nbsp;");
if(countPage>1&&currentPage!=0&&currentPage!=1)
	document.write("<a href=\"index"+"_" + prevPage + "."+"html\">上一页</a>&nbsp;");
else if(countPage>1&&currentPage!=0&&currentPage==1)
	document.write("<a href=\"index.html\">上一页</a>&nbsp;");
if(countPage>1&&currentPage!=(countPage-1))
	document.write("<a href=\"index"+"_" + nextPage + "."+"html\" >下一页</a>&nbsp;");`
	}
	cases := []struct {
		script string
		want   []string
	}{
		{classic(3, 0), []string{"index.html", "index_1.html", "index_2.html"}},
		{classic(3, 2), []string{"index.html", "index_1.html", "index_2.html"}},
		{classic(1, 0), nil},
		{`var countPage = 4; document.write('<a href="list_' + (currentPage+1) + '.shtml">下一页</a>');`, []string{"list.shtml", "list_1.shtml", "list_2.shtml", "list_3.shtml"}},
		{`createPageHTML('page_div',2,0,'list','html',2);`, []string{"list.html", "list_1.html"}},
		{`createPageHTML("pager", 3, 1, "index", "shtml", 41);`, []string{"index.shtml", "index_1.shtml", "index_2.shtml"}},
		{`var countPage = 2//共多少页
createPageHTML(countPage, 0, "index", "html");`, []string{"index.html", "index_1.html"}},
		// A count without a page-name template is not a pager.
		{`var countPage = 3; showPages(countPage);`, nil},
		{`var pageCount = 9; var url = "detail_" + id + "?x=1";`, nil},
	}
	for _, c := range cases {
		if got := scriptPages(c.script); !slices.Equal(got, c.want) {
			t.Errorf("%.60q: %q, want %q", c.script, got, c.want)
		}
	}
}

func TestScriptURLs(t *testing.T) {
	cases := []struct {
		script string
		want   []string
	}{
		{`window.location.href = "./home.html";`, []string{"./home.html"}},
		{`location.replace('/xxgk/index.jsp?id=1')`, []string{"/xxgk/index.jsp?id=1"}},
		{`top.location='../a.html'`, []string{"../a.html"}},
		{`window.open('./202201/t20220125_1002.html','_blank')`, []string{"./202201/t20220125_1002.html"}},
		{`if(location.href == "x"){} location.href = url; window.open(u)`, nil},
		{`var hits = 1;`, nil},
	}
	for _, c := range cases {
		if got := scriptURLs(c.script); !slices.Equal(got, c.want) {
			t.Errorf("%q: %q, want %q", c.script, got, c.want)
		}
	}
}

// A subsystem entry that is only a JavaScript redirect used to be a dead
// end: no links. Its target now stands in for it (on topic when the stub is,
// like a <meta refresh>); on a page with content the same kind of script (a
// mobile-site redirect) is an ordinary link.
func TestAnalyzeScriptRedirect(t *testing.T) {
	stub := `<html><head><title>示例县</title><script>window.location.href = "./home.html";</script></head><body></body></html>`
	a := analyzeAs(t, "http://x.cn/public/index.html", stub, true)
	if l, ok := linksOf(a)["http://x.cn/public/home.html"]; !ok || !l.focused {
		t.Errorf("stub redirect: %v", a.links)
	}
	content := `<html><head><title>示例县召开会议</title></head><body><p>` + strings.Repeat("会议内容。", 60) + `</p>
<script>if(/Android/i.test(navigator.userAgent)){window.location.href="/m/news/1.html";}</script></body></html>`
	a = analyzeAs(t, "http://x.cn/news/1.html", content, true)
	if l, ok := linksOf(a)["http://x.cn/m/news/1.html"]; !ok || l.focused {
		t.Errorf("mobile redirect on a content page: %v", a.links)
	}
}

// Links the old anchor handling lost or misjudged: a list link whose text is
// cut short (the title only in title=), an image button whose words are only
// in alt, window.open in onclick or in a javascript: href. javascript:void(0)
// and mailto: still lead nowhere.
func TestAnalyzeAnchorVariants(t *testing.T) {
	page := `<html><head><title>2022年</title></head><body>
<a href="/c/1/t1.html" title="示例县市场监督管理局2022年政府信息公开工作年度报告">示例县市场监督管理局2022年政…</a>
<a href="/p/index.html"><img src="/i.png" alt="政府信息公开"></a>
<a href="javascript:void(0);" onclick="window.open('./t2.html')">示例县人民政府2021年度报告</a>
<a href="javascript:window.open('/c/1/T3.html')">第三个</a>
<a href="javascript:void(0)">收起</a> <a href="mailto:a@example.invalid">联系我们</a>
<a href="/news/1.html" title="新闻">新闻</a></body></html>`
	a := analyzeAs(t, "http://x.cn/c/1/index.html", page, false)
	want := map[string]bool{ // url → focused
		"http://x.cn/c/1/t1.html":  true,
		"http://x.cn/p/index.html": true,
		"http://x.cn/c/1/t2.html":  true,
		"http://x.cn/c/1/T3.html":  false,
		"http://x.cn/news/1.html":  false,
	}
	got := linksOf(a)
	for u, f := range want {
		if l, ok := got[u]; !ok || l.focused != f {
			t.Errorf("%s: present %v focused %v, want focused %v", u, ok, l.focused, f)
		}
	}
	if len(got) != len(want) {
		t.Errorf("links %v, want %d", a.links, len(want))
	}
}

// Hanweb (大汉) columns list their items in a <script type="text/xml">
// datastore that jpage.js renders; the crawler used to skip all script text.
func TestDatastoreLinks(t *testing.T) {
	page := `<html><head><title>政府信息公开年报</title></head><body><div id="4570"><script type="text/xml"><datastore>
<nextgroup><![CDATA[<a href="/module/web/jpage/dataproxy.jsp?page=1&columnid=4570"></a>]]></nextgroup>
<recordset>
<record><![CDATA[
<li><a href="/art/2023/1/30/art_4570_8001.html" title="示例县公安局2022年政府信息公开工作年度报告" target="_blank">示例县公安局2022年政府信息公开…</a></li>
]]></record>
<record><![CDATA[<li><a href="/art/2022/1/28/art_4570_8002.html">示例县公安局年报</a></li>]]></record>
</recordset></datastore></script></div></body></html>`
	a := analyzeAs(t, "http://x.cn/col/col4570/index.html", page, true)
	got := linksOf(a)
	for _, u := range []string{"http://x.cn/art/2023/1/30/art_4570_8001.html", "http://x.cn/art/2022/1/28/art_4570_8002.html"} {
		if l, ok := got[u]; !ok || !l.focused {
			t.Errorf("%s: present %v focused %v", u, ok, l.focused)
		}
	}
	if len(got) != 2 {
		t.Errorf("links %v, want the two records only", a.links)
	}
}

// A year column (2022年, reached by a link that says nothing of reports) is
// on topic by its breadcrumb, title or ColumnName, so its pager is followed
// however many off-topic hops led there. It used to inherit the link's
// off-topic status, and pages behind a 下一页 chain fell past MaxStray.
func TestAnalyzeOnTopicByItself(t *testing.T) {
	pager := `<div class="page">共4页 <a href="index.html">首页</a> <a href="index_2.html">下一页</a></div>`
	cases := []struct {
		name, page string
		on         bool
	}{
		{"breadcrumb text", `<html><head><title>2022年_示例县政府信息公开网</title></head><body><div>您现在的位置：<a href="/">首页</a> &gt; <a href="/p/">政府信息公开年报</a> &gt; 2022年</div>` + pager + `</body></html>`, true},
		{"breadcrumb class", `<html><head><title>2022年</title></head><body><div class="bread-crumb"><a href="/">首页</a> / 政务公开 / 年度报告 / 2022年</div>` + pager + `</body></html>`, true},
		{"ColumnName", `<html><head><meta name="ColumnName" content="政府信息公开年报"><title>示例县</title></head><body>` + pager + `</body></html>`, true},
		{"title", `<html><head><title>政府信息公开年度报告</title></head><body>` + pager + `</body></html>`, true},
		{"news column", `<html><head><title>政务动态</title></head><body><div class="position">当前位置：首页 &gt; 政务公开 &gt; 政务动态</div>` + pager + `</body></html>`, false},
	}
	for _, c := range cases {
		a := analyzeAs(t, "http://x.cn/c/6618/index_1.html", c.page, false)
		if a.onTopic != c.on {
			t.Errorf("%s: onTopic %v", c.name, a.onTopic)
		}
		if l, ok := linksOf(a)["http://x.cn/c/6618/index_2.html"]; !ok || l.focused != c.on {
			t.Errorf("%s: pager link present %v focused %v, want %v", c.name, ok, l.focused, c.on)
		}
	}
}

// A notice asking for the reports (关于做好…年度报告编制发布工作的通知) that
// attaches the form's blank tables used to count as a report; titles that
// carry a column name such as _通知_ after the report's must not be taken
// for notices.
func TestAnalyzeNoticeIsNotAReport(t *testing.T) {
	tables := `<table><tr><td>本年新收政府信息公开申请数量</td></tr><tr><td>本年度办理结果</td></tr><tr><td>结转下年度继续办理</td></tr></table>`
	cases := []struct {
		title, h1 string
		report    bool
	}{
		{"关于做好2022年度政府信息公开工作年度报告编制发布工作的通知", "关于做好2022年度政府信息公开工作年度报告编制发布工作的通知", false},
		{"示例县人民政府", "关于做好2022年度政府信息公开工作年度报告编制发布工作的通知", false},
		{"示例县人民政府办公室关于报送政府信息公开工作年度报告的通知_示例县人民政府", "", false},
		{"政府信息公开工作年度报告模板", "", false},
		{"示例县2022年政府信息公开工作年度报告_通知_示例县人民政府", "", true},
		{"示例县2022年政府信息公开工作年度报告-工作通知", "", true},
		{"示例县2022年政府信息公开工作年度报告_通知公告_示例县人民政府", "", true},
		{"示例县人民政府", "示例县2022年政府信息公开工作年度报告", true},
	}
	for _, c := range cases {
		page := `<html><head><title>` + c.title + `</title></head><body><h1>` + c.h1 + `</h1>` + tables + `<a href="a.pdf">附件</a></body></html>`
		a := analyzeAs(t, "http://x.cn/zwgk/t1.html", page, true)
		if a.isReport != c.report {
			t.Errorf("%q / %q: isReport %v, want %v", c.title, c.h1, a.isReport, c.report)
		}
		if hasAttachment := len(a.links) == 1 && a.links[0].attachment; hasAttachment != c.report {
			t.Errorf("%q / %q: attachment followed %v", c.title, c.h1, hasAttachment)
		}
	}
	// A site report pattern does not make a notice a report either.
	doc, _ := goquery.NewDocumentFromReader(strings.NewReader(`<html><title>关于做好年度报告编制工作的通知</title><body><h1>关于做好政府信息公开工作年度报告编制工作的通知</h1>` + tables + `</body></html>`))
	u, _ := url.Parse("http://x.cn/zwgk/t1.html")
	if a := analyzePage(doc.Selection, u, true, compilePatterns(&Config{ReportPatterns: []string{`/t\d+\.html$`}})); a.isReport {
		t.Error("notice matching a report pattern is a report")
	}
}

// Reports that are only a file: a detail page titled with the site's name
// whose report title is in <meta name="ArticleTitle">, showing the PDF in a
// pdf.js viewer; an extension-less download link whose text names the
// file; <embed>/<object>. The crawler used to skip the first (no report
// title), fetch the viewer page instead of the PDF, and fetch the download
// as a page.
func TestAnalyzeAttachmentVariants(t *testing.T) {
	page := `<html><head><meta name="ArticleTitle" content="示例县卫生健康委员会2023年政府信息公开工作年度报告"><title>示例县人民政府</title></head><body>
<iframe src="/static/pdfjs/web/viewer.html?file=%2Fpublic%2Fc%2FP0202402.pdf"></iframe>
<a href="/public/download.jsp?fileid=602">示例县住房和城乡建设局2022年政府信息公开工作年度报告.pdf（215KB）</a>
<a href="/module/download/downfile.jsp?filename=abc.pdf">附件</a>
<a href="/public/c/t1.html">示例县2022年年度报告.pdf</a>
<embed src="/e/a.pdf" type="application/pdf"><object data="/o/b.docx"></object></body></html>`
	a := analyzeAs(t, "http://x.cn/public/c/t2.html", page, true)
	want := map[string]bool{ // url → attachment
		"http://x.cn/public/c/P0202402.pdf":                         true,
		"http://x.cn/public/download.jsp?fileid=602":                true,
		"http://x.cn/module/download/downfile.jsp?filename=abc.pdf": true,
		"http://x.cn/public/c/t1.html":                              false,
		"http://x.cn/e/a.pdf":                                       true,
		"http://x.cn/o/b.docx":                                      true,
	}
	got := linksOf(a)
	for u, att := range want {
		if l, ok := got[u]; !ok || l.attachment != att {
			t.Errorf("%s: present %v attachment %v, want %v", u, ok, l.attachment, att)
		}
	}
	if len(got) != len(want) {
		t.Errorf("links %v, want %d (not the viewer)", a.links, len(want))
	}
	// The same page without the meta title is not a report's: no attachments.
	a = analyzeAs(t, "http://x.cn/public/c/t2.html", strings.Replace(page, "ArticleTitle", "Keywords", 1), true)
	for _, l := range a.links {
		if l.attachment {
			t.Errorf("attachment %s taken from a page not titled as a report", l.u)
		}
	}
}
