package crawler

import (
	"net/url"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
	"github.com/govreports/govreports/crawler/simulator"
)

func analyze(t *testing.T, pageURL, html string) *pageAnalysis {
	t.Helper()
	doc, err := goquery.NewDocumentFromReader(strings.NewReader(html))
	if err != nil {
		t.Fatal(err)
	}
	u, _ := url.Parse(pageURL)
	return analyzePage(doc.Selection, u, true, patterns{})
}

func TestAnalyzeReportRecognition(t *testing.T) {
	r := simulator.ReportUTF8
	cases := []struct {
		name   string
		html   string
		report bool
	}{
		{"report 2021 form", simulator.ReportPage(r, "", ""), true},
		{"report 2019 form", simulator.ReportPage(simulator.ReportSlow, "", ""), true},
		{"wap copy", simulator.WapPage(r), true},
		{"column page titled 年度报告", simulator.ListPage("政府信息公开年度报告", [][2]string{{"/a.html", r.Title()}}, "", ""), false},
		{"notice about reports", `<html><title>关于做好2022年度政府信息公开工作年度报告编制发布工作的通知</title><body>请按要求发布</body></html>`, false},
		{"tables without a report title", `<html><title>统计表</title><body>本年新收政府信息公开申请数量 本年度办理结果 结转下年度继续办理</body></html>`, false},
		{"title in h1 only", `<html><title>示例市人民政府</title><body><h1>示例局2022年度政府信息公开工作报告</h1>本年新收政府信息公开申请数量 本年度办理结果 结转下年度继续办理</body></html>`, true},
	}
	for _, c := range cases {
		if a := analyze(t, "http://x.cn/zwgk/t1.html", c.html); a.isReport != c.report {
			t.Errorf("%s: isReport=%v (labels %d, heading %q)", c.name, a.isReport, a.labels, a.heading)
		}
	}
	a1 := analyze(t, "http://x.cn/a.html", simulator.ReportPage(r, "", ""))
	a2 := analyze(t, "http://x.cn/b.html", simulator.WapPage(r))
	if a1.mainText == "" || a1.mainText != a2.mainText {
		t.Errorf("desktop and wap main text differ:\n%.100q\n%.100q", a1.mainText, a2.mainText)
	}
	if a3 := analyze(t, "http://x.cn/c.html", simulator.ReportPage(simulator.ReportGBKMeta, "", "")); a3.mainText == a1.mainText {
		t.Error("different reports share a main text")
	}
}

func TestAnalyzeLinks(t *testing.T) {
	html := `<html><head><base href="http://x.cn/zwgk/"><title>某局2022年政府信息公开工作年度报告</title></head><body>
<a href="nb/index.html">政府信息公开年报</a> <a href="/xwdt/1.html">新闻</a> <a href="a.pdf">附件</a>
<a href="/down.jsp?filename=b.docx">附件2</a> <a href="logo.png">图</a> <a href="index_2.html">3</a>
<a href="javascript:;">x</a> <a href="http://x.cn/zwgk/nb/index.html#top">重复</a>
<meta http-equiv="Refresh" content="0; url=/moved.html"><iframe src="/frame.html"></iframe>
<script>createPageHTML(2, 0, "index", "html");</script></body></html>`
	a := analyze(t, "http://x.cn/zwgk/page.html", html)
	got := map[string]link{}
	for _, l := range a.links {
		got[l.u.String()] = l
	}
	want := map[string][2]bool{ // url → {attachment, focused}
		"http://x.cn/zwgk/nb/index.html":       {false, true},
		"http://x.cn/xwdt/1.html":              {false, false},
		"http://x.cn/zwgk/a.pdf":               {true, true},
		"http://x.cn/down.jsp?filename=b.docx": {true, true},
		"http://x.cn/zwgk/index_2.html":        {false, true},
		"http://x.cn/moved.html":               {false, true},
		"http://x.cn/frame.html":               {false, false},
		"http://x.cn/zwgk/index.html":          {false, true},
		"http://x.cn/zwgk/index_1.html":        {false, true},
	}
	for u, w := range want {
		l, ok := got[u]
		if !ok {
			t.Errorf("missing link %s", u)
			continue
		}
		if l.attachment != w[0] || l.focused != w[1] {
			t.Errorf("%s: attachment=%v focused=%v, want %v %v", u, l.attachment, l.focused, w[0], w[1])
		}
	}
	if len(got) != len(want) {
		t.Errorf("links: %d, want %d: %v", len(got), len(want), got)
	}
	// Attachments are not taken from pages that are not reports.
	b := analyze(t, "http://x.cn/zwgk/list.html", `<html><title>通知</title><body><a href="a.pdf">附件</a></body></html>`)
	if len(b.links) != 0 {
		t.Errorf("attachment followed from a non-report page: %v", b.links)
	}
}

func TestAnalyzeOddHTML(t *testing.T) {
	for _, h := range []string{"", "<", "<html><body><a href=\"%zz\">x</a><a href>y</a>", "\x00\xff\xfe", strings.Repeat("<div>", 5000)} {
		doc, err := goquery.NewDocumentFromReader(strings.NewReader(h))
		if err != nil {
			continue // x/net/html refuses > 512 open elements; the crawler then emits the page unanalysed
		}
		u, _ := url.Parse("http://x.cn/")
		_ = analyzePage(doc.Selection, u, true, patterns{}) // must not panic
	}
}
