//go:build ignore

// gen_extracted.go (run together with gen.go and gen_text.go) writes the MADE text fixtures of
// ../text in the layouts of text that other tools extracted from report PDFs (issue 20; the real
// example is corpus/extracted/shanghai_office_2025_pdf_extract.md): markdown headings and tables
// in pieces, labels broken over lines or apart from their values, page marks inside tables,
// titles over two or three lines. The values are those of the complete fixtures (valuesWith), so
// every expected cell is known; bodies are invented.

package main

import (
	"fmt"
	"strings"
)

// mdStyle is one extraction tool's way of writing a report.
type mdStyle struct {
	// pieces: "headings" writes each table as small markdown tables under ### headings (table 二
	// per 第二十条 item, table 三 per part, table 四 per 行政复议 / 行政诉讼 kind), each with a
	// header line ("| 类别 | 数据1 | … |" in table 三); "pdf" writes what a PDF-to-markdown tool
	// makes of the Word template, as in the Shanghai extraction: 第(一)项's repealed counts with
	// their notes above the table, each row its own one-line table, merged labels interleaved
	// with the row labels, labels broken over lines, page marks between rows.
	pieces string
	// titleLines is the title as printed, one element per line.
	titleLines []string
	// lose writes this row of table 三 without its first value (a cell the tool lost).
	lose string
}

func mdFixtures() []fixture {
	set := map[string]float64{"active.rules.issued": 2, "active.rules.repealed": 1, "active.rules.in_force": 5,
		"active.normative_docs.issued": 6, "active.normative_docs.repealed": 3, "active.normative_docs.in_force": 30}
	return []fixture{
		{name: "x_2021_md_headings_pieces", exact: true,
			imitates: "text that a PDF-to-markdown tool extracted from a provincial department's report: markdown headings (#, ##, ###), table 二 as four small tables under ### 第二十条第(一)项 … headings, table 三 as small tables under ### headings naming its parts (### 二、上年结转政府信息公开申请数量) each with a header line of placeholder names (类别, 数据1, 数据2 …), the merged labels of table 三 as cells of their own, table 四 as three small tables under ### 行政复议 / ### 行政诉讼(…), bold marks, the title in a heading over two lines; deliberately broken: row 1.属于国家秘密 (all zeros) printed with six values for seven columns, which nothing places (every placement of zeros agrees with the identities): its cells must be NULL, flagged unplaced",
			agency:   "示例省交通运输厅", year: 2023, textTitle: "示例省交通运输厅2023年政府信息公开工作年度报告",
			set: set,
			v:   variant{form: "2021", write: plain},
			md: &mdStyle{pieces: "headings", titleLines: []string{"# **示例省交通运输厅**", "# **2023年政府信息公开工作年度报告**"},
				lose: "result.withheld.state_secret"},
			issues: []map[string]string{iss("table.values_unplaced", "warning", "requests", "result.withheld.state_secret", "")},
			expect: func(k string, x float64, raw string) cell {
				c := expectOf(k, x, raw)
				if strings.HasPrefix(k, "requests.result.withheld.state_secret.") {
					c.Value, c.Raw, c.Flags = nil, "", []string{"unplaced"}
				}
				return c
			}},
		{name: "y_2021_pdf_extract_county", exact: true,
			imitates: "text that a PDF extraction tool made of a county government's report, in the manner of corpus/extracted (Shanghai): the title broken over two lines in the middle (before 年度), spaces between digits and Chinese, 第(一)项's repealed counts printed above the table with notes (其中修订 N 件), each row of 二 and 三 a one-line table under ## 表二 / ## 表三 headings, merged labels interleaved with row labels ((四)无2.没有现成信息需要另 / 法提供行制作), labels broken over lines with their values under the last piece, a row's values separated from its label by a page mark (— 4 —), values on a line of their own whose label was printed above; deliberately broken: row 4.保护第三方合法权益 printed without its first value (six values for seven columns): only one placement agrees with the identities (natural_person left out), so the six are placed and natural_person is NULL, flagged missing",
			agency:   "示例县人民政府", year: 2023, textTitle: "示例县人民政府2023年政府信息公开工作年度报告",
			set: set,
			v:   variant{form: "2021", write: plain},
			md: &mdStyle{pieces: "pdf", titleLines: []string{"示例县人民政府 2023 年政府信息公开工作", "年度报告"},
				lose: "result.withheld.third_party"},
			issues: []map[string]string{iss("form.values_missing", "warning", "requests", "result.withheld.third_party", "")},
			expect: func(k string, x float64, raw string) cell {
				c := expectOf(k, x, raw)
				if strings.HasSuffix(k, ".repealed") {
					c.Flags = []string{"stated_apart"} // printed above the table, placed by its note
				}
				switch {
				case k == "requests.result.withheld.third_party.natural_person":
					c.Value, c.Raw, c.Flags = nil, "", []string{"missing"}
				case strings.HasPrefix(k, "requests.result.withheld.third_party."):
					c.Flags = append(c.Flags, "placed_by_identity")
				}
				return c
			}},
	}
}

// mdReport writes a complete 2021-form report in an extraction tool's style.
func mdReport(f fixture) ([]byte, []cell) {
	order, v := valuesWith("2021", f.req, f.set)
	st := f.md
	var b strings.Builder
	ln := func(s string) { b.WriteString(s + "\n") }
	val := func(k string) string { return f.v.write(k, v[k]) }
	reqVals := func(code string) []string {
		var out []string
		for _, c := range reqCols {
			out = append(out, val(key("requests", code, c)))
		}
		return out
	}
	mdRow := func(cells ...string) string { return "| " + strings.Join(cells, " | ") + " |" }
	rule := func(n int) string { return "|" + strings.Repeat("---|", n) }
	first := "# MADE FIXTURE (not a captured page): " + f.imitates + ". Generated by gen.go; expected values in " + f.name + ".expect.json."
	if strings.ContainsAny(first, "|\t") || strings.Contains(first, "  ") || reLineOneYear.MatchString(first) || strings.Contains(first, "年度报告") {
		panic(f.name + ": first line would be read as page content")
	}
	ln(first)
	for _, l := range st.titleLines {
		ln(l)
	}
	y := fmt.Sprint(f.year)
	ln(fmt.Sprintf("本年度报告根据《中华人民共和国政府信息公开条例》（以下简称《条例》）编制。本报告中所列数据的统计期限自 %s 年 1 月 1 日起至 %s 年 12 月 31 日止。", y, y))
	headings := st.pieces == "headings"
	h := func(level, text string) {
		if headings {
			ln(level + " " + text)
		} else {
			ln(text)
		}
	}
	h("##", "一、总体情况")
	ln(fmt.Sprintf("%s年，%s认真贯彻落实《条例》，全年主动公开政府信息 312 条。", y, f.agency))
	if !headings {
		ln("— 1 —")
	}
	h("##", "二、主动公开政府信息情况")
	type grp struct {
		title string
		heads []string
		rows  []row
		cols  []string
	}
	groups := []grp{
		{"第二十条第（一）项", []string{"本年制发件数", "本年废止件数", "现行有效件数"}, []row{{"rules", "规章"}, {"normative_docs", "行政规范性文件"}}, []string{"issued", "repealed", "in_force"}},
		{"第二十条第（五）项", []string{"本年处理决定数量"}, []row{{"licensing", "行政许可"}}, []string{"decisions"}},
		{"第二十条第（六）项", []string{"本年处理决定数量"}, []row{{"penalties", "行政处罚"}, {"enforcement", "行政强制"}}, []string{"decisions"}},
		{"第二十条第（八）项", []string{"本年收费金额（单位：万元）"}, []row{{"fees", "行政事业性收费"}}, []string{"amount_wan_yuan"}},
	}
	if headings {
		for _, g := range groups {
			ln("### " + g.title)
			ln(mdRow(append([]string{"信息内容"}, g.heads...)...))
			ln(rule(1 + len(g.heads)))
			for _, r := range g.rows {
				cells := []string{r.label}
				for _, c := range g.cols {
					cells = append(cells, val(key("active", r.code, c)))
				}
				ln(mdRow(cells...))
			}
		}
	} else {
		// The Word table's cells of 本年废止件数 hold a number and a note on two lines: the
		// tool prints them under the group's caption, the rest of 第(一)项 after the other items.
		ln(groups[0].title)
		notes := []string{"（其中修订 %s 件）", "（含自然失效 %s 件）"}
		for i, r := range groups[0].rows {
			k := key("active", r.code, "repealed")
			ln(val(k))
			ln(fmt.Sprintf(notes[i], fmt.Sprint(v[k]-1)))
		}
		for _, g := range groups[1:] {
			ln(g.title)
			ln("信息内容" + g.heads[0])
			for _, r := range g.rows {
				ln(r.label + " " + val(key("active", r.code, g.cols[0])))
			}
		}
		ln("— 2 —")
		ln(mdRow(append([]string{"信息内容"}, groups[0].heads...)...))
		ln(rule(4))
		for _, r := range groups[0].rows {
			ln("## 表二：主动公开政府信息情况")
			ln(mdRow(r.label, val(key("active", r.code, "issued")), val(key("active", r.code, "in_force"))))
			ln(rule(3))
		}
	}
	ln("")
	h("##", "三、收到和处理政府信息公开申请情况")
	if headings {
		mdRequestsHeadings(ln, mdRow, rule, reqVals, st)
	} else {
		mdRequestsPDF(ln, mdRow, rule, reqVals, st)
	}
	ln("")
	h("##", "四、政府信息公开行政复议、行政诉讼情况")
	if headings {
		for gi, title := range []string{"行政复议", "行政诉讼（未经复议直接起诉）", "行政诉讼（复议后起诉）"} {
			ln("### " + title)
			ln(mdRow(appealOutcomeLabels...))
			ln(rule(5))
			var cells []string
			for _, o := range appealOutcomes {
				cells = append(cells, val(key("appeals", "all", appealGroups[gi]+"."+o)))
			}
			ln(mdRow(cells...))
		}
	} else {
		ln("行政复议行政诉讼")
		ln("未经复议直接起诉复议后起诉")
		ln("结果结果其他尚未")
		ln("总计结果结果其他尚未结果结果其他尚未")
		ln("维持纠正结果审结维持纠正结果审结")
		ln(mdRow("维持", "纠正", "结果", "审结", "总计", "总计"))
		ln(rule(6))
		var cells []string
		for _, g := range appealGroups {
			for _, o := range appealOutcomes {
				cells = append(cells, val(key("appeals", "all", g+"."+o)))
			}
		}
		ln(mdRow(cells...))
		ln(rule(15))
	}
	ln("")
	h("##", "五、存在的主要问题及改进情况")
	ln("政策解读的形式还不够丰富。下一步将加强培训，提升政务公开工作水平。")
	h("##", "六、其他需要报告的事项")
	ln("本机关本年度未收取信息处理费。")
	if !headings {
		ln("— 5 —")
	}
	var cells []cell
	for _, k := range order {
		raw := val(k)
		if f.expect != nil {
			cells = append(cells, f.expect(k, v[k], raw))
		} else {
			cells = append(cells, expectOf(k, v[k], raw))
		}
	}
	return []byte(b.String()), cells
}

// mdRequestsHeadings writes table 三 as small tables under ### headings naming its parts, each
// with a header line of placeholder column names, the merged labels as cells of their own.
func mdRequestsHeadings(ln func(string), mdRow func(...string) string, rule func(int) string, reqVals func(string) []string, st *mdStyle) {
	header := func() {
		ln(mdRow("类别", "数据1", "数据2", "数据3", "数据4", "数据5", "数据6", "数据7"))
		ln(rule(8))
	}
	groupOf := map[string]string{
		"result.withheld.state_secret":   "（三）不予公开",
		"result.unavailable.not_held":    "（四）无法提供",
		"result.not_processed.complaint": "（五）不予处理",
		"result.other.no_correction":     "（六）其他处理",
	}
	for _, r := range requestRows {
		if !rowInForm("2021", r.code) {
			continue
		}
		switch r.code {
		case "received", "carried_in", "carried_out":
			ln("### " + r.label)
			header()
			ln(mdRow(append([]string{r.label}, reqVals(r.code)...)...))
			continue
		case "result.disclosed":
			ln("### 三、本年度办理结果")
			header()
		}
		cells := []string{r.label}
		if g, ok := groupOf[r.code]; ok {
			cells = []string{g, r.label}
		}
		vs := reqVals(r.code)
		if r.code == st.lose {
			vs = vs[1:]
		}
		ln(mdRow(append(cells, vs...)...))
	}
}

// mdRequestsPDF writes table 三 as the Shanghai extraction does: header words glued over lines,
// each row a one-line table (some under a repeated ## 表三 heading), the merged labels of the
// Word table interleaved with the row labels, labels broken over lines with the values under
// the last piece or on a line of their own, and page marks between rows.
func mdRequestsPDF(ln func(string), mdRow func(...string) string, rule func(int) string, reqVals func(string) []string, st *mdStyle) {
	ln("申请人情况")
	ln("法人或其他组织")
	ln("（本列数据的勾稽关系为：第一项加第二项之和，")
	ln("社会法律")
	ln("公益服务其他")
	ln("企业机构")
	ln("组织机构")
	ln("## 表三：收到和处理政府信息公开申请情况")
	ln(mdRow("等于第三项加第四项之和）", "自然人", "商业", "科研", "总计"))
	ln(rule(5))
	vals := func(code string) []string {
		vs := reqVals(code)
		if code == st.lose {
			vs = vs[1:] // the tool lost a cell: six values for seven columns
		}
		return vs
	}
	line := func(label string, code string) { ln(mdRow(append([]string{label}, vals(code)...)...)) }
	ln("## 表三：收到和处理政府信息公开申请情况")
	line("一、本年新收政府信息公开申请数量", "received")
	ln(rule(8))
	line("二、上年结转政府信息公开申请数量", "carried_in")
	line("（一）予以公开", "result.disclosed")
	ln("")
	// A label broken over two lines above a row of values only.
	ln("（二）部分公开（区分处理的，只计这一情")
	ln("形，不计其他情形）")
	ln(mdRow(vals("result.partial")...))
	ln(rule(7))
	line("1.属于国家秘密", "result.withheld.state_secret")
	line("2.其他法律行政法规禁止公开", "result.withheld.prohibited_by_law")
	line("3.危及“三安全一稳定”", "result.withheld.security_stability")
	ln(mdRow(append([]string{"（三）不", "4.保护第三方合法权益"}, vals("result.withheld.third_party")...)...))
	ln(mdRow(append([]string{"予公开", "5.属于三类内部事务信息"}, vals("result.withheld.internal_affairs")...)...))
	line("6.属于四类过程性信息", "result.withheld.process_info")
	line("7.属于行政执法案卷", "result.withheld.enforcement_files")
	line("8.属于行政查询事项", "result.withheld.query_matters")
	line("1.本机关不掌握相关政府信息", "result.unavailable.not_held")
	ln("")
	// The merged label （四）无法提供 interleaved with the next row's label, the values after
	// the second piece.
	ln("（四）无2.没有现成信息需要另")
	ln(mdRow(append([]string{"法提供行制作"}, vals("result.unavailable.needs_creation")...)...))
	ln(rule(8))
	// A label, then a page mark, then its values.
	ln("3.补正后申请内容仍不明确")
	ln("— 3 —")
	ln(mdRow(vals("result.unavailable.unclear")...))
	ln(rule(7))
	ln("三、本年度办")
	ln("理结果")
	// Labels printed above, their values later on lines of their own or under a piece.
	ln("5.要求行政机关确认或重新出具")
	ln("已获取信息")
	ln("1.申请人无正当理由逾期不补正、")
	ln("开申请")
	line("1.信访举报投诉类申请", "result.not_processed.complaint")
	ln(rule(8))
	line("2.重复申请", "result.not_processed.duplicate")
	ln(mdRow(append([]string{"（五）不", "3.要求提供公开出版物"}, vals("result.not_processed.publication")...)...))
	ln(mdRow(append([]string{"予处理", "4.无正当理由大量反复申请"}, vals("result.not_processed.mass_repeat")...)...))
	ln(mdRow(vals("result.not_processed.confirm_reissue")...))
	ln(rule(7))
	line("行政机关不再处理其政府信息公", "result.other.no_correction")
	ln(rule(8))
	ln("")
	ln("（六）其")
	ln("2.申请人逾期未按收费通知要求")
	ln("他处理")
	ln("府信息公开申请")
	ln("— 4 —")
	ln(mdRow(append([]string{"缴纳费用、", "行政机关不再处理其政"}, vals("result.other.fee_unpaid")...)...))
	ln(rule(9))
	line("3.其他", "result.other.other")
	ln(rule(8))
	line("（七）总计", "result.total")
	line("四、结转下年度继续办理", "carried_out")
}
