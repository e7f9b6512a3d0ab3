package crawler

import (
	"net/url"
	"testing"

	"golang.org/x/net/html"
	"strings"
)

// The link classifier, case by case: what a link found on a page becomes.
func TestLinkClassifier(t *testing.T) {
	base, _ := url.Parse("http://www.example.gov.cn/zwgk/zfxxgknb/index.html")
	pats := compilePatterns(&Config{ColumnPatterns: []string{`/col/col9/`}})
	type want struct {
		keep                        bool
		url                         string
		attachment, focused, report bool
	}
	for _, tc := range []struct {
		name     string
		l        rawLink
		focused  bool // the page is on topic
		reportPg bool // the page is (titled like) a report
		want     want
	}{
		{"report title", rawLink{href: "202301/t1.html", text: "某局2022年政府信息公开工作年度报告"}, false, false,
			want{true, "http://www.example.gov.cn/zwgk/zfxxgknb/202301/t1.html", false, true, true}},
		{"truncated text, title attribute", rawLink{href: "t2.html", text: "某局2022年政…", title: "某局2022年政府信息公开工作年度报告"}, false, false,
			want{true, "http://www.example.gov.cn/zwgk/zfxxgknb/t2.html", false, true, true}},
		{"column by text", rawLink{href: "/gk/", text: "政府信息公开"}, false, false,
			want{true, "http://www.example.gov.cn/gk/", false, true, false}},
		{"column by URL", rawLink{href: "/zfxxgk/index.html", text: "更多"}, false, false,
			want{true, "http://www.example.gov.cn/zfxxgk/index.html", false, true, false}},
		{"column by site pattern", rawLink{href: "/col/col9/index.html", text: "栏目"}, false, false,
			want{true, "http://www.example.gov.cn/col/col9/index.html", false, true, false}},
		{"off-topic", rawLink{href: "/xwdt/index.html", text: "新闻动态"}, false, false,
			want{true, "http://www.example.gov.cn/xwdt/index.html", false, false, false}},
		{"pager of an on-topic page", rawLink{href: "index_1.html", text: "下一页"}, true, false,
			want{true, "http://www.example.gov.cn/zwgk/zfxxgknb/index_1.html", false, true, false}},
		{"pager of an off-topic page", rawLink{href: "/xwdt/index_1.html", text: "下一页"}, false, false,
			want{true, "http://www.example.gov.cn/xwdt/index_1.html", false, false, false}},
		{"PDF on a report page", rawLink{href: "P0201.pdf", text: "附件"}, false, true,
			want{true, "http://www.example.gov.cn/zwgk/zfxxgknb/P0201.pdf", true, true, false}},
		{"PDF elsewhere", rawLink{href: "P0201.pdf", text: "附件"}, false, false, want{}},
		{"download script named by its text", rawLink{href: "/down.jsp?id=1", text: "年报.pdf（215KB）"}, false, true,
			want{true, "http://www.example.gov.cn/down.jsp?id=1", true, true, false}},
		{"pdf.js viewer", rawLink{href: "/pdfjs/web/viewer.html?file=%2Fa%2Fb.pdf"}, false, true,
			want{true, "http://www.example.gov.cn/a/b.pdf", true, true, false}},
		{"image", rawLink{href: "/logo.png", text: "政府信息公开"}, true, true, want{}},
		{"mailto", rawLink{href: "mailto:a@example.gov.cn", text: "年报"}, true, true, want{}},
		{"javascript", rawLink{href: "javascript:void(0)", text: "年报"}, true, true, want{}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := linkClassifier{base: base, pats: pats, focused: tc.focused, attachments: tc.reportPg}
			got, ok := c.classify(tc.l)
			if ok != tc.want.keep {
				t.Fatalf("kept %v, want %v (%+v)", ok, tc.want.keep, got)
			}
			if !ok {
				return
			}
			if got.u.String() != tc.want.url || got.attachment != tc.want.attachment || got.focused != tc.want.focused || got.report != tc.want.report {
				t.Errorf("got %s attachment=%v on-topic=%v report=%v, want %+v", got.u, got.attachment, got.focused, got.report, tc.want)
			}
		})
	}
}

// The page-level extractors over collectFacts: on topic by title, breadcrumb or ColumnName;
// the <base> links resolve against; the form labels counted.
func TestPageFacts(t *testing.T) {
	page, _ := url.Parse("http://www.example.gov.cn/a/b.html")
	for _, tc := range []struct {
		name    string
		html    string
		onTopic bool
		base    string
		labels  int
	}{
		{"plain", `<title>新闻</title><p>x</p>`, false, "http://www.example.gov.cn/a/b.html", 0},
		{"title names the column", `<title>2022年政府信息公开年报</title>`, true, "http://www.example.gov.cn/a/b.html", 0},
		{"breadcrumb", `<title>2022年</title><div>当前位置：首页 &gt; 政府信息公开年报 &gt; 2022年</div>`, true, "http://www.example.gov.cn/a/b.html", 0},
		{"ColumnName", `<meta name="ColumnName" content="年度报告"><title>列表</title>`, true, "http://www.example.gov.cn/a/b.html", 0},
		{"base", `<base href="/x/"><title>t</title>`, false, "http://www.example.gov.cn/x/", 0},
		{"bad base is ignored", `<base href="http://[::1"><title>t</title>`, false, "http://www.example.gov.cn/a/b.html", 0},
		{"form labels", `<td>本年新收政府信息公开申请数量</td><td>上年结转政府信息公开申请数量</td><td>本 年 度 办 理 结 果</td>`, false, "http://www.example.gov.cn/a/b.html", 3},
	} {
		t.Run(tc.name, func(t *testing.T) {
			root, err := html.Parse(strings.NewReader(tc.html))
			if err != nil {
				t.Fatal(err)
			}
			f := collectFacts(root)
			if got := f.onTopic(); got != tc.onTopic {
				t.Errorf("onTopic %v, want %v (title %q, crumb %q)", got, tc.onTopic, f.title, f.crumb)
			}
			if got := f.linkBase(page).String(); got != tc.base {
				t.Errorf("base %s, want %s", got, tc.base)
			}
			if got := countFormLabels(f.text); got != tc.labels {
				t.Errorf("labels %d, want %d", got, tc.labels)
			}
		})
	}
}
