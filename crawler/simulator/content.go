package simulator

import (
	"fmt"
	"strings"

	"golang.org/x/text/encoding/simplifiedchinese"
)

// Everything on the simulated portal is made up for tests: the bodies, the
// numbers and the names follow the shape of real 政府信息公开工作年度报告
// pages (title, 发布时间 line, the State Council form's tables) so that
// discovery and report recognition are exercised on realistic markup, but no
// text is copied from a real government site.

// ReportSpec describes one made-up annual report page.
type ReportSpec struct {
	Agency string // 发布机关, e.g. "示例市示例区人民政府"
	Year   int    // report year (the title's year)
	Form   string // "2019" or "2021" (TEMPLATES.md)
	Seed   int    // varies the numbers
	// Complete fills every row of the 2021 form's tables 二 and 三 (zeros
	// where the made numbers have nothing), so the parser finds no row
	// missing; without it the page carries the rows the crawler tests need.
	Complete bool
}

// Title is the report's title as published.
func (r ReportSpec) Title() string {
	return fmt.Sprintf("%s%d年政府信息公开工作年度报告", r.Agency, r.Year)
}

// Article is the report body: the part a mirror or _wap copy shares.
func (r ReportSpec) Article() string {
	n := func(k int) int { return (r.Seed*7 + k*13) % 97 }
	var b strings.Builder
	fmt.Fprintf(&b, `<div class="article-content" id="zoom">
<p>　　本报告依据《中华人民共和国政府信息公开条例》（以下简称《条例》）和国务院办公厅政府信息与政务公开办公室关于政府信息公开工作年度报告的有关要求编制。全文包括总体情况、主动公开政府信息情况、收到和处理政府信息公开申请情况、政府信息公开行政复议和行政诉讼情况、存在的主要问题及改进情况、其他需要报告的事项。本报告中所列数据的统计期限自%d年1月1日起至%d年12月31日止。</p>
<p><strong>一、总体情况</strong></p>
<p>　　%d年，%s坚持以人民为中心的发展思想，认真贯彻落实《条例》，持续推进决策、执行、管理、服务、结果公开，全年主动公开政府信息%d条。</p>
<p><strong>二、主动公开政府信息情况</strong></p>
`, r.Year, r.Year, r.Year, r.Agency, 100+n(1)*10)
	if r.Form == "2019" {
		fmt.Fprintf(&b, `<table border="1" cellspacing="0">
<tr><td colspan="4">第二十条第（一）项</td></tr>
<tr><td>信息内容</td><td>本年新制作数量</td><td>本年新公开数量</td><td>对外公开总数量</td></tr>
<tr><td>规章</td><td>0</td><td>0</td><td>0</td></tr>
<tr><td>规范性文件</td><td>%d</td><td>%d</td><td>%d</td></tr>
<tr><td colspan="4">第二十条第（五）项</td></tr>
<tr><td>信息内容</td><td>上一年项目数量</td><td>本年增/减</td><td>处理决定数量</td></tr>
<tr><td>行政许可</td><td>%d</td><td>0</td><td>%d</td></tr>
</table>
`, n(2)%5, n(2)%5, 10+n(3), 20+n(4), 300+n(5))
	} else {
		fmt.Fprintf(&b, `<table border="1" cellspacing="0">
<tr><td colspan="4">第二十条第（一）项</td></tr>
<tr><td>信息内容</td><td>本年制发件数</td><td>本年废止件数</td><td>现行有效件数</td></tr>
<tr><td>规章</td><td>0</td><td>0</td><td>0</td></tr>
<tr><td>行政规范性文件</td><td>%d</td><td>0</td><td>%d</td></tr>
<tr><td colspan="4">第二十条第（五）项</td></tr>
<tr><td>信息内容</td><td colspan="3">本年处理决定数量</td></tr>
<tr><td>行政许可</td><td colspan="3">%d</td></tr>
%s<tr><td colspan="4">第二十条第（八）项</td></tr>
<tr><td>信息内容</td><td colspan="3">本年收费金额（单位：万元）</td></tr>
<tr><td>行政事业性收费</td><td colspan="3">%d.%d</td></tr>
</table>
`, n(2)%5, 10+n(3), 300+n(5), r.completeRows(table2Rows), n(6), n(7))
	}
	rec := 5 + n(8)%20
	fmt.Fprintf(&b, `<p><strong>三、收到和处理政府信息公开申请情况</strong></p>
<table border="1" cellspacing="0">
<tr><td colspan="3" rowspan="3">（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）</td><td colspan="7">申请人情况</td></tr>
<tr><td rowspan="2">自然人</td><td colspan="5">法人或其他组织</td><td rowspan="2">总计</td></tr>
<tr><td>商业企业</td><td>科研机构</td><td>社会公益组织</td><td>法律服务机构</td><td>其他</td></tr>
<tr><td colspan="3">一、本年新收政府信息公开申请数量</td><td>%d</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>%d</td></tr>
<tr><td colspan="3">二、上年结转政府信息公开申请数量</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td></tr>
<tr><td rowspan="%d">三、本年度办理结果</td><td colspan="2">（一）予以公开</td><td>%d</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>%d</td></tr>
<tr><td colspan="2">（二）部分公开（区分处理的，只计这一情形，不计其他情形）</td><td>%d</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>%d</td></tr>
<tr><td rowspan="%d">（三）不予公开</td><td>1.属于国家秘密</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td></tr>
<tr><td>2.其他法律行政法规禁止公开</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td></tr>
%s<tr><td colspan="2">（七）总计</td><td>%d</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>%d</td></tr>
<tr><td colspan="3">四、结转下年度继续办理</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td></tr>
</table>
<p><strong>四、政府信息公开行政复议、行政诉讼情况</strong></p>
<table border="1" cellspacing="0">
<tr><td colspan="5">行政复议</td><td colspan="10">行政诉讼</td></tr>
<tr><td rowspan="2">结果维持</td><td rowspan="2">结果纠正</td><td rowspan="2">其他结果</td><td rowspan="2">尚未审结</td><td rowspan="2">总计</td><td colspan="5">未经复议直接起诉</td><td colspan="5">复议后起诉</td></tr>
<tr><td>结果维持</td><td>结果纠正</td><td>其他结果</td><td>尚未审结</td><td>总计</td><td>结果维持</td><td>结果纠正</td><td>其他结果</td><td>尚未审结</td><td>总计</td></tr>
<tr><td>%d</td><td>0</td><td>0</td><td>0</td><td>%d</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td></tr>
</table>
<p><strong>五、存在的主要问题及改进情况</strong></p>
<p>　　%d年，我单位政府信息公开工作取得了一定成效，但仍存在公开内容不够全面、解读形式较为单一等问题。下一步，将进一步规范公开流程，提升公开质量。</p>
<p><strong>六、其他需要报告的事项</strong></p>
<p>　　本年度未收取信息处理费。</p>
</div>`, rec, rec, r.span(5, 22), rec/2, rec/2, rec-rec/2, rec-rec/2, r.span(2, 8), r.completeRows(table3Rows), rec, rec, n(9)%3, n(9)%3, r.Year)
	return b.String()
}

// ReportPage is a desktop TRS-style page around the article. extraHead goes
// into <head> (a meta charset), extraBody after the article (attachments,
// the 手机版 link).
func ReportPage(r ReportSpec, extraHead, extraBody string) string {
	return fmt.Sprintf(`<!DOCTYPE html>
<html><head>%s<title>%s</title>
<link rel="stylesheet" href="/css/style.css"></head>
<body>
<div class="header"><a href="/">首页</a> <a href="/zwgk/index.html">政务公开</a> <a href="/xwdt/index.html">新闻动态</a> <a href="/hdjl/index.html">互动交流</a></div>
<div class="position">当前位置：<a href="/">首页</a> &gt; <a href="/zwgk/index.html">政务公开</a> &gt; <a href="/zwgk/zfxxgknb/index.html">政府信息公开年报</a></div>
<div class="main">
<h1 class="title">%s</h1>
<div class="info">发布时间：%d-01-18 来源：%s 浏览次数：<span id="count">123</span></div>
%s
%s
</div>
<div class="footer">主办单位：%s 网站标识码：0000000000 备案号：示ICP备00000000号 <a href="/wzdt/index.html">网站地图</a></div>
<script>var hits = 1;</script>
</body></html>`, extraHead, r.Title(), r.Title(), r.Year+1, r.Agency, r.Article(), extraBody, r.Agency)
}

// WapPage is the mobile copy of a report: another template, same article.
func WapPage(r ReportSpec) string {
	return fmt.Sprintf(`<!DOCTYPE html>
<html><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>%s_手机版</title></head>
<body class="wap">
<header><a href="/wap/index.html">返回</a> 手机门户</header>
<section>
<h2>%s</h2>
<p class="time">%d-01-18</p>
%s
</section>
<footer><a href="/">电脑版</a></footer>
</body></html>`, r.Title(), r.Title(), r.Year+1, r.Article())
}

// ListPage is a column page. items are (href, text) pairs.
func ListPage(title string, items [][2]string, extraHead, pager string) string {
	var b strings.Builder
	fmt.Fprintf(&b, `<!DOCTYPE html>
<html><head>%s<title>%s</title></head>
<body>
<div class="header"><a href="/">首页</a> <a href="/zwgk/index.html">政务公开</a> <a href="/xwdt/index.html">新闻动态</a></div>
<div class="column"><h2>%s</h2><ul class="list">
`, extraHead, title, title)
	for _, it := range items {
		fmt.Fprintf(&b, "<li><a href=\"%s\" target=\"_blank\">%s</a><span>2023-01-18</span></li>\n", it[0], it[1])
	}
	fmt.Fprintf(&b, "</ul>\n<div class=\"pager\">%s</div></div>\n<div class=\"footer\">示例市人民政府办公室主办</div></body></html>", pager)
	return b.String()
}

// GBK encodes s as GBK bytes (what old CMSs serve).
func GBK(s string) []byte {
	b, err := simplifiedchinese.GBK.NewEncoder().Bytes([]byte(s))
	if err != nil {
		panic("simulator: text not encodable in GBK: " + err.Error()) // test data bug, not input
	}
	return b
}

// MinimalPDF is a tiny, valid-looking PDF (made up).
func MinimalPDF(label string) []byte {
	return []byte("%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n% " + label + "\ntrailer<</Root 1 0 R>>\n%%EOF\n")
}

// The rows a Complete report adds, all zero (labels as on the 2021 form,
// TEMPLATES.md), under the rowspans of their groups (span).
const (
	table2Rows = `<tr><td colspan="4">第二十条第（六）项</td></tr>
<tr><td>信息内容</td><td colspan="3">本年处理决定数量</td></tr>
<tr><td>行政处罚</td><td colspan="3">0</td></tr>
<tr><td>行政强制</td><td colspan="3">0</td></tr>
`
	table3Rows = `<tr><td>3.危及“三安全一稳定”</td>Z</tr>
<tr><td>4.保护第三方合法权益</td>Z</tr>
<tr><td>5.属于三类内部事务信息</td>Z</tr>
<tr><td>6.属于四类过程性信息</td>Z</tr>
<tr><td>7.属于行政执法案卷</td>Z</tr>
<tr><td>8.属于行政查询事项</td>Z</tr>
<tr><td rowspan="3">（四）无法提供</td><td>1.本机关不掌握相关政府信息</td>Z</tr>
<tr><td>2.没有现成信息需要另行制作</td>Z</tr>
<tr><td>3.补正后申请内容仍不明确</td>Z</tr>
<tr><td rowspan="5">（五）不予处理</td><td>1.信访举报投诉类申请</td>Z</tr>
<tr><td>2.重复申请</td>Z</tr>
<tr><td>3.要求提供公开出版物</td>Z</tr>
<tr><td>4.无正当理由大量反复申请</td>Z</tr>
<tr><td>5.要求行政机关确认或重新出具已获取信息</td>Z</tr>
<tr><td rowspan="3">（六）其他处理</td><td>1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请</td>Z</tr>
<tr><td>2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请</td>Z</tr>
<tr><td>3.其他</td>Z</tr>
`
)

func (r ReportSpec) completeRows(rows string) string {
	if !r.Complete || r.Form == "2019" {
		return ""
	}
	return strings.ReplaceAll(rows, "Z", strings.Repeat("<td>0</td>", 7))
}

// span is a rowspan: short for the test pages, full for a Complete report.
func (r ReportSpec) span(short, complete int) int {
	if r.Complete && r.Form != "2019" {
		return complete
	}
	return short
}
