package parser

import (
	"fmt"
	"math/rand"
	"strings"

	"github.com/govreports/govreports/schemas"
)

// Made glued dumps. Every dump these helpers write is MADE: the cells of a table model (a made
// fixture's expected cells, or a random table that keeps every identity of the form) written out
// as an innerText-style dump of the report page would write them, every cell run into the next.

// gluedStyle varies what real glued dumps vary.
type gluedStyle struct {
	labelSpace  bool // a space between a row's label and its run ("…数量 713000074")
	headerSpace bool // header cells separated by spaces (else run together)
	appealsRun  bool // table 四's values run together (else separated by spaces, as pingtan)
	prose       bool // the prose states 现行有效行政规范性文件N件 and 制发的规范性文件N件
	// spaced: every cell separated by a space, the tables still on one line (not glued at all:
	// a one-line dump no line-based reader can read).
	spaced bool
	// tight: no white space anywhere in the body: prose, headings and cells all run together.
	tight bool
}

var hanOrdinals = []string{"一", "二", "三", "四", "五", "六", "七", "八", "九", "十"}

// gluedMade writes a glued dump of a report on form f whose cells are vals ("section.row.col" →
// the cell's text; a cell absent from vals is written as nothing, as an empty cell is).
func gluedMade(f *schemas.Form, title string, vals map[string]string, st gluedStyle) string {
	var b strings.Builder
	sep := func() {
		if st.headerSpace {
			b.WriteString(" ")
		}
	}
	b.WriteString("标题: " + title + "\n发布时间: 2023-02-20 15:07\n==================== 正文 ====================\n")
	// Prose that names labels of the tables next to figures, as real reports do.
	b.WriteString("本报告根据《中华人民共和国政府信息公开条例》编制。一、总体情况 （一）主动公开方面 2022年全区共主动公开政府信息14571条。" +
		"设立规范性文件库，行政许可事项356项，行政处罚12件。（二）依申请公开方面 全区收到政府信息公开申请75件，" +
		"共有行政诉讼案件1件、行政复议案件2件，均已结案。")
	if st.prose {
		if v, ok := vals["active.normative_docs.in_force"]; ok && f.Section("active").Column("in_force") != nil {
			b.WriteString("集中公开现行有效行政规范性文件" + v + "件")
		}
		if v, ok := vals["active.normative_docs.issued"]; ok && f.Section("active").Column("issued") != nil {
			b.WriteString("，动态更新本年度制发的规范性文件" + v + "件。")
		}
		if v, ok := vals["active.normative_docs.made"]; ok && f.Section("active").Column("made") != nil {
			b.WriteString("本年度新制作规范性文件" + v + "件。")
		}
	}
	b.WriteString(" ")
	run := func(s, row string, cols []schemas.Column) {
		if st.labelSpace {
			b.WriteString(" ")
		}
		for i, c := range cols {
			if i > 0 && st.spaced {
				b.WriteString(" ")
			}
			b.WriteString(vals[s+"."+row+"."+c.Code])
		}
	}
	for si, s := range f.Sections {
		b.WriteString(hanOrdinals[si+1] + "、" + s.Heading)
		switch {
		case len(s.Groups) > 0:
			for _, g := range s.Groups {
				b.WriteString(g.Label)
				sep()
				b.WriteString("信息内容")
				for _, c := range g.Columns {
					sep()
					b.WriteString(c.Label)
				}
				sep()
				for _, r := range g.Rows {
					b.WriteString(r.Label)
					run(s.Code, r.Code, g.Columns)
				}
			}
		case len(s.Rows) == 1 && s.Rows[0].Label == "":
			for _, w := range []string{"行政复议", "行政诉讼"} {
				b.WriteString(w)
				sep()
			}
			for i, c := range s.Columns {
				if i == 5 {
					b.WriteString("未经复议直接起诉")
					sep()
					b.WriteString("复议后起诉")
					sep()
				}
				if i < 10 {
					b.WriteString(c.Label)
				}
			}
			for _, c := range s.Columns[:5] {
				b.WriteString(c.Label)
			}
			b.WriteString(" ")
			for i, c := range s.Columns {
				if i > 0 && !st.appealsRun {
					b.WriteString(" ")
				}
				b.WriteString(vals[s.Code+".all."+c.Code])
			}
			b.WriteString(" ")
		default:
			b.WriteString("（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）")
			sep()
			b.WriteString("申请人情况")
			sep()
			b.WriteString("自然人")
			sep()
			b.WriteString("法人或其他组织")
			sep()
			b.WriteString("总计")
			for _, c := range s.Columns[1:6] {
				sep()
				b.WriteString(c.Label)
			}
			sep()
			writeRequestRows(&b, s, run)
		}
	}
	b.WriteString("五、存在的主要问题及改进情况 本年度工作仍有不足。六、其他需要报告的事项 无。")
	if st.tight {
		head, body, _ := strings.Cut(b.String(), "====\n")
		return head + "====\n" + strings.Join(strings.Fields(body), "")
	}
	return b.String()
}

// writeRequestRows writes table 三's rows with the numbering pages use: 一、… for the top rows,
// （一）… under 本年度办理结果, 1. 2. … under each group of results.
func writeRequestRows(b *strings.Builder, s schemas.Section, run func(s, row string, cols []schemas.Column)) {
	groupLabel := map[string]string{}
	for _, rg := range s.RowGroups {
		groupLabel[rg.Prefix] = rg.Label
	}
	top, mid, sub := 0, 0, 0
	opened := map[string]bool{}
	for _, r := range s.Rows {
		switch {
		case r.Group == "":
			b.WriteString(hanOrdinals[top] + "、" + r.Label)
			top++
		case r.Group == "result":
			if !opened["result"] {
				opened["result"] = true
				b.WriteString(hanOrdinals[top] + "、" + groupLabel["result"] + " ")
				top++
			}
			b.WriteString("（" + hanOrdinals[mid] + "）" + r.Label)
			mid++
		default:
			if !opened["result"] {
				opened["result"] = true
				b.WriteString(hanOrdinals[top] + "、" + groupLabel["result"] + " ")
				top++
			}
			if !opened[r.Group] {
				opened[r.Group] = true
				b.WriteString("（" + hanOrdinals[mid] + "）" + groupLabel[r.Group] + " ")
				mid++
				sub = 0
			}
			sub++
			b.WriteString(fmt.Sprintf("%d.%s", sub, r.Label))
		}
		run(s.Code, r.Code, s.Columns)
	}
	b.WriteString(" ")
}

// madeTable is a random table of form f that keeps every identity of the form: scale sets the
// size of the figures (a town's office: a few requests; a city: hundreds).
func madeTable(f *schemas.Form, rng *rand.Rand, scale int) map[string]float64 {
	v := map[string]float64{}
	pick := func(p float64, n int) float64 {
		if n <= 0 || rng.Float64() >= p {
			return 0
		}
		return float64(rng.Intn(n) + 1)
	}
	act := f.Section("active")
	for _, g := range act.Groups {
		for _, r := range g.Rows {
			for _, c := range g.Columns {
				x := pick(0.6, scale*3)
				switch c.Kind {
				case "money":
					x = float64(rng.Intn(scale*100)) / 100
				case "signed":
					x = pick(0.5, 5) - pick(0.5, 5)
				}
				v["active."+r.Code+"."+c.Code] = x
			}
		}
	}
	req := f.Section("requests")
	cols := req.Columns
	// Requests received and carried in, by applicant; then how they were settled.
	shares := []float64{1, 0.3, 0.05, 0.05, 0.05, 0.1}
	var results []string
	for _, r := range req.Rows {
		if strings.HasPrefix(r.Code, "result.") && r.Code != "result.total" {
			results = append(results, r.Code)
		}
	}
	for ci, c := range cols[:6] {
		n := int(float64(scale) * shares[ci])
		recv := pick(0.8, n)
		in := pick(0.3, n/5+1)
		out := pick(0.3, int(recv+in)/4)
		v["requests.received."+c.Code] = recv
		v["requests.carried_in."+c.Code] = in
		v["requests.carried_out."+c.Code] = out
		left := recv + in - out
		for _, r := range results {
			v["requests."+r+"."+c.Code] = 0
		}
		// Most settled requests are disclosed; the rest fall on a few result rows.
		for left > 0 {
			k := results[0]
			if rng.Float64() < 0.4 {
				k = results[rng.Intn(len(results))]
			}
			x := float64(rng.Intn(int(left)) + 1)
			v["requests."+k+"."+c.Code] += x
			left -= x
		}
		v["requests.result.total."+c.Code] = recv + in - out
	}
	for _, r := range req.Rows {
		t := 0.0
		for _, c := range cols[:6] {
			t += v["requests."+r.Code+"."+c.Code]
		}
		v["requests."+r.Code+".total"] = t
	}
	app := f.Section("appeals")
	for g := 0; g < 3; g++ {
		t := 0.0
		for _, c := range app.Columns[g*5 : g*5+4] {
			x := pick(0.25, scale/20+1)
			v["appeals.all."+c.Code] = x
			t += x
		}
		v["appeals.all."+app.Columns[g*5+4].Code] = t
	}
	return v
}

// cellTexts writes values as a page writes them.
func cellTexts(v map[string]float64) map[string]string {
	out := make(map[string]string, len(v))
	for k, x := range v {
		s := fmtNum(x)
		if x > 0 && strings.HasPrefix(k, "active.") && strings.HasSuffix(k, "items_change") {
			s = "+" + s
		}
		out[k] = s
	}
	return out
}

// madeTableSeed is one fixed random table of the form (for fuzz seeds).
func madeTableSeed(f *schemas.Form) map[string]float64 {
	return madeTable(f, rand.New(rand.NewSource(7)), 40)
}
