package simulator

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
)

// The county portal (NewCounty) is styled unlike the city portal of New. It
// follows the county sites built on a separate 政府信息公开 subsystem:
//
//   - the home page links the subsystem with an image button (the words are
//     only in the alt text), and the subsystem's entry /public/index.html is
//     a stub whose only content is a JavaScript redirect;
//   - the subsystem home (GBK, charset only in <meta>, a relative <base
//     href>) has a left navigation tree 法定主动公开内容 → 政府信息公开年报 →
//     2023年 / 2022年 / 2021年 (numeric column ids: nothing in the URL or the
//     link text of a year says 年报), a 部门信息公开 branch, and an <iframe>
//     with the latest items;
//   - the year columns say where they are only in their breadcrumb, and page
//     their lists three ways: the classic TRS document.write pager (var
//     countPage = 3//共多少页, no links in the HTML), a 共4页 首页 上一页 下一页
//     末页 link pager (page 3 linked only from pages 2 and 4), and an iframe
//     list paged by the newer createPageHTML('page_div', 2, 0, 'list',
//     'html', 2);
//   - list links: relative (./, ../../), truncated with … and the title only
//     in title=, the text 年报 only, one opened by onclick="window.open(…)";
//   - a department column on the Hanweb (大汉) CMS whose list is in a
//     <script type="text/xml"> datastore, rendered by JavaScript;
//   - reports with a _wap copy and an /m/ mobile copy (linked by 手机版 and by
//     a user-agent sniffing redirect script), a PDF attachment;
//   - two reports that are only a PDF: one shown through a pdf.js viewer
//     iframe (viewer.html?file=…pdf) on a page whose <title> is the site's and
//     whose report title is in <meta name="ArticleTitle"> and the 名称 row;
//     one behind an extension-less download.jsp?fileid= link whose text ends
//     in .pdf;
//   - a notice about the reports (关于做好…年度报告…的通知) that carries the
//     report form's blank tables, which is not a report;
//   - javascript:, mailto:, a robots.txt-disallowed search and admin area,
//     an off-site link and an off-topic news chain.
var (
	CountyGov2022     = ReportSpec{Agency: "示例县人民政府", Year: 2022, Form: "2021", Seed: 21}
	CountyGov2021     = ReportSpec{Agency: "示例县人民政府", Year: 2021, Form: "2021", Seed: 22}
	CountyEdu2023     = ReportSpec{Agency: "示例县教育局", Year: 2023, Form: "2021", Seed: 23}
	CountyFin2023     = ReportSpec{Agency: "示例县财政局", Year: 2023, Form: "2021", Seed: 24}
	CountyHealth2023  = ReportSpec{Agency: "示例县卫生健康委员会", Year: 2023, Form: "2021", Seed: 25} // PDF only
	CountyEdu2022     = ReportSpec{Agency: "示例县教育局", Year: 2022, Form: "2021", Seed: 26}
	CountyMarket2022  = ReportSpec{Agency: "示例县市场监督管理局", Year: 2022, Form: "2021", Seed: 27}
	CountyWater2022   = ReportSpec{Agency: "示例县水利局", Year: 2022, Form: "2021", Seed: 28}
	CountyHousing2022 = ReportSpec{Agency: "示例县住房和城乡建设局", Year: 2022, Form: "2021", Seed: 29} // PDF only
	CountyEdu2021     = ReportSpec{Agency: "示例县教育局", Year: 2021, Form: "2021", Seed: 30}
	CountyFin2021     = ReportSpec{Agency: "示例县财政局", Year: 2021, Form: "2021", Seed: 31}
	CountyPolice2022  = ReportSpec{Agency: "示例县公安局", Year: 2022, Form: "2021", Seed: 32}
	CountyPolice2021  = ReportSpec{Agency: "示例县公安局", Year: 2021, Form: "2021", Seed: 33}
)

// Paths of the county portal.
const (
	CountyPathHome        = "/"
	CountyPathRobots      = "/robots.txt"
	CountyPathXxgkStub    = "/public/index.html"
	CountyPathXxgkHome    = "/public/home.html"
	CountyPathLatest      = "/public/latest.html"
	CountyPathGuide       = "/public/guide.html"
	CountyPathAdmin       = "/public/admin/login.jsp"
	CountyPathSearch      = "/search/index.html?kw=%E5%B9%B4%E6%8A%A5"
	CountyPathOrgColumn   = "/public/column/6601/index.html"
	CountyPathNBColumn    = "/public/column/6616/index.html"
	CountyPathGov2022     = "/public/column/6616/202301/t20230120_1001.html"
	CountyPathGov2022Wap  = "/public/column/6616/202301/t20230120_1001_wap.html"
	CountyPathGov2021     = "/public/column/6616/202201/t20220125_1002.html"
	CountyPathNotice      = "/public/column/6616/202212/t20221215_1003.html"
	CountyPath2023        = "/public/column/6617/index.html"
	CountyPath2023p2      = "/public/column/6617/index_1.html"
	CountyPath2023p3      = "/public/column/6617/index_2.html"
	CountyPathEdu2023     = "/public/column/6617/202401/t20240125_501.html"
	CountyPathFin2023     = "/public/column/6617/202401/t20240126_502.html"
	CountyPathHealth2023  = "/public/column/6617/202402/t20240205_601.html"
	CountyPathHealthPDF   = "/public/column/6617/202402/P020240205_601.pdf"
	CountyPathPDFViewer   = "/static/pdfjs/web/viewer.html?file=%2Fpublic%2Fcolumn%2F6617%2F202402%2FP020240205_601.pdf"
	CountyPath2022        = "/public/column/6618/index.html"
	CountyPath2022p2      = "/public/column/6618/index_1.html"
	CountyPath2022p3      = "/public/column/6618/index_2.html"
	CountyPath2022p4      = "/public/column/6618/index_3.html"
	CountyPathEdu2022     = "/public/column/6618/202301/t20230131_456.html"
	CountyPathEdu2022PDF  = "/public/column/6618/202301/P020230131_456.pdf"
	CountyPathEdu2022M    = "/m/public/column/6618/202301/t20230131_456.html"
	CountyPathMarket2022  = "/public/column/6618/202301/t20230131_457.html"
	CountyPathWater2022   = "/public/column/6618/202302/t20230210_459.html"
	CountyPathHousing2022 = "/public/column/6618/202302/t20230215_602.html"
	CountyPathHousingPDF  = "/public/download.jsp?fileid=602"
	CountyPath2021        = "/public/column/6619/index.html"
	CountyPath2021List    = "/public/column/6619/list.html"
	CountyPath2021List2   = "/public/column/6619/list_1.html"
	CountyPathEdu2021     = "/public/column/6619/202201/t20220120_301.html"
	CountyPathFin2021     = "/public/column/6619/202201/t20220121_302.html"
	CountyPathDept        = "/col/col4567/index.html"
	CountyPathDeptNB      = "/col/col4570/index.html"
	CountyPathPolice2022  = "/art/2023/1/30/art_4570_8001.html"
	CountyPathPolice2021  = "/art/2022/1/28/art_4570_8002.html"
	CountyPathMobileHome  = "/m/index.html"
	CountyPathNews        = "/zwdt/index.html"
	CountyPathNews1       = "/zwdt/202301/t20230105_1.html"
	CountyPathNews2       = "/zwdt/202301/t20230106_2.html"
)

// CountyExpectedReports are the paths of the complete, distinct report pages
// a correct crawl of the county portal finds, each once.
func CountyExpectedReports() []string {
	return []string{CountyPathGov2022, CountyPathGov2021, CountyPathEdu2023, CountyPathFin2023,
		CountyPathEdu2022, CountyPathMarket2022, CountyPathWater2022, CountyPathEdu2021, CountyPathFin2021,
		CountyPathPolice2022, CountyPathPolice2021}
}

// CountyExpectedAttachments are the request URIs of the attachments a correct
// crawl archives (emitted with Attachment set), each once.
func CountyExpectedAttachments() []string {
	return []string{CountyPathEdu2022PDF, CountyPathHealthPDF, CountyPathHousingPDF}
}

// CountyDuplicates maps each copy of a report to the page it copies.
func CountyDuplicates() map[string]string {
	return map[string]string{CountyPathGov2022Wap: CountyPathGov2022, CountyPathEdu2022M: CountyPathEdu2022}
}

// CountyNeverRequested are request URIs the crawler must never ask for:
// disallowed by robots.txt, the pdf.js viewer (the PDF is what matters), and
// the news article one off-topic hop too far.
func CountyNeverRequested() []string {
	return []string{CountyPathSearch, CountyPathAdmin, CountyPathPDFViewer, CountyPathNews2}
}

// NewCounty starts the county portal (see the comment on CountyGov2022 and
// the others) and the off-site host. Only RetryAfter, LastModified and the
// timing options of Options apply; Big and BigOnly do not.
func NewCounty(opts Options) *Portal { return start(opts, (*Portal).buildCounty) }

// countyTree is the subsystem's left navigation tree; base is prepended to
// its links ("" under <base href="/public/">, "/public/" elsewhere).
func countyTree(base string) string {
	return fmt.Sprintf(`<div class="left-tree"><ul>
<li><a href="%[1]sguide.html">政府信息公开指南</a></li>
<li><span>法定主动公开内容</span><ul>
 <li><a href="%[1]scolumn/6601/index.html">机构职能</a></li>
 <li><a href="%[1]scolumn/6616/index.html">政府信息公开年报</a><ul>
  <li><a href="%[1]scolumn/6617/index.html">2023年</a></li>
  <li><a href="%[1]scolumn/6618/index.html">2022年</a></li>
  <li><a href="%[1]scolumn/6619/index.html">2021年</a></li>
 </ul></li>
</ul></li>
<li><span>部门信息公开</span><ul><li><a href="/col/col4567/index.html">示例县公安局</a></li></ul></li>
<li><a href="javascript:void(0);" onclick="toggleTree()">收起</a></li>
</ul></div>`, base)
}

// countyPage is the subsystem's page frame: breadcrumb, tree, content.
func countyPage(title, column, crumb, extraHead, content string) string {
	return fmt.Sprintf(`<!DOCTYPE html>
<html><head>%s<meta name="SiteName" content="示例县人民政府"><meta name="ColumnName" content="%s">
<title>%s</title></head>
<body>
<div class="top"><a href="/">首页</a> <a href="/public/index.html">信息公开</a> <a href="/zwdt/index.html">政务动态</a></div>
<div class="crumb">您现在的位置：<a href="/">首页</a> &gt; <a href="/public/home.html">政府信息公开</a> &gt; %s</div>
%s
<div class="right">%s</div>
<div class="foot">示例县人民政府办公室主办 <a href="mailto:xxgk@example.invalid">联系我们</a></div>
</body></html>`, extraHead, column, title, crumb, countyTree("/public/"), content)
}

// trsClassicPager is the TRS WCM pager of older templates: it writes its
// links with document.write, so the HTML holds none of them.
func trsClassicPager(count, current int) string {
	return fmt.Sprintf(`<div class="page"><script language="JavaScript">
var currentPage = %d;//所在页从0开始
var prevPage = currentPage-1//上一页
var nextPage = currentPage+1//下一页
var countPage = %d//共多少页
document.write("共"+countPage+"页&nbsp;&nbsp;");
if(countPage>1&&currentPage!=0&&currentPage!=1)
	document.write("<a href=\"index"+"_" + prevPage + "."+"html\">上一页</a>&nbsp;");
else if(countPage>1&&currentPage!=0&&currentPage==1)
	document.write("<a href=\"index.html\">上一页</a>&nbsp;");
else
	document.write("上一页&nbsp;");
if(countPage>1&&currentPage!=(countPage-1))
	document.write("<a href=\"index"+"_" + nextPage + "."+"html\" >下一页</a>&nbsp;");
else
	document.write("下一页&nbsp;");
</script></div>`, current, count)
}

// linkPager is a 共N页 首页 上一页 下一页 末页 pager of plain links.
func linkPager(current, count int) string {
	name := func(k int) string {
		if k == 0 {
			return "index.html"
		}
		return fmt.Sprintf("index_%d.html", k)
	}
	var b strings.Builder
	fmt.Fprintf(&b, `<div class="page">共%d页 <a href="index.html">首页</a> `, count)
	if current > 0 {
		fmt.Fprintf(&b, `<a href="%s">上一页</a> `, name(current-1))
	}
	if current < count-1 {
		fmt.Fprintf(&b, `<a href="%s">下一页</a> <a href="%s">末页</a>`, name(current+1), name(count-1))
	}
	b.WriteString("</div>")
	return b.String()
}

func countyList(items ...string) string {
	return `<ul class="list">` + strings.Join(items, "\n") + `</ul>`
}

func countyItem(href string, spec ReportSpec) string {
	return fmt.Sprintf(`<li><a href="%s" target="_blank">%s</a><span>%d-01-31</span></li>`, href, spec.Title(), spec.Year+1)
}

// countyReportPage is a report in the subsystem's detail template (the
// 索引号/名称 table above the article) with a mobile-redirect script.
func countyReportPage(r ReportSpec, crumb, extraHead, extraBody, mobile string) string {
	sniff := ""
	if mobile != "" {
		sniff = `<script type="text/javascript">if(/(iPhone|iPod|Android|Mobile)/i.test(navigator.userAgent)){window.location.href="` + mobile + `";}</script>`
	}
	return fmt.Sprintf(`<!DOCTYPE html>
<html><head>%s<meta name="SiteName" content="示例县人民政府"><meta name="ColumnName" content="政府信息公开年报">
<meta name="ArticleTitle" content="%s"><title>%s</title>%s</head>
<body>
<div class="top"><a href="/">首页</a> <a href="/public/index.html">信息公开</a> <a href="/zwdt/index.html">政务动态</a></div>
<div class="crumb">您现在的位置：<a href="/">首页</a> &gt; <a href="/public/home.html">政府信息公开</a> &gt; %s</div>
<table class="xxgk-meta"><tr><td>索引号：</td><td>000000000/%d-00001</td><td>发布机构：</td><td>%s</td></tr>
<tr><td>名　　称：</td><td colspan="3">%s</td></tr></table>
<div class="content">
<h1 class="title">%s</h1>
%s
%s
</div>
<div class="foot">示例县人民政府办公室主办</div>
</body></html>`, extraHead, r.Title(), r.Title(), sniff, crumb, r.Year+1, r.Agency, r.Title(), r.Title(), r.Article(), extraBody)
}

// countyPDFStub is a detail page whose report is only a PDF: the page's
// <title> is the site's; the report's title is in the meta data.
func countyPDFStub(r ReportSpec, crumb, body string) string {
	return fmt.Sprintf(`<!DOCTYPE html>
<html><head><meta charset="utf-8"><meta name="SiteName" content="示例县人民政府"><meta name="ColumnName" content="%d年">
<meta name="ArticleTitle" content="%s"><title>示例县人民政府</title></head>
<body>
<div class="top"><a href="/">首页</a> <a href="/public/index.html">信息公开</a></div>
<div class="crumb">您现在的位置：<a href="/">首页</a> &gt; %s</div>
<table class="xxgk-meta"><tr><td>索引号：</td><td>000000000/%d-00002</td><td>发布机构：</td><td>%s</td></tr>
<tr><td>名　　称：</td><td colspan="3">%s</td></tr></table>
<div class="xxgk-content"><p>详见附件。</p>%s</div>
</body></html>`, r.Year, r.Title(), crumb, r.Year+1, r.Agency, r.Title(), body)
}

// countyMobilePage is the /m/ copy: another template, the same article.
func countyMobilePage(r ReportSpec) string {
	return fmt.Sprintf(`<!DOCTYPE html>
<html><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>%s</title></head>
<body><div class="m-head"><a href="/m/index.html">示例县移动门户</a></div>
<div class="m-article"><h3>%s</h3>%s</div>
<div class="m-foot"><a href="/">电脑版</a></div></body></html>`, r.Title(), r.Title(), r.Article())
}

// countyNotice asks the departments for their reports and attaches the
// form as blank tables: the report's labels, but not a report.
const countyNoticeTitle = "关于做好2022年度政府信息公开工作年度报告编制发布工作的通知"

func countyNotice() string {
	return fmt.Sprintf(`<!DOCTYPE html>
<html><head><meta charset="utf-8"><meta name="ArticleTitle" content="%s"><title>%s</title></head>
<body><div class="crumb">您现在的位置：首页 &gt; 政府信息公开年报</div>
<h1 class="title">%s</h1>
<p>各乡镇人民政府，县政府各部门：请于1月31日前按附件格式编制并发布本单位年度报告。</p>
<p>附件：政府信息公开工作年度报告格式</p>
<table border="1"><tr><td>信息内容</td><td>本年制发件数</td><td>本年废止件数</td><td>现行有效件数</td></tr><tr><td>规章</td><td></td><td></td><td></td></tr></table>
<table border="1"><tr><td colspan="3">一、本年新收政府信息公开申请数量</td><td></td></tr>
<tr><td colspan="3">二、上年结转政府信息公开申请数量</td><td></td></tr>
<tr><td colspan="3">三、本年度办理结果</td><td></td></tr>
<tr><td colspan="3">四、结转下年度继续办理</td><td></td></tr></table>
<p>示例县人民政府办公室 2022年12月15日</p></body></html>`, countyNoticeTitle, countyNoticeTitle, countyNoticeTitle)
}

func (p *Portal) buildCounty() {
	const html = "text/html; charset=utf-8"
	const htmlNoCharset = "text/html"
	const utf8 = `<meta charset="utf-8">`
	const gbkMeta = `<meta http-equiv="Content-Type" content="text/html; charset=gbk">`
	off := p.Offsite.URL
	nb := `<a href="/public/column/6616/index.html">政府信息公开年报</a>`

	p.add(CountyPathRobots, []byte("User-agent: *\nDisallow: /search/\nDisallow: /public/admin/\nCrawl-delay: 1\n"), "text/plain", "")

	p.add(CountyPathHome, []byte(`<!DOCTYPE html><html><head><meta charset="utf-8"><title>示例县人民政府</title></head><body>
<div class="nav"><a href="/">首页</a> <a href="/zwdt/index.html">政务动态</a> <a href="/m/index.html">手机版</a>
<a href="/search/index.html?kw=%E5%B9%B4%E6%8A%A5">年报搜索</a>
<a href="javascript:void(0);" onclick="AddFavorite(window.location,document.title)">加入收藏</a> <a href="javascript:SetHome(this,window.location)">设为首页</a>
<a href="mailto:webmaster@example.invalid">联系我们</a></div>
<div class="entry"><a href="/public/index.html" target="_blank"><img src="/images/xxgk.png" alt="政府信息公开"></a></div>
<div class="links"><a href="`+off+`/">示例市人民政府</a></div>
<div class="banner">示例县人民政府欢迎您</div></body></html>`), html, "")
	p.add(CountyPathMobileHome, []byte(`<html><head><meta charset="utf-8"><title>示例县移动门户</title></head><body><a href="/">电脑版</a></body></html>`), html, "")

	// The subsystem's entry is a JavaScript redirect (relative target).
	p.add(CountyPathXxgkStub, []byte(`<html><head><meta charset="utf-8"><title>示例县政府信息公开网</title>
<script type="text/javascript">window.location.href = "./home.html";</script></head><body></body></html>`), html, "")

	p.add(CountyPathXxgkHome, GBK(`<!DOCTYPE html><html><head>`+gbkMeta+`<base href="/public/"><title>示例县政府信息公开网</title></head><body>
<div class="top"><a href="/">示例县人民政府</a> <a href="admin/login.jsp">后台管理</a></div>
`+countyTree("")+`
<div class="right"><h3>最新公开</h3><iframe name="latest" src="latest.html" frameborder="0" scrolling="no"></iframe></div>
</body></html>`), htmlNoCharset, "")
	p.add(CountyPathLatest, []byte(`<html><head><meta charset="utf-8"><title>最新公开</title></head><body><ul>
<li><a href="/public/column/6616/202301/t20230120_1001.html" target="_blank" title="`+CountyGov2022.Title()+`">示例县人民政府2022年政府信…</a></li>
<li><a href="/public/column/6616/202212/t20221215_1003.html" target="_blank" title="`+countyNoticeTitle+`">关于做好2022年度政府信息公开…</a></li>
</ul></body></html>`), html, "")
	p.add(CountyPathGuide, []byte(countyPage("政府信息公开指南_示例县政府信息公开网", "政府信息公开指南", "政府信息公开指南", utf8,
		`<h1>政府信息公开指南</h1><p>本指南依据《中华人民共和国政府信息公开条例》编制。</p>`)), html, "")
	p.add(CountyPathOrgColumn, []byte(countyPage("机构职能_示例县政府信息公开网", "机构职能", "法定主动公开内容 &gt; 机构职能", utf8,
		countyList())), html, "")
	p.add(CountyPathAdmin, []byte(`<html><body>login</body></html>`), html, "")
	p.add(CountyPathSearch, []byte(`<html><body>search</body></html>`), html, "")

	// 政府信息公开年报: the county government's own reports, one opened by
	// onclick, and the notice.
	p.add(CountyPathNBColumn, []byte(countyPage("政府信息公开年报_示例县政府信息公开网", "政府信息公开年报", "法定主动公开内容 &gt; 政府信息公开年报", utf8,
		countyList(countyItem("./202301/t20230120_1001.html", CountyGov2022),
			`<li><a href="javascript:void(0);" onclick="window.open('./202201/t20220125_1002.html')">`+CountyGov2021.Title()+`</a><span>2022-01-25</span></li>`,
			`<li><a href="./202212/t20221215_1003.html" target="_blank">`+countyNoticeTitle+`</a><span>2022-12-15</span></li>`)+
			`<div class="page">共1页</div>`)), html, "")
	crumbNB := "法定主动公开内容 &gt; " + nb
	p.add(CountyPathGov2022, []byte(countyReportPage(CountyGov2022, crumbNB, utf8, `<p><a href="./t20230120_1001_wap.html">手机版</a></p>`, "")), html, "")
	p.add(CountyPathGov2022Wap, []byte(WapPage(CountyGov2022)), html, "")
	p.add(CountyPathGov2021, []byte(countyReportPage(CountyGov2021, crumbNB, utf8, "", "")), html, "")
	p.add(CountyPathNotice, []byte(countyNotice()), html, "")

	// 2023年: classic TRS pager written by document.write.
	crumbYear := func(y int) string { return fmt.Sprintf("法定主动公开内容 &gt; %s &gt; %d年", nb, y) }
	yearPage := func(y int, list, pager string) []byte {
		return []byte(countyPage(fmt.Sprintf("%d年_示例县政府信息公开网", y), fmt.Sprintf("%d年", y), crumbYear(y), utf8, list+pager))
	}
	p.add(CountyPath2023, yearPage(2023, countyList(countyItem("./202401/t20240125_501.html", CountyEdu2023)), trsClassicPager(3, 0)), html, "")
	p.add(CountyPath2023p2, yearPage(2023, countyList(`<li><a href="./202401/t20240126_502.html" target="_blank">县财政局年报</a><span>2024-01-26</span></li>`), trsClassicPager(3, 1)), html, "")
	p.add(CountyPath2023p3, yearPage(2023, countyList(countyItem("./202402/t20240205_601.html", CountyHealth2023)), trsClassicPager(3, 2)), html, "")
	p.add(CountyPathEdu2023, []byte(countyReportPage(CountyEdu2023, crumbYear(2023), utf8, "", "")), html, "")
	p.add(CountyPathFin2023, []byte(countyReportPage(CountyFin2023, crumbYear(2023), utf8, "", "")), html, "")
	p.add(CountyPathHealth2023, []byte(countyPDFStub(CountyHealth2023, crumbYear(2023),
		`<iframe src="/static/pdfjs/web/viewer.html?file=%2Fpublic%2Fcolumn%2F6617%2F202402%2FP020240205_601.pdf" width="100%" height="800"></iframe>`)), html, "")
	p.add(CountyPathHealthPDF, countyReportPDF, "application/pdf", "")
	p.add(CountyPathPDFViewer, []byte(`<!DOCTYPE html><html><head><meta charset="utf-8"><title>PDF.js viewer</title></head><body><div id="viewer"></div></body></html>`), html, "")

	// 2022年: 共4页 link pager; page 3 is linked only from pages 2 and 4.
	p.add(CountyPath2022, yearPage(2022, countyList(countyItem("./202301/t20230131_456.html", CountyEdu2022)), linkPager(0, 4)), html, "")
	p.add(CountyPath2022p2, yearPage(2022, countyList(fmt.Sprintf(`<li><a href="./202301/t20230131_457.html" target="_blank" title="%s">示例县市场监督管理局2022年政…</a><span>2023-01-31</span></li>`, CountyMarket2022.Title())), linkPager(1, 4)), html, "")
	p.add(CountyPath2022p3, GBK(countyPage("2022年_示例县政府信息公开网", "2022年", crumbYear(2022), gbkMeta,
		countyList(countyItem("../../column/6618/202302/t20230210_459.html", CountyWater2022))+linkPager(2, 4))), htmlNoCharset, "")
	p.add(CountyPath2022p4, yearPage(2022, countyList(countyItem("./202302/t20230215_602.html", CountyHousing2022)), linkPager(3, 4)), html, "")
	p.add(CountyPathEdu2022, []byte(countyReportPage(CountyEdu2022, crumbYear(2022), utf8,
		`<p>附件：<a href="./P020230131_456.pdf">`+CountyEdu2022.Title()+`.pdf</a></p><p><a href="/m/public/column/6618/202301/t20230131_456.html">手机版</a></p>`,
		CountyPathEdu2022M)), html, "")
	p.add(CountyPathEdu2022PDF, MinimalPDF("county education 2022"), "application/pdf", "")
	p.add(CountyPathEdu2022M, []byte(countyMobilePage(CountyEdu2022)), html, "")
	p.add(CountyPathMarket2022, []byte(countyReportPage(CountyMarket2022, crumbYear(2022), utf8, "", "")), html, "")
	p.add(CountyPathWater2022, GBK(countyReportPage(CountyWater2022, crumbYear(2022), gbkMeta, "", "")), htmlNoCharset, "")
	p.add(CountyPathHousing2022, []byte(countyPDFStub(CountyHousing2022, crumbYear(2022),
		`<p>附件：<a href="/public/download.jsp?fileid=602">`+CountyHousing2022.Title()+`.docx</a>（9KB）</p>`)), html, "")
	p.pages[CountyPathHousingPDF] = page{body: countyReportDOCX, contentType: "application/octet-stream",
		header: http.Header{"Content-Disposition": {`attachment; filename="` + url.PathEscape(CountyHousing2022.Title()) + `.docx"`}}}

	// 2021年: the list is in an iframe, paged by the newer createPageHTML.
	p.add(CountyPath2021, yearPage(2021, `<iframe id="listFrame" src="list.html" frameborder="0"></iframe>`, ""), html, "")
	listPage := func(items, pager string) []byte {
		return []byte(`<html><head><meta charset="utf-8"><title>列表</title></head><body>` + countyList(items) +
			`<div id="page_div"></div>` + pager + `</body></html>`)
	}
	p.add(CountyPath2021List, listPage(countyItem("./202201/t20220120_301.html", CountyEdu2021),
		`<script type="text/javascript">createPageHTML('page_div',2,0,'list','html',2);</script>`), html, "")
	p.add(CountyPath2021List2, listPage(countyItem("./202201/t20220121_302.html", CountyFin2021),
		`<script type="text/javascript">createPageHTML('page_div',2,1,'list','html',2);</script>`), html, "")
	p.add(CountyPathEdu2021, []byte(countyReportPage(CountyEdu2021, crumbYear(2021), utf8, "", "")), html, "")
	p.add(CountyPathFin2021, []byte(countyReportPage(CountyFin2021, crumbYear(2021), utf8, "", "")), html, "")

	// A department on the Hanweb CMS: the list is a datastore the page's
	// JavaScript renders.
	p.add(CountyPathDept, []byte(`<html><head><meta charset="utf-8"><title>示例县公安局 示例县人民政府</title></head><body>
<div class="bt-position">当前位置：<a href="/">首页</a> &gt; 部门信息公开 &gt; 示例县公安局</div>
<ul><li><a href="/col/col4568/index.html">机构概况</a></li><li><a href="/col/col4570/index.html">政府信息公开年报</a></li></ul></body></html>`), html, "")
	p.add("/col/col4568/index.html", []byte(`<html><head><meta charset="utf-8"><title>机构概况</title></head><body><p>示例县公安局负责全县公安工作。</p></body></html>`), html, "")
	record := func(href string, r ReportSpec) string {
		return fmt.Sprintf(`<record><![CDATA[
<li><a href="%s" title="%s" target="_blank">%s</a><span>%d-01-30</span></li>
]]></record>`, href, r.Title(), r.Title(), r.Year+1)
	}
	p.add(CountyPathDeptNB, []byte(`<html><head><meta charset="utf-8"><title>政府信息公开年报 示例县公安局</title></head><body>
<div class="bt-position">当前位置：<a href="/">首页</a> &gt; <a href="/col/col4567/index.html">示例县公安局</a> &gt; 政府信息公开年报</div>
<div id="4570"><script type="text/xml"><datastore>
<nextgroup><![CDATA[<a href="/module/web/jpage/dataproxy.jsp?page=1&webid=1&path=/&columnid=4570&unitid=12345&permissiontype=0"></a>]]></nextgroup>
<recordset>
`+record(CountyPathPolice2022, CountyPolice2022)+`
`+record(CountyPathPolice2021, CountyPolice2021)+`
</recordset></datastore></script></div>
<script language="javascript" src="/module/web/jpage/jpage.js"></script>
<script>$(function(){ $('#4570').jpage({ perPage: 15, totalRecord: 2, barPosition: 'bottom' }); });</script>
</body></html>`), html, "")
	crumbDept := `部门信息公开 &gt; <a href="/col/col4567/index.html">示例县公安局</a> &gt; <a href="/col/col4570/index.html">政府信息公开年报</a>`
	p.add(CountyPathPolice2022, []byte(countyReportPage(CountyPolice2022, crumbDept, utf8, "", "")), html, "")
	p.add(CountyPathPolice2021, []byte(countyReportPage(CountyPolice2021, crumbDept, utf8, "", "")), html, "")

	// Off-topic chain: 政务动态 → article → article (one hop too far).
	news := func(title, link, text string) []byte {
		l := ""
		if link != "" {
			l = `<li><a href="` + link + `">` + text + `</a></li>`
		}
		return []byte(`<html><head><meta charset="utf-8"><title>` + title + `</title></head><body>
<div class="top"><a href="/">首页</a> <a href="/zwdt/index.html">政务动态</a></div><h1>` + title + `</h1><ul>` + l + `</ul></body></html>`)
	}
	p.add(CountyPathNews, news("政务动态", CountyPathNews1, "示例县召开全县经济工作会议"), html, "")
	p.add(CountyPathNews1, news("示例县召开全县经济工作会议", CountyPathNews2, "示例县开展植树活动"), html, "")
	p.add(CountyPathNews2, news("示例县开展植树活动", "", ""), html, "")
}
