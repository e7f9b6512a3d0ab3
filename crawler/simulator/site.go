package simulator

import (
	"fmt"
	"strconv"
	"strings"
)

// The reports on the portal. Paths are what the crawler must find.
var (
	ReportUTF8      = ReportSpec{Agency: "示例市人民政府办公室", Year: 2022, Form: "2021", Seed: 1}
	ReportGBKMeta   = ReportSpec{Agency: "示例市财政局", Year: 2022, Form: "2021", Seed: 2}
	ReportGBKWrong  = ReportSpec{Agency: "示例市教育局", Year: 2022, Form: "2021", Seed: 3}
	Report503       = ReportSpec{Agency: "示例市人民政府办公室", Year: 2021, Form: "2021", Seed: 4}
	ReportSlow      = ReportSpec{Agency: "示例市人民政府办公室", Year: 2020, Form: "2019", Seed: 5}
	ReportTruncated = ReportSpec{Agency: "示例市卫生健康委员会", Year: 2022, Form: "2021", Seed: 6}
	ReportOversize  = ReportSpec{Agency: "示例市自然资源局", Year: 2022, Form: "2021", Seed: 7}
	ReportStalled   = ReportSpec{Agency: "示例市民政局", Year: 2022, Form: "2021", Seed: 8}
	ReportHanwebGBK = ReportSpec{Agency: "示例区人民政府", Year: 2022, Form: "2021", Seed: 9}
	ReportHanweb429 = ReportSpec{Agency: "示例区人民政府", Year: 2021, Form: "2021", Seed: 10}
	ReportPrivate   = ReportSpec{Agency: "示例市内部机构", Year: 2022, Form: "2021", Seed: 11}
)

// Paths of interest.
const (
	PathHome           = "/"
	PathRobots         = "/robots.txt"
	PathZwgk           = "/zwgk/index.html"
	PathTRSColumn      = "/zwgk/zfxxgknb/index.html"
	PathTRSColumn1     = "/zwgk/zfxxgknb/index_1.html"
	PathTRSColumn2     = "/zwgk/zfxxgknb/index_2.html"
	PathReportUTF8     = "/zwgk/zfxxgknb/202301/t20230118_101.html"
	PathReportWap      = "/zwgk/zfxxgknb/202301/t20230118_101_wap.html"
	PathReportPDF      = "/zwgk/zfxxgknb/202301/P020230118_101.pdf"
	PathReportGBKMeta  = "/zwgk/zfxxgknb/202301/t20230118_102.html"
	PathReportGBKWrong = "/zwgk/zfxxgknb/202301/t20230118_103.html"
	PathReport503      = "/zwgk/zfxxgknb/202201/t20220120_104.html"
	PathReportSlow     = "/zwgk/zfxxgknb/202101/t20210125_105.html"
	PathReportTrunc    = "/zwgk/zfxxgknb/202301/t20230118_106.html"
	PathReportBig      = "/zwgk/zfxxgknb/202301/t20230118_107.html"
	PathReportStalled  = "/zwgk/zfxxgknb/202301/t20230118_108.html"
	PathNotice         = "/zwgk/zfxxgknb/202203/t20220301_201.html"
	PathGuide          = "/zwgk/xxgkzn/index.html"
	PathHanwebColumn   = "/col/col123/index.html"
	PathHanwebPage2    = "/col/col123/index.html?pageNum=2&uid=5"
	PathHanwebGBK      = "/art/2023/1/18/art_123_456.html"
	PathHanweb429      = "/art/2022/1/20/art_123_789.html"
	PathNews           = "/xwdt/index.html"
	PathNews1          = "/xwdt/202301/t20230105_1.html"
	PathNews2          = "/xwdt/202301/t20230106_2.html"
	PathNews3          = "/xwdt/202301/t20230107_3.html"
	PathCalendar       = "/calendar/index.html?date=2023-01-01"
	PathPrivate        = "/private/nb.html"
	PathSearch         = "/search?q=nb"
	PathMirrorRedir    = "/go/mirror"
	PathShortLink      = "/nb"
)

// ExpectedReports are the paths of the complete, distinct reports a correct
// crawl finds (the _wap copy, the truncated, oversize, stalled and
// disallowed ones excluded).
func ExpectedReports() []string {
	return []string{PathReportUTF8, PathReportGBKMeta, PathReportGBKWrong, PathReport503, PathReportSlow, PathHanwebGBK, PathHanweb429}
}

// NeverRequested are paths (request URIs) the crawler must never ask for:
// disallowed by robots.txt, calendar trap, off-topic beyond the stray limit,
// session-id variants (normalised away).
func NeverRequested() []string {
	return []string{PathPrivate, PathSearch, PathCalendar, "/calendar/index.html?date=2023-01-02", PathNews3,
		"/zwgk/index.html;jsessionid=ABC123DEF", "/col/col123/index.html?sid=77"}
}

func (p *Portal) add(path string, body []byte, ctype, behaviour string) {
	p.pages[path] = page{body: body, contentType: ctype, behaviour: behaviour}
}

func (p *Portal) build() {
	const html = "text/html; charset=utf-8"
	const htmlNoCharset = "text/html"
	off := p.Offsite.URL

	p.add(PathRobots, []byte("# made-up robots.txt\nUser-agent: *\nDisallow: /private/\nDisallow: /search\nCrawl-delay: "+p.opts.CrawlDelay+"\n\nUser-agent: BadBot\nDisallow: /\n"), "text/plain", "")
	if p.opts.BigOnly {
		return // nothing else is served: a province of hundreds of portals keeps none of it in memory
	}

	p.add(PathHome, []byte(`<!DOCTYPE html><html><head><meta charset="utf-8"><title>示例市人民政府门户网站</title></head><body>
<div class="nav"><a href="/">首页</a> <a href="/zwgk/index.html">政务公开</a> <a href="/zwgk/index.html;jsessionid=ABC123DEF">政府信息公开</a>
<a href="/xwdt/index.html">新闻动态</a> <a href="/col/col123/index.html?sid=77">区政府信息公开年度报告</a>
<a href="/calendar/index.html?date=2023-01-01">活动日历</a> <a href="/private/nb.html">内部年报</a> <a href="/search?q=nb">站内搜索</a>
<a href="`+off+`/zwgk/zfxxgknb/index.html">政府信息公开年报（镜像站）</a> <a href="/go/mirror">政府信息公开年报备用入口</a> <a href="/nb">年报</a>
<a href="mailto:webmaster@example.invalid">联系我们</a> <a href="javascript:void(0)">加入收藏</a> <a href="ftp://127.0.0.1/pub/">资料下载</a>
<a href="#top">返回顶部</a> <img src="/images/logo.png"></div>
<div class="banner">示例市人民政府欢迎您</div></body></html>`), html, "")

	p.pages[PathMirrorRedir] = page{redirect: off + "/zwgk/zfxxgknb/index.html"}
	// An on-site short link to a column that is also linked directly.
	p.pages[PathShortLink] = page{redirect: "/zwgk/zfxxgknb/index.html"}

	p.add(PathZwgk, []byte(ListPage("政务公开", [][2]string{
		{"/zwgk/zfxxgknb/index.html", "政府信息公开年报"},
		{"/zwgk/xxgkzn/index.html", "政府信息公开指南"},
	}, `<meta charset="utf-8">`, "")), html, "")
	p.add(PathGuide, []byte(ListPage("政府信息公开指南", nil, `<meta charset="utf-8">`, "")), html, "")

	// TRS column in GBK: charset only in <meta>; pages 2 and 3 exist only in
	// the createPageHTML script, not as links.
	p.add(PathTRSColumn, GBK(ListPage("政府信息公开年报", [][2]string{
		{"./202301/t20230118_101.html", ReportUTF8.Title()},
		{"./202301/t20230118_102.html", ReportGBKMeta.Title()},
		{"./202301/t20230118_103.html", ReportGBKWrong.Title()},
		{"./202301/t20230118_106.html", ReportTruncated.Title()},
		{"./202301/t20230118_107.html", ReportOversize.Title()},
		{"./202301/t20230118_108.html", ReportStalled.Title()},
	}, `<meta http-equiv="Content-Type" content="text/html; charset=gb2312">`,
		`<script type="text/javascript">var currentPage = 0; var countPage = 3; createPageHTML(countPage, currentPage, "index", "html");</script>`)), htmlNoCharset, "")
	p.add(PathTRSColumn1, GBK(ListPage("政府信息公开年报", [][2]string{
		{"../zfxxgknb/202201/t20220120_104.html", Report503.Title()},
		{"./202203/t20220301_201.html", "关于做好2022年度政府信息公开工作年度报告编制发布工作的通知"},
	}, `<meta http-equiv="Content-Type" content="text/html; charset=gb2312">`,
		`<script>createPageHTML(3, 1, "index", "html");</script>`)), htmlNoCharset, "")
	p.add(PathTRSColumn2, GBK(ListPage("政府信息公开年报", [][2]string{
		{"./202101/t20210125_105.html", ReportSlow.Title()},
	}, `<meta http-equiv="Content-Type" content="text/html; charset=gb2312">`,
		`<script>createPageHTML(3, 2, "index", "html");</script>`)), htmlNoCharset, "")

	p.add(PathReportUTF8, []byte(ReportPage(ReportUTF8, `<meta charset="utf-8">`,
		`<p>附件：<a href="./P020230118_101.pdf">`+ReportUTF8.Title()+`.pdf</a></p><p><a href="./t20230118_101_wap.html">手机版</a></p>`)), html, "")
	p.add(PathReportWap, []byte(WapPage(ReportUTF8)), html, "")
	p.add(PathReportPDF, MinimalPDF("report 101"), "application/pdf", "")

	gbkMeta := `<meta http-equiv="Content-Type" content="text/html; charset=gbk">`
	p.add(PathReportGBKMeta, GBK(ReportPage(ReportGBKMeta, gbkMeta, "")), htmlNoCharset, "")
	// A default Apache config announcing Latin-1 over GBK bytes.
	p.add(PathReportGBKWrong, GBK(ReportPage(ReportGBKWrong, gbkMeta, "")), "text/html; charset=ISO-8859-1", "")
	p.add(PathReport503, GBK(ReportPage(Report503, gbkMeta, "")), htmlNoCharset, "503once")
	p.add(PathReportSlow, GBK(ReportPage(ReportSlow, gbkMeta, "")), htmlNoCharset, "slow")
	p.add(PathReportTrunc, []byte(ReportPage(ReportTruncated, `<meta charset="utf-8">`, "")), html, "truncate")
	pad := "<!-- " + strings.Repeat("padding ", p.opts.OversizeBytes/8) + " -->"
	p.add(PathReportBig, []byte(ReportPage(ReportOversize, `<meta charset="utf-8">`, pad)), html, "")
	p.add(PathReportStalled, []byte(ReportPage(ReportStalled, `<meta charset="utf-8">`, "")), html, "stall")
	p.add(PathNotice, GBK(`<html><head><meta charset="gbk"><title>关于做好2022年度政府信息公开工作年度报告编制发布工作的通知</title></head><body><h1>关于做好2022年度政府信息公开工作年度报告编制发布工作的通知</h1><p>各单位：请按要求于1月31日前发布本单位年度报告。</p></body></html>`), htmlNoCharset, "")

	// Hanweb column: query-string pagination with 下一页; page 2 answers 429 once.
	p.add(PathHanwebColumn, []byte(ListPage("政府信息公开年度报告", [][2]string{
		{"/art/2023/1/18/art_123_456.html", ReportHanwebGBK.Title()},
	}, `<meta charset="utf-8">`, `<a href="/col/col123/index.html?uid=5&amp;pageNum=2">下一页</a> <a href="/col/col123/index.html?uid=5&amp;pageNum=2">尾页</a>`)), html, "")
	p.add(PathHanwebPage2, []byte(ListPage("政府信息公开年度报告", [][2]string{
		{"/art/2022/1/20/art_123_789.html", ReportHanweb429.Title()},
	}, `<meta charset="utf-8">`, `<a href="/col/col123/index.html?uid=5&amp;pageNum=1">上一页</a>`)), html, "429once")
	p.add("/col/col123/index.html?pageNum=1&uid=5", []byte(ListPage("政府信息公开年度报告", [][2]string{
		{"/art/2023/1/18/art_123_456.html", ReportHanwebGBK.Title()},
	}, `<meta charset="utf-8">`, `<a href="/col/col123/index.html?uid=5&amp;pageNum=2">下一页</a>`)), html, "")
	// GBK with no charset anywhere: only a trial decode gets it right.
	p.add(PathHanwebGBK, GBK(ReportPage(ReportHanwebGBK, "", "")), htmlNoCharset, "")
	p.add(PathHanweb429, []byte(ReportPage(ReportHanweb429, `<meta charset="utf-8">`, "")), html, "")

	// Off-topic chain: 新闻动态 → article → related → related (one hop too far).
	p.add(PathNews, []byte(ListPage("新闻动态", [][2]string{{"/xwdt/202301/t20230105_1.html", "示例市召开经济工作会议"}}, `<meta charset="utf-8">`, "")), html, "")
	p.add(PathNews1, []byte(ListPage("示例市召开经济工作会议", [][2]string{{"/xwdt/202301/t20230106_2.html", "示例市开展志愿服务活动"}}, `<meta charset="utf-8">`, "")), html, "")
	p.add(PathNews2, []byte(ListPage("示例市开展志愿服务活动", [][2]string{{"/xwdt/202301/t20230107_3.html", "示例市举办运动会"}}, `<meta charset="utf-8">`, "")), html, "")
	p.add(PathNews3, []byte(ListPage("示例市举办运动会", nil, `<meta charset="utf-8">`, "")), html, "")

	// Never to be fetched, but served in case a crawler is careless.
	p.add(PathPrivate, []byte(ReportPage(ReportPrivate, `<meta charset="utf-8">`, "")), html, "")
	p.add(PathCalendar, []byte(`<html><body><a href="/calendar/index.html?date=2023-01-02">下一天</a></body></html>`), html, "")

	if p.opts.Big > 0 {
		p.add(PathHome, append(p.pages[PathHome].body[:len(p.pages[PathHome].body):len(p.pages[PathHome].body)], []byte(`<a href="/big/index.html">政府信息公开年报汇编</a>`)...), html, "")
	}
}

// BigPerPage is the number of reports listed per page of the /big/ column.
const BigPerPage = 50

// bigPage serves the synthetic /big/ column: index.html, index_N.html and
// report pages t_N.html, generated on the fly so the portal's own memory
// stays flat however big it is.
func (p *Portal) bigPage(uri string) (page, bool) {
	n := p.opts.Big
	if n <= 0 || !strings.HasPrefix(uri, "/big/") {
		return page{}, false
	}
	name := strings.TrimPrefix(uri, "/big/")
	pages := (n + BigPerPage - 1) / BigPerPage
	if name == "index.html" || strings.HasPrefix(name, "index_") {
		k := 0
		if name != "index.html" {
			v, err := strconv.Atoi(strings.TrimSuffix(strings.TrimPrefix(name, "index_"), ".html"))
			if err != nil || v <= 0 || v >= pages {
				return page{}, false
			}
			k = v
		}
		var items [][2]string
		for i := k * BigPerPage; i < min(n, (k+1)*BigPerPage); i++ {
			items = append(items, [2]string{fmt.Sprintf("2023/t_%d.html", i), fmt.Sprintf("%s%d 2022年政府信息公开工作年度报告", p.opts.BigAgency, i)})
		}
		script := fmt.Sprintf(`<script>createPageHTML(%d, %d, "index", "html");</script>`, pages, k)
		return page{body: []byte(ListPage("政府信息公开年报汇编", items, `<meta charset="utf-8">`, script)), contentType: "text/html; charset=utf-8"}, true
	}
	var i int
	if _, err := fmt.Sscanf(name, "2023/t_%d.html", &i); err != nil || i < 0 || i >= n || name != fmt.Sprintf("2023/t_%d.html", i) {
		return page{}, false
	}
	spec := ReportSpec{Agency: fmt.Sprintf("%s%d", p.opts.BigAgency, i), Year: 2022, Form: "2021", Seed: i, Complete: p.opts.BigComplete}
	return page{body: []byte(ReportPage(spec, `<meta charset="utf-8">`, "")), contentType: "text/html; charset=utf-8"}, true
}
