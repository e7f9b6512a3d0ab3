//go:build ignore

// gen writes the MADE fixtures of this directory: HTML pages that imitate the layouts of real
// government annual report pages (rowspan/colspan exactly as the official forms are published),
// with invented agencies and invented values, and a sidecar NAME.expect.json with the values
// each page must parse to. Run from the repository root:
//
//	go run ./parser/testdata/html/gen.go
//
// Values are chosen so that every identity of shared/TEMPLATES.md holds in the complete pages.
package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"golang.org/x/text/encoding/simplifiedchinese"
)

// ---- the forms ----------------------------------------------------------------------------

type row struct{ code, label string }

var reqCols = []string{"natural_person", "business", "research", "nonprofit", "legal_services", "other_org", "total"}

// requestRows2021 in table order; labels as the official form prints them (full-width brackets).
var requestRows = []row{
	{"received", "一、本年新收政府信息公开申请数量"},
	{"carried_in", "二、上年结转政府信息公开申请数量"},
	{"result.disclosed", "（一）予以公开"},
	{"result.partial", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"},
	{"result.withheld.state_secret", "1.属于国家秘密"},
	{"result.withheld.prohibited_by_law", "2.其他法律行政法规禁止公开"},
	{"result.withheld.security_stability", "3.危及“三安全一稳定”"},
	{"result.withheld.third_party", "4.保护第三方合法权益"},
	{"result.withheld.internal_affairs", "5.属于三类内部事务信息"},
	{"result.withheld.process_info", "6.属于四类过程性信息"},
	{"result.withheld.enforcement_files", "7.属于行政执法案卷"},
	{"result.withheld.query_matters", "8.属于行政查询事项"},
	{"result.unavailable.not_held", "1.本机关不掌握相关政府信息"},
	{"result.unavailable.needs_creation", "2.没有现成信息需要另行制作"},
	{"result.unavailable.unclear", "3.补正后申请内容仍不明确"},
	{"result.not_processed.complaint", "1.信访举报投诉类申请"},
	{"result.not_processed.duplicate", "2.重复申请"},
	{"result.not_processed.publication", "3.要求提供公开出版物"},
	{"result.not_processed.mass_repeat", "4.无正当理由大量反复申请"},
	{"result.not_processed.confirm_reissue", "5.要求行政机关确认或重新出具已获取信息"},
	{"result.other.no_correction", "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"},
	{"result.other.fee_unpaid", "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"},
	{"result.other.other", "3.其他"},
	{"result.other", "（六）其他处理"}, // 2019 only
	{"result.total", "（七）总计"},
	{"carried_out", "四、结转下年度继续办理"},
}

// request values (natural_person … other_org); totals and carried_out are computed.
var requestValues = map[string][6]float64{
	"received":                          {10, 3, 0, 1, 2, 0},
	"carried_in":                        {2, 1, 0, 0, 0, 0},
	"result.disclosed":                  {5, 2, 0, 1, 0, 0},
	"result.partial":                    {2, 0, 0, 0, 1, 0},
	"result.withheld.prohibited_by_law": {1, 0, 0, 0, 0, 0},
	"result.withheld.third_party":       {0, 1, 0, 0, 0, 0},
	"result.unavailable.not_held":       {2, 0, 0, 0, 0, 0},
	"result.not_processed.complaint":    {1, 0, 0, 0, 0, 0},
	"result.other.other":                {0, 0, 0, 0, 1, 0},
	"result.other":                      {0, 0, 0, 0, 1, 0}, // 2019: the same case in one row
}

var appealGroups = []string{"review", "suit_direct", "suit_after_review"}
var appealOutcomes = []string{"upheld", "corrected", "other", "pending", "total"}
var appealOutcomeLabels = []string{"结果维持", "结果纠正", "其他结果", "尚未审结", "总计"}
var appealValues = map[string][4]float64{
	"review":            {1, 0, 0, 0},
	"suit_direct":       {0, 1, 0, 1},
	"suit_after_review": {1, 0, 0, 1},
}

// ---- the model of one page's values ------------------------------------------------------

type cell struct {
	Section string   `json:"section"`
	Row     string   `json:"row"`
	Col     string   `json:"col"`
	Value   *float64 `json:"value"`
	Raw     string   `json:"raw"`
	Unit    string   `json:"unit"`
	Flags   []string `json:"flags"`
}

func key(s, r, c string) string { return s + "." + r + "." + c }

// values holds the true value of every cell of a form version.
func values(form string) (order []string, v map[string]float64) {
	v = map[string]float64{}
	add := func(s, r, c string, x float64) {
		k := key(s, r, c)
		order = append(order, k)
		v[k] = x
	}
	if form == "2021" {
		add("active", "rules", "issued", 1)
		add("active", "rules", "repealed", 0)
		add("active", "rules", "in_force", 3)
		add("active", "normative_docs", "issued", 4)
		add("active", "normative_docs", "repealed", 1)
		add("active", "normative_docs", "in_force", 26)
		add("active", "licensing", "decisions", 506)
		add("active", "penalties", "decisions", 13242)
		add("active", "enforcement", "decisions", 2)
		add("active", "fees", "amount_wan_yuan", 697.449)
	} else {
		for _, r := range []struct {
			row string
			v   [3]float64
		}{{"rules", [3]float64{1, 1, 12}}, {"normative_docs", [3]float64{5, 5, 40}}} {
			add("active", r.row, "made", r.v[0])
			add("active", r.row, "published", r.v[1])
			add("active", r.row, "total_published", r.v[2])
		}
		for _, r := range []struct {
			row string
			v   [3]float64
		}{{"licensing", [3]float64{30, -2, 410}}, {"other_services", [3]float64{12, 1, 88}},
			{"penalties", [3]float64{20, 0, 97}}, {"enforcement", [3]float64{4, 0, 6}}} {
			add("active", r.row, "prev_items", r.v[0])
			add("active", r.row, "items_change", r.v[1])
			add("active", r.row, "decisions", r.v[2])
		}
		add("active", "fees", "prev_items", 2)
		add("active", "fees", "items_change", 0)
		add("active", "procurement", "items", 15)
		add("active", "procurement", "amount_wan_yuan", 356.8)
	}
	var totals [7]float64
	var in [6]float64
	for _, r := range requestRows {
		if !rowInForm(form, r.code) {
			continue
		}
		var vals [6]float64
		switch {
		case r.code == "result.total":
			copy(vals[:], totals[:6])
		case r.code == "carried_out":
			for i := range vals {
				vals[i] = in[i] - totals[i]
				if vals[i] < 0 {
					panic("negative carried_out")
				}
			}
		default:
			vals = requestValues[r.code]
		}
		sum := 0.0
		for i, x := range vals {
			add("requests", r.code, reqCols[i], x)
			sum += x
			if r.code == "received" || r.code == "carried_in" {
				in[i] += x
			}
			if strings.HasPrefix(r.code, "result.") && r.code != "result.total" {
				totals[i] += x
			}
		}
		add("requests", r.code, "total", sum)
	}
	for _, g := range appealGroups {
		sum := 0.0
		for i, o := range appealOutcomes[:4] {
			add("appeals", "all", g+"."+o, appealValues[g][i])
			sum += appealValues[g][i]
		}
		add("appeals", "all", g+".total", sum)
	}
	return order, v
}

func rowInForm(form, code string) bool {
	if strings.HasPrefix(code, "result.other.") {
		return form == "2021"
	}
	if code == "result.other" {
		return form == "2019"
	}
	return true
}

// ---- rendering --------------------------------------------------------------------------

// variant decides how each value is written and records what it must parse to.
type variant struct {
	form string
	// write returns the raw text of a cell (may be "" for blank) and its expected cell.
	write func(k string, x float64) string
	// active2Tables renders section 二 as four (2021) / five (2019) small tables instead of one.
	activeTables bool
	// splitRequests splits section 三 over two <table> elements at (四)无法提供.
	splitRequests bool
	// extraCellRow gets one cell too many (a shifted row).
	extraCellRow string
	// cellMarkup wraps cell text in <p><span> as Word-made pages do.
	cellMarkup bool
}

func plain(_ string, x float64) string { return strconv.FormatFloat(x, 'f', -1, 64) }

type page struct {
	v      variant
	vals   map[string]float64
	b      strings.Builder
	expect []cell
	order  []string
}

func (p *page) td(attrs, text string) {
	if p.v.cellMarkup && text != "" {
		text = `<p style="text-align:center"><span style="font-family:宋体;font-size:14px">` + text + `</span></p>`
	}
	if attrs != "" {
		attrs = " " + attrs
	}
	fmt.Fprintf(&p.b, "<td%s>%s</td>", attrs, text)
}

func (p *page) val(attrs, s, r, c string) {
	k := key(s, r, c)
	raw := p.v.write(k, p.vals[k])
	p.td(attrs, raw)
}

func (p *page) tr(f func()) { p.b.WriteString("\n<tr>"); f(); p.b.WriteString("</tr>") }

const tableOpen = `<table border="1" cellspacing="0" cellpadding="0" width="600" style="border-collapse:collapse">`

func (p *page) active() {
	type grp struct {
		title string
		heads []string // column headers after 信息内容; the last one spans what is left of 3
		rows  []row
		cols  []string
	}
	var groups []grp
	if p.v.form == "2021" {
		groups = []grp{
			{"第二十条第（一）项", []string{"本年制发件数", "本年废止件数", "现行有效件数"}, []row{{"rules", "规章"}, {"normative_docs", "行政规范性文件"}}, []string{"issued", "repealed", "in_force"}},
			{"第二十条第（五）项", []string{"本年处理决定数量"}, []row{{"licensing", "行政许可"}}, []string{"decisions"}},
			{"第二十条第（六）项", []string{"本年处理决定数量"}, []row{{"penalties", "行政处罚"}, {"enforcement", "行政强制"}}, []string{"decisions"}},
			{"第二十条第（八）项", []string{"本年收费金额（单位：万元）"}, []row{{"fees", "行政事业性收费"}}, []string{"amount_wan_yuan"}},
		}
	} else {
		three := []string{"上一年项目数量", "本年增/减", "处理决定数量"}
		c3 := []string{"prev_items", "items_change", "decisions"}
		groups = []grp{
			{"第二十条第（一）项", []string{"本年新制作数量", "本年新公开数量", "对外公开总数量"}, []row{{"rules", "规章"}, {"normative_docs", "规范性文件"}}, []string{"made", "published", "total_published"}},
			{"第二十条第（五）项", three, []row{{"licensing", "行政许可"}, {"other_services", "其他对外管理服务事项"}}, c3},
			{"第二十条第（六）项", three, []row{{"penalties", "行政处罚"}, {"enforcement", "行政强制"}}, c3},
			{"第二十条第（八）项", []string{"上一年项目数量", "本年增/减"}, []row{{"fees", "行政事业性收费"}}, []string{"prev_items", "items_change"}},
			{"第二十条第（九）项", []string{"采购项目数量", "采购总金额"}, []row{{"procurement", "政府集中采购"}}, []string{"items", "amount_wan_yuan"}},
		}
	}
	if !p.v.activeTables {
		p.b.WriteString(tableOpen + "\n<tbody>")
	}
	for _, g := range groups {
		if p.v.activeTables {
			p.b.WriteString(tableOpen + "\n<tbody>")
		}
		p.tr(func() { p.td(`colspan="4" style="background:#eee"`, g.title) })
		span := func(i, n int) string {
			if i == n-1 && n < 3 {
				return fmt.Sprintf(`colspan="%d"`, 4-n)
			}
			return ""
		}
		p.tr(func() {
			p.td("", "信息内容")
			for i, h := range g.heads {
				p.td(span(i, len(g.heads)), h)
			}
		})
		for _, r := range g.rows {
			p.tr(func() {
				p.td("", r.label)
				for i, c := range g.cols {
					p.val(span(i, len(g.cols)), "active", r.code, c)
				}
			})
		}
		if p.v.activeTables {
			p.b.WriteString("\n</tbody></table>\n")
		}
	}
	if !p.v.activeTables {
		p.b.WriteString("\n</tbody></table>\n")
	}
}

func (p *page) requests() {
	p.b.WriteString(tableOpen + "\n<tbody>")
	p.tr(func() {
		p.td(`colspan="3" rowspan="3"`, "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）")
		p.td(`colspan="7"`, "申请人情况")
	})
	p.tr(func() {
		p.td(`rowspan="2"`, "自然人")
		p.td(`colspan="5"`, "法人或其他组织")
		p.td(`rowspan="2"`, "总计")
	})
	p.tr(func() {
		for _, h := range []string{"商业<br>企业", "科研<br>机构", "社会公益组织", "法律服务机构", "其他"} {
			p.td("", h)
		}
	})
	values := func(code string) {
		n := len(reqCols)
		for i, c := range reqCols {
			p.val("", "requests", code, c)
			if code == p.v.extraCellRow && i == 1 {
				p.td("", "0") // one cell too many: everything after it shifts right
			}
		}
		_ = n
	}
	resultRows := 22
	if p.v.form == "2019" {
		resultRows = 20
	}
	firstPart := 10 // rows of 三、本年度办理结果 before the split at (四)
	for _, r := range requestRows {
		if !rowInForm(p.v.form, r.code) {
			continue
		}
		if p.v.splitRequests && r.code == "result.unavailable.not_held" {
			// A Word page break: the table ends and a new one continues the rows; the merged
			// 三、本年度办理结果 cell continues as an empty cell of its own.
			p.b.WriteString("\n</tbody></table>\n<p>&nbsp;</p>\n" + tableOpen + "\n<tbody>")
		}
		p.tr(func() {
			switch {
			case r.code == "received" || r.code == "carried_in" || r.code == "carried_out":
				p.td(`colspan="3"`, r.label)
			case r.code == "result.disclosed":
				rs := resultRows
				if p.v.splitRequests {
					rs = firstPart
				}
				p.td(fmt.Sprintf(`rowspan="%d"`, rs), "三、本年度办理结果")
				p.td(`colspan="2"`, r.label)
			case r.code == "result.unavailable.not_held" && p.v.splitRequests:
				p.td(fmt.Sprintf(`rowspan="%d"`, resultRows-firstPart), "")
				p.td(`rowspan="3"`, "（四）无法提供")
				p.td("", r.label)
			case r.code == "result.partial" || r.code == "result.total" || r.code == "result.other":
				p.td(`colspan="2"`, r.label)
			case r.code == "result.withheld.state_secret":
				p.td(`rowspan="8"`, "（三）不予公开")
				p.td("", r.label)
			case r.code == "result.unavailable.not_held":
				p.td(`rowspan="3"`, "（四）无法提供")
				p.td("", r.label)
			case r.code == "result.not_processed.complaint":
				p.td(`rowspan="5"`, "（五）不予处理")
				p.td("", r.label)
			case r.code == "result.other.no_correction":
				p.td(`rowspan="3"`, "（六）其他处理")
				p.td("", r.label)
			default:
				p.td("", r.label)
			}
			values(r.code)
		})
	}
	p.b.WriteString("\n</tbody></table>\n")
}

func (p *page) appeals() {
	p.b.WriteString(tableOpen + "\n<tbody>")
	p.tr(func() { p.td(`colspan="5"`, "行政复议"); p.td(`colspan="10"`, "行政诉讼") })
	p.tr(func() {
		for _, l := range appealOutcomeLabels {
			p.td(`rowspan="2"`, l)
		}
		p.td(`colspan="5"`, "未经复议直接起诉")
		p.td(`colspan="5"`, "复议后起诉")
	})
	p.tr(func() {
		for range 2 {
			for _, l := range appealOutcomeLabels {
				p.td("", l)
			}
		}
	})
	p.tr(func() {
		for _, g := range appealGroups {
			for _, o := range appealOutcomes {
				p.val("", "appeals", "all", g+"."+o)
			}
		}
	})
	p.b.WriteString("\n</tbody></table>\n")
}

// ---- pages -------------------------------------------------------------------------------

type fixture struct {
	name, imitates string
	agency         string
	year           int
	v              variant
	meta           string // the <meta> charset tag, or ""
	gbk            bool
	nested         bool
	issues         []map[string]string
	notes          string
	// expect overrides the expected cell of a key (for shifted rows and the like).
	expect func(k string, x float64, raw string) cell
}

func (f fixture) render() ([]byte, []cell) {
	order, vals := values(f.v.form)
	p := &page{v: f.v, vals: vals, order: order}
	title := fmt.Sprintf("%s%d年政府信息公开工作年度报告", f.agency, f.year)
	var b strings.Builder
	fmt.Fprintf(&b, "<!-- MADE FIXTURE (not a captured page): %s.\n     Generated by gen.go; expected values in %s.expect.json. -->\n", f.imitates, f.name)
	b.WriteString("<!DOCTYPE html>\n<html>\n<head>\n")
	if f.meta != "" {
		b.WriteString(f.meta + "\n")
	}
	fmt.Fprintf(&b, "<title>%s</title>\n<style>td{border:1px solid #000}</style>\n<script>var pageTitle = \"<table><tr><td>not a table</td></tr></table>\";</script>\n</head>\n<body>\n", title)
	b.WriteString(`<div class="nav"><a href="/">首页</a> &gt; <a href="/zwgk/">政府信息公开</a> &gt; 政府信息公开年报</div>` + "\n")
	if f.nested {
		b.WriteString(`<table width="1000" class="layout"><tr><td width="200" valign="top"><ul><li>机构职能</li><li>政策文件</li><li>年度报告</li></ul></td><td valign="top">` + "\n")
	}
	fmt.Fprintf(&b, "<h1>%s</h1>\n<div class=\"info\">发布日期：%d-01-%02d&nbsp;&nbsp;来源：%s</div>\n<div class=\"content\">\n", title, f.year+1, 18+f.year%10, f.agency)
	fmt.Fprintf(&b, "<p>根据《中华人民共和国政府信息公开条例》（以下简称《条例》）要求，%s编制本报告。本报告中所列数据的统计期限自%d年1月1日起至%d年12月31日止。</p>\n", f.agency, f.year, f.year)
	b.WriteString("<p><strong>一、总体情况</strong></p>\n<p>（一）主动公开。全年主动公开政府信息120条，其中政策文件26件。</p>\n<p>（二）依申请公开。全年共受理政府信息公开申请，均在法定期限内答复。</p>\n")
	b.WriteString("<p><strong>二、主动公开政府信息情况</strong></p>\n")
	p.active()
	b.WriteString(p.b.String())
	p.b.Reset()
	b.WriteString("<p><strong>三、收到和处理政府信息公开申请情况</strong></p>\n")
	p.requests()
	b.WriteString(p.b.String())
	p.b.Reset()
	b.WriteString("<p><strong>四、政府信息公开行政复议、行政诉讼情况</strong></p>\n")
	p.appeals()
	b.WriteString(p.b.String())
	b.WriteString("<p><strong>五、存在的主要问题及改进情况</strong></p>\n<p>政策解读形式还不够丰富。下一步将加强培训，提升政务公开工作水平。</p>\n")
	b.WriteString("<p><strong>六、其他需要报告的事项</strong></p>\n<p>本机关本年度未收取信息处理费。</p>\n</div>\n")
	if f.nested {
		b.WriteString("</td></tr></table>\n")
	}
	b.WriteString(`<div class="footer">主办单位：` + f.agency + `&nbsp;&nbsp;<!-- 统计代码 --><script>document.write("<p>访问量</p>")</script></div>` + "\n</body>\n</html>\n")

	var cells []cell
	for _, k := range order {
		raw := f.v.write(k, vals[k])
		var c cell
		if f.expect != nil {
			c = f.expect(k, vals[k], raw)
		} else {
			c = expectOf(k, vals[k], raw)
		}
		cells = append(cells, c)
	}
	out := []byte(b.String())
	if f.gbk {
		var err error
		out, err = simplifiedchinese.GBK.NewEncoder().Bytes(out)
		if err != nil {
			panic(err)
		}
	}
	return out, cells
}

// expectOf is the parse of a raw cell text as the value parser should see it.
func expectOf(k string, x float64, raw string) cell {
	parts := strings.SplitN(k, ".", 2)
	sec, rest := parts[0], parts[1]
	// row codes contain dots; the column is the last part, except appeals' group.outcome.
	var r, c string
	if sec == "appeals" {
		r, c = "all", strings.TrimPrefix(rest, "all.")
	} else {
		i := strings.LastIndex(rest, ".")
		r, c = rest[:i], rest[i+1:]
	}
	ce := cell{Section: sec, Row: r, Col: c, Raw: raw, Flags: []string{}}
	v := x
	switch {
	case raw == "":
		ce.Flags = append(ce.Flags, "blank")
		return ce
	case raw == "—" || raw == "-" || raw == "/":
		ce.Flags = append(ce.Flags, "dash")
		return ce
	case raw == "无":
		ce.Flags = append(ce.Flags, "none_text")
		return ce
	}
	if strings.ContainsAny(raw, "０１２３４５６７８９") {
		ce.Flags = append(ce.Flags, "full_width")
	}
	if strings.Contains(raw, ",") {
		ce.Flags = append(ce.Flags, "thousands_sep")
	}
	for _, u := range []string{"万元", "件", "条"} {
		if strings.HasSuffix(raw, u) {
			ce.Unit = u
			ce.Flags = append(ce.Flags, "unit_stripped")
		}
	}
	ce.Value = &v
	return ce
}

func toFullWidth(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= '0' && r <= '9' {
			return r - '0' + '０'
		}
		return r
	}, s)
}

func main() {
	dir := filepath.Join("parser", "testdata", "html")
	base2021 := variant{form: "2021", write: plain, activeTables: true, cellMarkup: true}
	metaUTF8 := `<meta http-equiv="Content-Type" content="text/html; charset=utf-8">`
	fixtures := []fixture{
		{name: "a_2021_complete_utf8", imitates: "a complete 2021-form report, UTF-8, section 2 as four small tables with 第二十条 header rows, Word-style <p><span> cell markup",
			agency: "示例县自然资源局", year: 2022, v: base2021, meta: metaUTF8},
		{name: "b_2021_gbk_meta", imitates: "fixture a as GBK bytes, no charset in the HTTP header, charset=gb2312 in a meta http-equiv tag",
			agency: "示例县自然资源局", year: 2022, v: base2021, gbk: true,
			meta: `<meta http-equiv="Content-Type" content="text/html; charset=gb2312">`},
		{name: "c_2021_gbk_nometa", imitates: "fixture a as GBK bytes with no meta charset and no header charset (trial decoding)",
			agency: "示例县自然资源局", year: 2022, v: base2021, gbk: true},
		{name: "d_2021_nested_layout", imitates: "a portal page whose content column is a cell of a layout table; data tables nested in it, prose headings between them; section 2 as ONE table with group rows",
			agency: "示例市某某区统计局", year: 2023, v: variant{form: "2021", write: plain}, meta: `<meta charset="utf-8">`, nested: true},
		{name: "e_2021_split_section", imitates: "section 3 split over two <table> elements by a Word page break at (四)无法提供; the merged 三、本年度办理结果 cell continues as an empty rowspan cell in the second table",
			agency: "示例镇人民政府", year: 2021, v: variant{form: "2021", write: plain, activeTables: true, splitRequests: true}, meta: `<meta charset="utf-8">`},
		{name: "f_2021_blank_zero", imitates: "a page that leaves zeros blank (<td></td> and <td>&nbsp;</td>) and leaves the 总计 column of section 3 empty",
			agency: "示例县水利局", year: 2022, meta: `<meta charset="utf-8">`,
			v: variant{form: "2021", activeTables: true, write: func(k string, x float64) string {
				if strings.HasPrefix(k, "requests.") && strings.HasSuffix(k, ".total") {
					return ""
				}
				if x == 0 {
					return ""
				}
				return plain(k, x)
			}},
			notes: "zeros are blank cells: NULL with flag blank, never 0; requests.*.total is blank throughout. Identities cannot be checked on NULLs; a validator should skip or warn, not error."},
		{name: "g_2021_shifted", imitates: "a row with one cell too many: requests.carried_in has an extra <td>0</td> after 商业企业, so its true total 3 stands in an 11th grid column with no header",
			agency: "示例县交通运输局", year: 2022, meta: `<meta charset="utf-8">`,
			v:      variant{form: "2021", write: plain, activeTables: true, extraCellRow: "carried_in"},
			issues: []map[string]string{{"rule": "table.shifted_values", "severity": "error", "section": "requests", "row": "carried_in"}},
			notes:  "cells of requests.carried_in are positional and flagged shifted: the published row is 2,1,[extra 0],0,0,0,0,3. The identities on carried_in fail as a consequence.",
			expect: func(k string, x float64, raw string) cell {
				c := expectOf(k, x, raw)
				if strings.HasPrefix(k, "requests.carried_in.") {
					pub := map[string]float64{"natural_person": 2, "business": 1, "research": 0, "nonprofit": 0, "legal_services": 0, "other_org": 0, "total": 0}
					v := pub[c.Col]
					c.Value, c.Raw = &v, strconv.FormatFloat(v, 'f', -1, 64)
					c.Flags = []string{"shifted"}
				}
				return c
			}},
		{name: "h_2019_form_year2022", imitates: "a late adopter: a 2022 report still using the 2019 form (本年新制作数量, 第二十条第（九）项, a single （六）其他处理 row), section 2 as five small tables",
			agency: "示例县某某镇人民政府", year: 2022, meta: `<meta charset="utf-8">`,
			v: variant{form: "2019", activeTables: true, cellMarkup: true, write: func(k string, x float64) string {
				if strings.HasSuffix(k, ".items_change") && x > 0 {
					return "+" + plain(k, x)
				}
				return plain(k, x)
			}},
			issues: []map[string]string{{"rule": "(form/year mismatch warning)", "severity": "warning"}},
			notes:  "form must be detected as 2019 from the labels; year 2022 with form 2019 is worth a warning. active.licensing.items_change is -2, other_services +1 (flag signed may be expected by the value parser)."},
		{name: "i_2021_units_fullwidth", imitates: "cells with units (697.449万元, 506件, 12条), a thousands separator, full-width digits, and null marks — / 无 in section 3",
			agency: "示例市市场监督管理局", year: 2022, meta: `<meta charset="utf-8">`,
			v: variant{form: "2021", activeTables: true, write: func(k string, x float64) string {
				switch k {
				case "active.fees.amount_wan_yuan":
					return "697.449万元"
				case "active.licensing.decisions":
					return "506件"
				case "active.normative_docs.in_force":
					return "26件"
				case "active.penalties.decisions":
					return "13,242"
				case "active.rules.in_force":
					return "3条"
				}
				if strings.HasPrefix(k, "appeals.") || k == "requests.received.natural_person" || k == "requests.received.total" {
					return toFullWidth(plain(k, x))
				}
				if strings.HasPrefix(k, "requests.result.withheld.") && x == 0 {
					return "—"
				}
				if strings.HasPrefix(k, "requests.result.not_processed.") && x == 0 {
					return "/"
				}
				if strings.HasPrefix(k, "requests.result.other.") && x == 0 {
					return "无"
				}
				return plain(k, x)
			}}},
	}
	for _, f := range fixtures {
		body, cells := f.render()
		if len(body) > 60<<10 {
			panic(f.name + " over 60 KB")
		}
		if err := os.WriteFile(filepath.Join(dir, f.name+".html"), body, 0o644); err != nil {
			panic(err)
		}
		enc, src := "utf-8", "meta"
		if f.gbk {
			enc = "gbk"
			if f.meta == "" {
				enc, src = "gb18030", "trial"
			}
		}
		if f.issues == nil {
			f.issues = []map[string]string{}
		}
		sort.SliceStable(f.issues, func(i, j int) bool { return f.issues[i]["rule"] < f.issues[j]["rule"] })
		exp := map[string]any{
			"fixture": f.name + ".html", "made": true, "imitates": f.imitates,
			"content_type": "text/html", "encoding": enc, "encoding_source": src,
			"title":  fmt.Sprintf("%s%d年政府信息公开工作年度报告", f.agency, f.year),
			"agency": f.agency, "year": f.year, "form": f.v.form,
			"cells": cells, "issues_expected": f.issues, "notes": f.notes,
		}
		j, _ := json.MarshalIndent(exp, "", "  ")
		if err := os.WriteFile(filepath.Join(dir, f.name+".expect.json"), append(j, '\n'), 0o644); err != nil {
			panic(err)
		}
		fmt.Printf("%-28s %6d bytes %3d cells\n", f.name, len(body), len(cells))
	}
}
