//go:build ignore

// gen_text.go (run together with gen.go) writes the MADE text fixtures of ../text that follow the
// real partial pages of testdata/corpus/partial: each real excerpt is cut off, and each fixture
// here is a complete report written in exactly one excerpt's style, continued through tables 三
// and 四 to the end. Bodies and values are invented; the tables are the same model as the HTML
// fixtures' (page.active/requests/appeals), written out as the text dump of that page would be.

package main

import (
	"regexp"
	"strings"
)

// textStyle is how a text dump of a web page writes the page's tables.
type textStyle struct {
	// layout: "cells" one cell per line ending " |" (the seed, 019, 022, 025, 012, 023);
	// "rows" one table row per line, cells ending " |" (010, 011, 013, 018, 020, 021, 028, 029);
	// "paragraphs" one cell per paragraph, paragraphs separated by blank lines, no pipes (014,
	// 016, 017); "wrapped" each cell's text on a line of its own inside "| … |" (015).
	layout string
	// fillers writes, after a row's cells, a run of | with one | per grid slot of the row that
	// holds no cell of its own (spanned by a colspan, or by a rowspan from above).
	fillers bool
	// leadPipe (rows) starts the rows of these sections with "| " and ends them with " ".
	leadPipe map[string]bool
	// coveredEmpty (rows) writes the slots a rowspan covers at the start of a body row as empty
	// cells ("| | 2.其他法律行政法规禁止公开 | …", 021).
	coveredEmpty bool
	// extraCol: every table has one more, empty, last column (010, 011, 023): a row whose last
	// cell spans gets one more slot, any other row an empty cell.
	extraCol bool
	// br is how a line break inside a cell (<br> of the model) is written: " " (商业 企业),
	// "" (商业企业), "\n\n" (paragraphs: 商业 / 企业).
	br string
	// brLines (rows): a row with a line break in a cell is written as two lines, the second with
	// the second parts only ("商业 | 科研 | … | 其他 |" / "企业 | 机构 |", 021).
	brLines bool
	// openBreak (cells): labels whose closing pipe stands alone on the next line (025).
	openBreak map[string]bool
	// dropFirstCaption leaves out the first 第二十条第(一)项 caption row (012).
	dropFirstCaption bool
	// spamAfter injects a line of spam text after the cell with this label text or value key.
	spamAfter map[string]string
}

// writeText writes the table collected since open in the page's text style.
func (p *page) writeText(rows []trow) {
	st := p.v.text
	if st.extraCol {
		rows = widen(rows)
	}
	at, width := place(rows)
	w := func(s string) { p.b.WriteString(s) }
	for r, row := range rows {
		if len(row.cells) == 0 {
			continue
		}
		if st.dropFirstCaption && p.sec == "active" && len(row.cells) == 1 && strings.HasPrefix(row.cells[0].text, "第二十条") && !p.captionDropped {
			p.captionDropped = true
			continue
		}
		first := 0
		for first < len(at[r]) && at[r][first] == nil {
			first++
		}
		fill := width - len(row.cells)
		inline := func(t string) string { return strings.ReplaceAll(t, "<br>", st.br) }
		spam := func(c tcell) {
			for _, k := range []string{c.key, c.text} {
				if s, ok := st.spamAfter[k]; ok && k != "" {
					w(s + "\n")
				}
			}
		}
		switch st.layout {
		case "cells":
			for _, c := range row.cells {
				t := inline(c.text)
				switch {
				case t == "":
					w("|\n")
				case st.openBreak[c.text]:
					w(t + "\n|\n")
				default:
					w(t + " |\n")
				}
				spam(c)
			}
			if st.fillers && fill > 0 {
				w(strings.Repeat("|", fill) + "\n")
			}
		case "rows":
			lines := [][]string{nil}
			if st.brLines {
				for _, c := range row.cells {
					if strings.Contains(c.text, "<br>") {
						lines = append(lines, nil)
						break
					}
				}
			}
			for li := range lines {
				if li == 0 && st.coveredEmpty && !row.header {
					for range first {
						lines[0] = append(lines[0], "|")
					}
				}
				for _, c := range row.cells {
					t := inline(c.text)
					if len(lines) > 1 {
						parts := strings.SplitN(c.text, "<br>", 2)
						if li >= len(parts) {
							continue
						}
						t = parts[li]
					}
					if t == "" {
						lines[li] = append(lines[li], "|")
					} else {
						lines[li] = append(lines[li], t+" |")
					}
				}
			}
			for li, cells := range lines {
				line := strings.Join(cells, " ")
				lead := st.leadPipe[p.sec]
				if lead {
					line = "| " + line
				}
				switch {
				case li == 0 && st.fillers && fill > 0:
					line += " " + strings.Repeat("|", fill)
				case lead:
					line += " "
				}
				w(line + "\n")
			}
		case "paragraphs":
			for _, c := range row.cells {
				if t := inline(c.text); t != "" {
					w(t + "\n\n")
				}
			}
		case "wrapped":
			line := "|"
			for _, c := range row.cells {
				line += " \n " + inline(c.text) + "  |"
			}
			line += " " // "现行有效件数  | ", as 015 ends a row without filler runs too
			if st.fillers && fill > 0 {
				line += strings.Repeat("|", fill)
			}
			w(line + "\n")
		default:
			panic("layout " + st.layout)
		}
	}
}

// widen adds the empty last column of extraCol.
func widen(rows []trow) []trow {
	at, width := place(rows)
	out := make([]trow, len(rows))
	for r := range rows {
		out[r] = trow{header: rows[r].header, cells: append([]tcell{}, rows[r].cells...)}
		if len(out[r].cells) == 0 {
			continue
		}
		col := -1
		for c := range at[r] {
			if at[r][c] != nil {
				col = c
			}
		}
		last := &out[r].cells[len(out[r].cells)-1]
		if col+last.cs != width {
			continue
		}
		if last.cs > 1 {
			last.cs++
		} else {
			out[r].cells = append(out[r].cells, tcell{label: true, rs: 1, cs: 1})
		}
	}
	return out
}

// halfWidth folds the full-width punctuation the dumps print half-width (the partial pages all
// write (一), 第(一)项, 单位:万元, 第一项加第二项之和,等于…); 、。“” are kept.
var halfWidth = strings.NewReplacer("（", "(", "）", ")", "：", ":", "，", ",", "；", ";")

var reLineOneYear = regexp.MustCompile(`\d{4}\s*年`)

// textReport writes a complete report as a text dump in the fixture's style.
func textReport(f fixture) ([]byte, []cell) {
	order, vals := valuesWith(f.v.form, f.req, f.set)
	p := &page{v: f.v, vals: vals, order: order}
	first := "# MADE FIXTURE (not a captured page): " + f.imitates + ". Generated by gen.go; expected values in " + f.name + ".expect.json."
	// The first line is read as page text: no cell (|), no columns (double space), no year, no
	// title words, or it would change what the page says.
	if strings.ContainsAny(first, "|\t") || strings.Contains(first, "  ") || reLineOneYear.MatchString(first) || strings.Contains(first, "年度报告") {
		panic(f.name + ": first line would be read as page content")
	}
	var b strings.Builder
	b.WriteString(first + "\n")
	b.WriteString(f.head)
	headings := f.headings
	if headings == nil {
		headings = []string{"二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况", "四、政府信息公开行政复议、行政诉讼情况"}
	}
	sep := "\n"
	if f.v.text.layout == "paragraphs" {
		sep = "\n\n"
	}
	for i, table := range []func(){p.active, p.requests, p.appeals} {
		b.WriteString(headings[i] + sep)
		table()
		b.WriteString(p.b.String())
		p.b.Reset()
	}
	b.WriteString(f.tail)
	var cells []cell
	for _, k := range order {
		raw := f.v.write(k, vals[k])
		if f.expect != nil {
			cells = append(cells, f.expect(k, vals[k], raw))
		} else {
			cells = append(cells, expectOf(k, vals[k], raw))
		}
	}
	return []byte(halfWidth.Replace(b.String())), cells
}

func iss(rule, severity, section, row, col string) map[string]string {
	return map[string]string{"rule": rule, "severity": severity, "section": section, "row": row, "col": col}
}

// signedPlus writes 本年增/减 with an explicit + on increases (010, 012: "+2", "-1").
func signedPlus(k string, x float64) string {
	if strings.HasSuffix(k, ".items_change") && x > 0 {
		return "+" + plain(k, x)
	}
	return plain(k, x)
}

// rowTotalsOnly lists the warnings a table 三 with only its 总计 column filled must raise: each
// row whose total is not 0 has blank terms (the breakdown is not given).
func rowTotalsOnly(form string, req map[string][6]float64, set map[string]float64) []map[string]string {
	_, v := valuesWith(form, req, set)
	var out []map[string]string
	for _, r := range requestRows {
		if rowInForm(form, r.code) && v[key("requests", r.code, "total")] != 0 {
			out = append(out, iss("identity.requests.row_total", "warning", "requests", r.code, "total"))
		}
	}
	return out
}

// allMissing lists the warnings of a page whose every value cell is empty and left out of the
// dump (017): each row of the form is found without its values.
func allMissing(form string) []map[string]string {
	var out []map[string]string
	rows2019 := []string{"rules", "normative_docs", "licensing", "other_services", "penalties", "enforcement", "fees", "procurement"}
	rows2021 := []string{"rules", "normative_docs", "licensing", "penalties", "enforcement", "fees"}
	active := rows2021
	if form == "2019" {
		active = rows2019
	}
	for _, r := range active {
		out = append(out, iss("form.values_missing", "warning", "active", r, ""))
	}
	for _, r := range requestRows {
		if rowInForm(form, r.code) {
			out = append(out, iss("form.values_missing", "warning", "requests", r.code, ""))
		}
	}
	return append(out, iss("form.values_missing", "warning", "appeals", "all", ""))
}

const (
	spamSun    = "澳门太阳城赌城-【官网娱乐网站】"
	spamJingc  = "中国竞彩网_明升体育-【唯一app官网】"
	spamPujing = "新葡京博彩官网"
)

// tailPlain is the end of a report (五、六) as most pages write it.
const tailPlain = "五、存在的主要问题及改进情况\n政策解读形式还不够丰富,信息更新不够及时。下一步将加强业务培训,提升政务公开工作水平。\n六、其他需要报告的事项\n本机关本年度未收取信息处理费。\n"

func textFixtures() []fixture {
	cellsSeed := &textStyle{layout: "cells", fillers: true, br: " "}
	return []fixture{
		{name: "t010_2019_rows_extra_column", exact: true,
			imitates: "a text dump in the style of partial page 010 (and 011): the 2019 form, one table row per line with cells ending in a pipe and runs of pipes for merged slots, an extra empty last column in every table, the truncated header cells 本年新 and 本年新 of 第(一)项, changes written +1 and -2, the title on two lines; continued through 第(九)项 and tables 三 and 四 in the same style",
			agency:   "示例市工业和信息化局", year: 2020, textTitle: "示例市工业和信息化局政府信息公开工作年度报告",
			v: variant{form: "2019", write: signedPlus, activeTables: true,
				labels: map[string]string{"本年新制作数量": "本年新", "本年新公开数量": "本年新"},
				text:   &textStyle{layout: "rows", fillers: true, extraCol: true, br: ""}},
			head: "示例市工业和信息化局\n政府信息公开工作年度报告\n" +
				"为切实做好政府信息公开工作,更好发挥政府信息公开的重要作用,根据示例市2020年政务公开工作要点,我局进一步建立健全工作机制,依法推进政府信息公开。现将我局政务公开工作报告如下。\n" +
				"一、总体情况\n" +
				"本年度报告根据《中华人民共和国政府信息公开条例》(以下简称《条例》)要求,由示例市工业和信息化局编制而成。本报告所列数据的统计期限自2020年1月1日起至2020年12月31日。\n" +
				"2020年度主动公开政府信息总数310条。通过局门户网站公开政府信息52条,局微信公众号公开政府信息175条。\n",
			tail: tailPlain},

		{name: "t012_2019_cells_no_first_caption", exact: true,
			imitates: "a text dump in the style of partial page 012: the 2019 form, one cell per line ending in a pipe with runs of pipes for merged slots, no title, the first 第二十条第(一)项 caption row left out, +3 in 本年增/减, the header 采购总金额(万元,保留四位小数) and 103.3879万元 in its cell, 商业企业 unbroken; deliberately broken: 行政处罚's 本年增/减 written --20, which must be read as text where a number belongs",
			agency:   "", year: 2019,
			set: map[string]float64{"active.procurement.amount_wan_yuan": 103.3879},
			v: variant{form: "2019", activeTables: true,
				labels: map[string]string{"采购总金额": "采购总金额(万元,保留四位小数)"},
				write: func(k string, x float64) string {
					switch k {
					case "active.penalties.items_change":
						return "--20" // the deliberate break
					case "active.procurement.amount_wan_yuan":
						return plain(k, x) + "万元"
					}
					return signedPlus(k, x)
				},
				text: &textStyle{layout: "cells", fillers: true, br: "", dropFirstCaption: true}},
			issues: []map[string]string{iss("value.text_in_number", "warning", "active", "penalties", "items_change")},
			head: "依据《中华人民共和国政府信息公开条例》第五十条之规定,制作本报告。\n" +
				"一、总体情况\n" +
				"2019年,我局高度重视政府信息公开工作,严格按照示例区政务公开工作要点开展工作。全年主动公开政府信息224条,较去年下降7.8%。其中,机构职能类信息13条,部门动态类信息86条,通知公告类信息19条。\n",
			tail: "五、存在的主要问题及改进情况\n2019年,我局政府信息公开工作取得了一定成效,但信息公开的及时性还有待提高。\n六、其他需要报告的事项\n无。\n"},

		{name: "t013_2019_rows_spam_mirror", exact: true,
			imitates: "a text dump in the style of partial page 013, a spam mirror of a Guangdong portal: the 2019 form, one table row per line with cells ending in a pipe and no runs for merged slots, tables 三 and 四 with rows starting with a pipe, image placeholders between the prose, and a gambling brand in place of the district's name",
			agency:   "", year: 2020,
			v: variant{form: "2019", write: plain, activeTables: true,
				text: &textStyle{layout: "rows", br: "", leadPipe: map[string]bool{"requests": true, "appeals": true}}},
			issues: []map[string]string{iss("content.spam", "warning", "", "", "")},
			head: "一、总体情况\n" +
				"2020年,在区委、区政府的正确领导下," + spamPujing + "区人民政府示例街道办事处认真贯彻落实《中华人民共和国政府信息公开条例》等有关法规和文件要求,坚持“依法、公开、客观、及时”的原则,及时准确地向社会公开政府信息。\n" +
				"示例街道办事处全年主动公开政府信息86条,其中:组织机构类信息2条;政务(工作)动态类信息73条;财政预决算信息2条。\n" +
				"\n图1 政府信息主动公开情况表\n\n图2 政府网站主动公开信息情况\n",
			tail: "五、存在的主要问题及改进情况\n信息公开的内容还不够丰富。下一步将进一步规范信息发布流程。\n六、其他需要报告的事项\n本年度无其他需要报告的事项。\n"},

		{name: "t014_2019_paragraph_cells", exact: true,
			imitates: "a text dump in the style of partial page 014: the 2019 form, every cell a paragraph of its own between blank lines and no pipes at all, header cells broken in two paragraphs (本年新 then 制作数量, 商业 then 企业), a publication line with runs of spaces under the title",
			agency:   "示例区某某街道", year: 2020, textTitle: "示例区某某街道2020年度政府信息公开工作年度报告",
			v: variant{form: "2019", write: plain, activeTables: true,
				labels: map[string]string{"本年新制作数量": "本年新<br>制作数量", "本年新公开数量": "本年新<br>公开数量"},
				text:   &textStyle{layout: "paragraphs", br: "\n\n"}},
			headings: []string{"二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况", "四、政府信息公开行政复议、行政诉讼情况"},
			head: "示例区某某街道2020年度政府信息公开工作年度报告\n发布日期:2021-01-26   来源:某某街道办事处\n\n" +
				"一、公开总体情况 \n\n" +
				"我街道深入贯彻落实《中华人民共和国政府信息公开条例》(国务院令第711号,以下简称《条例》)的有关规定,为做好2020年度政府信息公开工作报告编制和发布等工作,将各项政务公开工作落到实处。\n\n" +
				"街道2020年向区委、区政府网站报送信息73篇。\n\n",
			tail: "五、存在的主要问题及改进情况\n\n信息公开的主动性还需增强。\n\n六、其他需要报告的事项\n\n无。\n"},

		{name: "t015_2021_wrapped_cells", exact: true,
			imitates: "a text dump in the style of partial page 015 (a mobile page): the 2021 form, each cell's text on a line of its own after a newline and a space inside the row's pipes, runs of pipes for merged slots after a row's last cell, no title",
			agency:   "", year: 2022,
			v: variant{form: "2021", write: plain, activeTables: true,
				text: &textStyle{layout: "wrapped", fillers: true, br: ""}},
			head: "根据《中华人民共和国政府信息公开条例》(以下简称《条例》)要求,结合工作实际,编制本报告。本报告中所列数据的统计期限自2022年1月1日起至2022年12月31日止。\n" +
				"一、总体情况\n" +
				"2022年,我镇持续强化组织领导,严格按照政府信息公开相关要求,扎实推进政务公开规范化、标准化建设。\n" +
				"(一)政府信息主动公开情况。全年主动公开政府信息总数171条。\n" +
				"(二)依申请公开政府信息情况。2022年共收到政府信息公开申请16件,均按时答复。\n",
			tail: tailPlain},

		{name: "t016_2021_paragraph_cells_split_labels", exact: true,
			imitates: "a text dump in the style of partial page 016: the 2021 form, every cell a paragraph of its own between blank lines and no pipes, header cells broken in two paragraphs (商业 then 企业, 科研 then 机构), the merged labels of table 三 broken after their ordinal ((三) then 不予公开), a preamble that cites the 2019 notice",
			agency:   "示例镇人民政府", year: 2022, textTitle: "示例镇人民政府2022年政府信息公开工作年度报告",
			v: variant{form: "2021", write: plain, activeTables: true,
				labels: map[string]string{"（三）不予公开": "（三）<br>不予公开", "（四）无法提供": "（四）<br>无法提供",
					"（五）不予处理": "（五）<br>不予处理", "（六）其他处理": "（六）<br>其他处理"},
				text: &textStyle{layout: "paragraphs", br: "\n\n"}},
			head: "示例镇人民政府2022年政府信息公开工作年度报告\n\n" +
				"一、总体情况\n\n" +
				"根据《中华人民共和国政府信息公开条例》(以下简称《条例》)及《国务院办公厅政府信息与政务公开办公室关于政府信息公开工作年度报告有关事项的通知》(国办公开办函〔2019〕60号)的要求,编制本报告。报告中所列数据的统计期限自2022年1月1日起至2022年12月31日止。\n\n" +
				"2022年,示例镇认真学习领会《条例》等有关法规文件精神,不断深入推行政务公开。\n\n",
			tail: "五、存在的主要问题及改进情况\n\n公开内容不够全面。\n\n六、其他需要报告的事项\n\n无。\n"},

		{name: "t017_2019_paragraph_cells_all_empty", exact: true,
			imitates: "a text dump in the style of partial page 017: a report for the year after 2021 on the obsolete 2019 form whose every value cell is empty, so only labels are printed, every cell a paragraph of its own between blank lines, a font-size bar and a source line with runs of spaces above the article",
			agency:   "示例镇", year: 2022, textTitle: "2022年度示例镇政府信息公开工作年度报告",
			v: variant{form: "2019", activeTables: true, write: func(string, float64) string { return "" },
				text: &textStyle{layout: "paragraphs", br: ""}},
			expect: func(k string, x float64, raw string) cell {
				c := expectOf(k, x, raw)
				c.Flags = []string{"missing"} // an empty cell leaves nothing in this dump: not even a blank
				return c
			},
			issues: append(allMissing("2019"), iss("form.version_year_mismatch", "warning", "", "", "")),
			head: "【字体:      】  打印\n2022年度示例镇政府信息公开工作年度报告\n来源:原创     发布时间:2023-01-31 13:24    浏览次数:次    \n\n" +
				"一、总体情况\n\n" +
				"2022年以来,示例镇政府信息公开工作在县政府办的精心指导下,按照“应公开、尽公开”的要求,扎实有序推进政务公开工作落实。主动公开政务文件11份。\n\n",
			tail: "五、存在的主要问题及改进情况\n\n工作人员业务水平有待提高。\n\n六、其他需要报告的事项\n\n无。\n"},

		{name: "t018_2021_rows_both_pipes", exact: true,
			imitates: "a text dump in the style of partial page 018: the 2021 form, one table row per line starting with a pipe and a space and ending with a pipe and a space, runs of pipes for merged slots, the bare title repeated around the town's name, 规章 filled in for a town",
			agency:   "示例县某某镇人民政府", year: 2022, textTitle: "示例县某某镇人民政府2022年政府信息公开工作年度报告",
			set: map[string]float64{"active.rules.issued": 2, "active.rules.repealed": 0, "active.rules.in_force": 2},
			v: variant{form: "2021", write: plain, activeTables: true,
				text: &textStyle{layout: "rows", fillers: true, br: "", leadPipe: map[string]bool{"active": true, "requests": true, "appeals": true}}},
			head: "2022年政府信息公开工作年度报告\n示例县某某镇人民政府\n2022年政府信息公开工作年度报告\n" +
				"一、总体情况\n" +
				"2022年,某某镇人民政府认真贯彻落实《中华人民共和国政府信息公开条例》和各级政府信息公开工作要求,全面完成了各项信息公开任务。\n" +
				"(一)主动公开情况。2022年,主动公开政府信息32条。\n" +
				"(二)依申请公开情况。2022年我镇全年共收到依申请公开16件。\n",
			tail: tailPlain},

		{name: "t019_2021_cells_like_seed", exact: true,
			imitates: "a text dump in the style of partial page 019, the same as the seed: the 2021 form, one cell per line ending in a pipe, runs of pipes for merged slots, 商业 企业 with a space where the line break was, 697.449万元 with its unit, no title",
			agency:   "", year: 2022,
			v: variant{form: "2021", activeTables: true, text: cellsSeed,
				write: func(k string, x float64) string {
					if k == "active.fees.amount_wan_yuan" {
						return plain(k, x) + "万元" // as the seed writes it
					}
					return plain(k, x)
				}},
			head: "一、总体情况\n" +
				"(一)主动公开方面。2022年,我镇主动公开政务动态类信息420条,完成政务信息公开目标任务。\n" +
				"(二)依申请公开方面。2022年,我镇收到政府信息公开申请16件。\n",
			tail: tailPlain},

		{name: "t020_2021_rows_both_pipes_spaced_caption", exact: true,
			imitates: "a text dump in the style of partial page 020: the 2021 form, one table row per line between a leading pipe and a trailing pipe and space, runs of pipes for merged slots, captions written 第二十条 and 第(一)项 with two spaces between, no title",
			agency:   "", year: 2023,
			v: variant{form: "2021", write: plain, activeTables: true,
				editActive: func(gs []activeGroup) []activeGroup {
					for i := range gs {
						gs[i].title = strings.Replace(gs[i].title, "第二十条", "第二十条  ", 1)
					}
					return gs
				},
				text: &textStyle{layout: "rows", fillers: true, br: "", leadPipe: map[string]bool{"active": true, "requests": true, "appeals": true}}},
			head: "一、总体情况\n" +
				"(一)主动公开信息情况。本年度我局门户网站围绕市委、市政府的中心工作,不断充实政务公开内容。截止2023年12月31日我局通过官方网站发布政务类信息34条。\n" +
				"(二)依申请公开工作情况。本年度,共受理政府信息公开申请16件,都在法定期限内予以答复。\n",
			tail: tailPlain},

		{name: "t021_2021_rows_blank_zeros_split_header", exact: true,
			imitates: "a text dump in the style of partial page 021: the 2021 form, one table row per line, no runs for merged slots, table 三's header row of 商业 and 科研 printed on two lines, zero cells of tables 三 and 四 left blank except their 总计 columns (so that table 四's row starts with empty cells), rows under a merged label starting with empty cells, no title and no year anywhere",
			agency:   "", year: 0,
			set: map[string]float64{"appeals.all.review.upheld": 0, "appeals.all.review.other": 1},
			v: variant{form: "2021", activeTables: true,
				write: func(k string, x float64) string {
					if (strings.HasPrefix(k, "requests.") || strings.HasPrefix(k, "appeals.")) && !strings.HasSuffix(k, ".total") && x == 0 {
						return ""
					}
					return plain(k, x)
				},
				text: &textStyle{layout: "rows", br: " ", brLines: true, coveredEmpty: true}},
			issues: []map[string]string{iss("meta.year_missing", "warning", "", "", "")},
			head: "根据修订的《中华人民共和国政府信息公开条例》(以下简称新《条例》)相关规定,结合我局工作实际情况,制定本报告:\n" +
				"一、总体情况\n" +
				"我局积极落实政府信息公开工作要求,不断拓展政府信息公开的深度和广度,确保政府信息公开做到发布及时、分类科学、内容准确。\n",
			tail: "五、存在的主要问题及改进情况\n信息公开工作人员业务能力有待提升。\n六、其他需要报告的事项\n本机关未收取信息处理费。\n"},

		{name: "t022_2021_cells_slash_totals_only", exact: true,
			imitates: "a text dump in the style of partial page 022: the 2021 form, one cell per line ending in a pipe, a lone pipe for each empty cell, a slash for not applicable in the 规章 row, table 三 with only its 总计 column filled, table 四 with its zeros left empty but for the totals (so that its row starts with empty cells), the title inside the first sentence",
			agency:   "示例区统计局", year: 2023, textTitle: "示例区统计局2023年政府信息公开工作年度报告",
			set: map[string]float64{"appeals.all.review.upheld": 0, "appeals.all.review.pending": 1,
				"appeals.all.suit_direct.corrected": 0, "appeals.all.suit_direct.pending": 0,
				"appeals.all.suit_after_review.upheld": 0, "appeals.all.suit_after_review.other": 2, "appeals.all.suit_after_review.pending": 0},
			v: variant{form: "2021", activeTables: true,
				write: func(k string, x float64) string {
					switch {
					case strings.HasPrefix(k, "active.rules."):
						return "/"
					case strings.HasPrefix(k, "requests.") && !strings.HasSuffix(k, ".total"):
						return ""
					case strings.HasPrefix(k, "appeals.") && !strings.HasSuffix(k, ".total") && x == 0:
						return ""
					}
					return plain(k, x)
				},
				text: &textStyle{layout: "cells", fillers: true, br: ""}},
			issues: rowTotalsOnly("2021", nil, nil),
			head: "根据《中华人民共和国政府信息公开条例》规定,现公布示例区统计局2023年政府信息公开工作年度报告。本报告由总体情况、主动公开政府信息情况、收到和处理政府信息公开申请情况、存在问题及改进情况、其他需要报告的事项等六部分组成。\n" +
				"一、总体情况\n" +
				"(一)主动公开情况\n" +
				"2023年,我局认真梳理,主动在门户网站公开政府信息50条。\n" +
				"(二)信息管理情况\n" +
				"我局高度重视政府信息公开工作,完善工作机制,规范信息管理流程。\n",
			tail: tailPlain},

		{name: "t023_2019_cells_extra_column_late", exact: true,
			imitates: "a text dump in the style of partial page 023, a mirror of a county portal: a report for the year after 2022 citing the 2021 notice but on the obsolete 2019 form, one cell per line ending in a pipe, runs of pipes for merged slots, header cells 本年新 制作数量 with a space where the line break was, an extra empty last column closing every row with a lone pipe",
			agency:   "", year: 2023,
			v: variant{form: "2019", write: plain, activeTables: true,
				labels: map[string]string{"本年新制作数量": "本年新<br>制作数量", "本年新公开数量": "本年新<br>公开数量"},
				text:   &textStyle{layout: "cells", fillers: true, extraCol: true, br: " "}},
			issues: []map[string]string{iss("form.version_year_mismatch", "warning", "", "", "")},
			head: "本报告依据《中华人民共和国政府信息公开条例》(国务院令第711号)和国务院办公厅政府信息与政务公开办公室国办公开办函〔2021〕30号等文件要求,结合我局政府信息公开工作有关统计数据撰写。本报告中使用数据统计期限为2023年1月1日起至2023年12月31日止。\n" +
				"一、总体情况\n" +
				"一是积极推进主动公开。坚持“以公开为常态、不公开为例外”,全年更新工作动态、养老服务和社会救助信息162条。\n" +
				"二是及时规范办理依申请公开。2023年,我局收到政府信息公开申请16件。\n",
			tail: tailPlain},

		{name: "t025_2021_cells_pipe_on_next_line", exact: true,
			imitates: "a text dump in the style of partial page 025: the 2021 form, one cell per line ending in a pipe, runs of pipes for merged slots, cells whose text ended in a line break so that the closing pipe stands alone on the next line (行政规范性文件 and others), a publication line without a date",
			agency:   "", year: 2021,
			v: variant{form: "2021", write: plain, activeTables: true,
				text: &textStyle{layout: "cells", fillers: true, br: " ", openBreak: map[string]bool{
					"行政规范性文件": true, "行政处罚": true, "（二）部分公开（区分处理的，只计这一情形，不计其他情形）": true,
					"4.保护第三方合法权益": true, "（五）不予处理": true, "四、结转下年度继续办理": true, "复议后起诉": true}}},
			head: "发布时间:\n" +
				"根据《中华人民共和国政府信息公开条例》(国务院令第711号,以下简称新《条例》)和《国务院办公厅政府信息与政务公开办公室关于印发<中华人民共和国政府信息公开工作年度报告格式>的通知》(国办公开办函〔2021〕30号)要求,由信访局结合有关统计数据编制。本年度报告中所列数据的统计期限自2021年1月1日起至2021年12月31日止。\n" +
				"一、总体情况\n" +
				"坚持以公开为常态、不公开为例外,遵循公正、公平、合法、便民的原则,逐步建立健全政务信息公开制度。\n" +
				"(一)主动公开\n" +
				"2021年,我局按照要求主动公开不涉密信息。\n",
			tail: tailPlain},

		{name: "t026_2021_cells_spam_lines", exact: true,
			imitates: "a text dump in the style of partial pages 026 and 030 (spam mirrors of the seed's portal) and of the seed: the 2021 form, one cell per line ending in a pipe, runs of pipes for merged slots, table 四's header cells truncated, a gambling brand in place of a word of the preamble and lines of spam injected between table cells, characters dropped from the preamble",
			agency:   "示例工业园(示例镇)", year: 2024, textTitle: "示例工业园(示例镇)2024年政府信息公开工作年度报告",
			v: variant{form: "2021", write: plain, activeTables: true,
				labels: map[string]string{"结果纠正": "结果", "其他结果": "其他", "尚未审结": "尚未"},
				text: &textStyle{layout: "cells", fillers: true, br: " ", spamAfter: map[string]string{
					"本年制发件数":                                 spamSun,
					"requests.result.partial.legal_services": spamJingc + " |",
					"（五）不予处理":                                spamSun,
					"appeals.all.review.total":               spamSun,
					"appeals.all.suit_direct.other":          spamPujing + " |",
				}}},
			issues: []map[string]string{iss("content.spam", "warning", "", "", ""), iss("content.spam", "warning", "", "", ""), iss("content.spam", "warning", "", "", "")},
			head: "当前位置 > 首页 > 示例工业园(示例镇) > 政府信息公开年报\n\n" +
				"示例工业园(示例镇)2024年政府信息公开工作年度报告\n\n" +
				"来源:示例市示例工业园(示例镇)发布时间:2025-01-21 13:16:27访问量:字体\n\n" +
				"根据《中华人民共和国政府信息公开条例》(国务院令第711号,以下简称《条例》)规定和国务院办公厅政府信息与政务公开办公室《" + spamSun + ":政府信息公开工作年度报告有关事项的通知》(国办公开办函〔201960号)要求,现发布《示例工业园(示例镇)2024年政府信息公开工作年度报告》。\n\n" +
				"本报告全文由总体情况、主动公开政府信息情况、收到和处理政府信息公开申请情况、政府信息公开行政复议、行政诉讼情况、存在的主要问题及改进情况和其他需要报告的事项六部分组成,所列数据的统计期限自202411日起至20241231日止。\n\n" +
				"一、总体情况\n\n" +
				"(一)主动公开情况\n\n" +
				"政府门户网站主动公开重点领域、重大事项信息70条,共计公开发文11件。在市公共信用信息服务平台公示行政处罚事项共13242起,行政强制共2起,行政许可事项共506条。\n\n" +
				"(二)依申请公开情况\n\n" +
				"全年共受理办结政府信息依申请公开16起。\n\n",
			tail: "五、存在的主要问题及改进情况\n\n(一)主要问题\n\n政策文件解读质量有待提升。\n\n(二)改进措施\n\n提升政策解读工作质量。\n\n六、其他需要报告的事项\n\n本机关在办理2024年度信息公开申请中未收取信息处理费。\n"},

		{name: "t028_2021_rows_fillers", exact: true,
			imitates: "a text dump in the style of partial page 028: the 2021 form, one table row per line with cells ending in a pipe and runs of pipes for merged slots after a space, the title inside the first sentence naming the body as 我局; deliberately broken: 未经复议直接起诉's 总计 is published as 3 where its outcomes add up to 2",
			agency:   "", year: 2022,
			v: variant{form: "2021", activeTables: true,
				write: func(k string, x float64) string {
					if k == "appeals.all.suit_direct.total" {
						return plain(k, x+1) // the deliberate break
					}
					return plain(k, x)
				},
				text: &textStyle{layout: "rows", fillers: true, br: ""}},
			expect: publishedOneMore("appeals.all.suit_direct.total"),
			issues: []map[string]string{iss("identity.appeals.suit_direct_total", "error", "appeals", "all", "suit_direct.total")},
			head: "一、总体情况\n" +
				"根据《中华人民共和国政府信息公开条例》规定,现公布我局2022年政府信息公开工作年度报告。本报告由总体情况、主动公开政府信息情况、收到和处理政府信息公开申请情况、政府信息公开行政复议及行政诉讼情况、存在的主要问题及改进情况、其他需要报告的事项等六部分组成,现报告如下:\n" +
				"(一)主动公开政府信息情况\n" +
				"2022年,我局通过示范区管委会网站审计信息栏目公开信息20条。\n" +
				"(二)依申请公开情况\n" +
				"2022年,收到依申请公开事项16件.\n",
			tail: tailPlain},

		{name: "t029_2021_rows_no_fillers", exact: true,
			imitates: "a text dump in the style of partial page 029: the 2021 form, one table row per line with cells ending in a pipe and no runs for merged slots, 商业 企业 and 科研 机构 with a space where the line break was, the title inside the first sentence",
			agency:   "示例市人民政府地方志办公室", year: 2023, textTitle: "示例市人民政府地方志办公室2023年政府信息公开工作年度报告",
			v: variant{form: "2021", write: plain, activeTables: true,
				text: &textStyle{layout: "rows", br: " "}},
			head: "根据《中华人民共和国政府信息公开条例》要求,特编制示例市人民政府地方志办公室2023年政府信息公开工作年度报告。本报告包括总体情况、主动公开政府信息情况、收到和处理政府信息公开申请情况、政府信息公开行政复议及行政诉讼情况、存在的主要问题和改进措施、其他需要报告的事项等内容,所列数据统计期限自2023年1月1日起到2023年12月31日止。\n" +
				"一、总体情况\n" +
				"2023年,我办严格依据《中华人民共和国政府信息公开条例》做好信息公开工作;各栏目共刊发文稿、通知、公告、公示等44篇。\n",
			tail: "五、存在的主要问题及改进措施\n栏目更新不够及时。\n六、其他需要报告的事项\n无。\n"},
	}
}
