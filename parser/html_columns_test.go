package parser

import (
	"fmt"
	"strings"
	"testing"
)

// Made page (not a real report): table 三 published without the 其他 column. Read by position,
// 总计 would land under 其他; read by the headers above each value (the grid is real), every value
// lands under its own column and 其他 is reported missing.
func TestHTMLMissingColumnPlacedByHeader(t *testing.T) {
	row := func(label string, v ...int) string {
		var b strings.Builder
		fmt.Fprintf(&b, "<tr><td colspan=\"2\">%s</td>", label)
		for _, x := range v {
			fmt.Fprintf(&b, "<td>%d</td>", x)
		}
		return b.String() + "</tr>\n"
	}
	page := `<html><head><meta charset="utf-8"><title>示例镇2022年政府信息公开工作年度报告</title></head><body>
<h1>示例镇2022年政府信息公开工作年度报告</h1>
<p>三、收到和处理政府信息公开申请情况</p>
<table border="1">
<tr><td colspan="2" rowspan="3">（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）</td><td colspan="6">申请人情况</td></tr>
<tr><td rowspan="2">自然人</td><td colspan="4">法人或其他组织</td><td rowspan="2">总计</td></tr>
<tr><td>商业企业</td><td>科研机构</td><td>社会公益组织</td><td>法律服务机构</td></tr>
` + row("一、本年新收政府信息公开申请数量", 5, 1, 0, 0, 0, 6) + row("二、上年结转政府信息公开申请数量", 1, 0, 0, 0, 0, 1) + `</table>
<p>四、政府信息公开行政复议、行政诉讼情况</p></body></html>`
	res, err := Parse([]byte(page), Source{Name: "made"})
	if err != nil {
		t.Fatal(err)
	}
	got := cellValues(res)
	for k, want := range map[string]string{
		"requests.received.natural_person": "5", "requests.received.business": "1", "requests.received.legal_services": "0",
		"requests.received.total": "6", "requests.received.other_org": "null", "requests.carried_in.total": "1",
	} {
		if got[k] != want {
			t.Errorf("%s = %s, want %s", k, got[k], want)
		}
	}
	rules := map[string]int{}
	for _, i := range res.Issues {
		rules[i.Rule+" "+i.Col]++
	}
	if rules["form.column_missing other_org"] != 1 {
		t.Errorf("no column_missing for other_org: %v", rules)
	}
	for r := range rules {
		if strings.HasPrefix(r, "identity.") || strings.HasPrefix(r, "table.shifted") {
			t.Errorf("misplaced values broke %s", r)
		}
	}
}

// Made fixture j reproduces the table layout of a real page (see gen_layout_sh2019.py): values
// spanning two grid columns under headers that span differently, &nbsp; blanks, 总计 left blank on
// most rows, 元 in a 万元 column, table 四 with blank cells.
func TestHTMLLayoutOfARealPage(t *testing.T) {
	res, err := Parse(readFixture(t, "j_2019_layout_sh.html"), Source{Name: "j"})
	if err != nil {
		t.Fatal(err)
	}
	rep := res.Report
	if rep.Form != "2019" || rep.Year != 2019 || rep.Agency != "示例市人民政府办公厅" || rep.Published != "2020-01-31" {
		t.Fatalf("report: %+v", rep)
	}
	got := map[string]Cell{}
	for _, c := range res.Cells {
		got[c.Section+"."+c.Row+"."+c.Col] = c
	}
	num := func(k string) string {
		c, ok := got[k]
		switch {
		case !ok:
			return "absent"
		case c.Value == nil:
			return "null"
		}
		return fmtNum(*c.Value)
	}
	for k, want := range map[string]string{
		"active.rules.published": "13", "active.rules.total_published": "524",
		"active.licensing.prev_items": "0", "active.licensing.items_change": "0", "active.licensing.decisions": "0",
		"active.procurement.items": "6", "active.procurement.amount_wan_yuan": "25.1",
		"requests.received.natural_person": "821", "requests.received.research": "null", "requests.received.total": "859",
		"requests.result.disclosed.total": "null", "requests.result.total.total": "805", "requests.carried_out.total": "72",
		"requests.result.unavailable.not_held.legal_services": "1", "requests.result.other.natural_person": "null",
		"appeals.all.review.upheld": "5", "appeals.all.review.corrected": "null", "appeals.all.review.total": "7",
		"appeals.all.suit_direct.total": "9", "appeals.all.suit_after_review.total": "null",
	} {
		if g := num(k); g != want {
			t.Errorf("%s = %s, want %s", k, g, want)
		}
	}
	if c := got["active.procurement.amount_wan_yuan"]; c.Unit != "万元" || !hasFlag(&c, FlagConverted) {
		t.Errorf("251000元 not converted to 万元: %+v", c)
	}
	// Blank breakdowns are warnings, never errors: nothing on the page contradicts itself.
	for _, i := range res.Issues {
		if i.Severity == SeverityError {
			t.Errorf("error on a consistent page: %s %s.%s.%s %s", i.Rule, i.Section, i.Row, i.Col, i.Message)
		}
	}
}

// Made page: header rows that use empty placeholder cells where other pages use rowspans (under
// 自然人 and 总计 in table 三, under 行政复议's outcomes in table 四), a layout seen in the wild.
func TestHTMLPlaceholderHeaderCells(t *testing.T) {
	row := func(label string, colspan int, v ...int) string {
		var b strings.Builder
		fmt.Fprintf(&b, `<tr><td colspan="%d">%s</td>`, colspan, label)
		for _, x := range v {
			fmt.Fprintf(&b, "<td>%d</td>", x)
		}
		return b.String() + "</tr>\n"
	}
	page := `<html><head><meta charset="utf-8"><title>某市2025年政府信息公开工作年度报告</title></head><body>
<p>三、收到和处理政府信息公开申请情况</p>
<table>
<tr><td colspan="3" rowspan="3">（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）</td><td colspan="7">申请人情况</td></tr>
<tr><td>自然人</td><td colspan="5">法人或其他组织</td><td>总计</td></tr>
<tr><td></td><td>商业企业</td><td>科研机构</td><td>社会公益组织</td><td>法律服务机构</td><td>其他</td><td></td></tr>
` + row("一、本年新收政府信息公开申请数量", 3, 40, 2, 0, 1, 3, 1, 47) + row("二、上年结转政府信息公开申请数量", 3, 5, 0, 0, 0, 1, 0, 6) + `</table>
<p>四、政府信息公开行政复议、行政诉讼情况</p>
<table>
<tr><td colspan="5">行政复议</td><td colspan="10">行政诉讼</td></tr>
<tr><td>结果维持</td><td>结果纠正</td><td>其他结果</td><td>尚未审结</td><td>总计</td><td colspan="5">未经复议直接起诉</td><td colspan="5">复议后起诉</td></tr>
<tr><td></td><td></td><td></td><td></td><td></td><td>结果维持</td><td>结果纠正</td><td>其他结果</td><td>尚未审结</td><td>总计</td><td>结果维持</td><td>结果纠正</td><td>其他结果</td><td>尚未审结</td><td>总计</td></tr>
<tr><td>6</td><td>1</td><td>2</td><td>1</td><td>10</td><td>2</td><td>0</td><td>1</td><td>1</td><td>4</td><td>3</td><td>0</td><td>0</td><td>2</td><td>5</td></tr>
</table>
<p>五、存在的主要问题及改进情况</p></body></html>`
	res, err := Parse([]byte(page), Source{Name: "made"})
	if err != nil {
		t.Fatal(err)
	}
	got := cellValues(res)
	for k, want := range map[string]string{
		"requests.received.natural_person": "40", "requests.received.other_org": "1", "requests.received.total": "47",
		"requests.carried_in.total": "6", "appeals.all.review.upheld": "6", "appeals.all.review.total": "10",
		"appeals.all.suit_direct.total": "4", "appeals.all.suit_after_review.pending": "2", "appeals.all.suit_after_review.total": "5",
	} {
		if got[k] != want {
			t.Errorf("%s = %s, want %s", k, got[k], want)
		}
	}
	for _, i := range res.Issues {
		switch i.Rule {
		case "table.shifted_values", "table.header_mismatch", "form.column_missing", "value.text_in_number":
			t.Errorf("unexpected %s %s.%s.%s: %s", i.Rule, i.Section, i.Row, i.Col, i.Message)
		}
		if strings.HasPrefix(i.Rule, "identity.") {
			t.Errorf("identity broken: %s", i.Message)
		}
	}
}

// Made page: the three tables and their headings in ONE <table> (headings as colspan rows), so
// the grid is ragged (4, 9 and 15 columns). Values must still land under their own columns.
func TestHTMLAllSectionsInOneTable(t *testing.T) {
	var b strings.Builder
	b.WriteString(`<html><head><meta charset="utf-8"><title>某镇2022年政府信息公开工作年度报告</title></head><body><table border="1">`)
	tr := func(cells ...string) { b.WriteString("<tr>" + strings.Join(cells, "") + "</tr>\n") }
	td := func(s string, cs int) string { return fmt.Sprintf(`<td colspan="%d">%s</td>`, cs, s) }
	tr(td("二、主动公开政府信息情况", 15))
	tr(td("第二十条第（一）项", 4))
	tr(td("信息内容", 1), td("本年制发件数", 1), td("本年废止件数", 1), td("现行有效件数", 1))
	tr(td("规章", 1), td("1", 1), td("0", 1), td("3", 1))
	tr(td("行政规范性文件", 1), td("2", 1), td("1", 1), td("9", 1))
	tr(td("三、收到和处理政府信息公开申请情况", 15))
	tr(`<td colspan="2" rowspan="3">（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）</td>`, td("申请人情况", 7))
	tr(`<td rowspan="2">自然人</td>`, td("法人或其他组织", 5), `<td rowspan="2">总计</td>`)
	tr(td("商业企业", 1), td("科研机构", 1), td("社会公益组织", 1), td("法律服务机构", 1), td("其他", 1))
	tr(td("一、本年新收政府信息公开申请数量", 2), td("4", 1), td("1", 1), td("0", 1), td("0", 1), td("0", 1), td("0", 1), td("5", 1))
	tr(td("二、上年结转政府信息公开申请数量", 2), td("0", 1), td("0", 1), td("0", 1), td("0", 1), td("0", 1), td("0", 1), td("0", 1))
	tr(td("四、政府信息公开行政复议、行政诉讼情况", 15))
	tr(td("行政复议", 5), td("行政诉讼", 10))
	tr(`<td rowspan="2">结果维持</td><td rowspan="2">结果纠正</td><td rowspan="2">其他结果</td><td rowspan="2">尚未审结</td><td rowspan="2">总计</td>`, td("未经复议直接起诉", 5), td("复议后起诉", 5))
	tr(strings.Repeat("<td>结果维持</td><td>结果纠正</td><td>其他结果</td><td>尚未审结</td><td>总计</td>", 2))
	var vals []string
	for _, v := range []int{2, 0, 0, 1, 3, 0, 0, 0, 0, 0, 1, 1, 0, 0, 2} {
		vals = append(vals, td(fmt.Sprint(v), 1))
	}
	tr(vals...)
	b.WriteString("</table><p>五、存在的主要问题及改进情况</p></body></html>")
	res, err := Parse([]byte(b.String()), Source{Name: "made"})
	if err != nil {
		t.Fatal(err)
	}
	got := cellValues(res)
	for k, want := range map[string]string{
		"active.rules.in_force": "3", "active.normative_docs.repealed": "1",
		"requests.received.natural_person": "4", "requests.received.business": "1", "requests.received.total": "5",
		"appeals.all.review.total": "3", "appeals.all.review.pending": "1", "appeals.all.suit_after_review.total": "2",
	} {
		if got[k] != want {
			t.Errorf("%s = %s, want %s", k, got[k], want)
		}
	}
	for _, i := range res.Issues {
		switch i.Rule {
		case "table.shifted_values", "table.header_mismatch", "value.text_in_number", "form.section_missing", "form.section_empty":
			t.Errorf("unexpected %s %s.%s.%s: %s", i.Rule, i.Section, i.Row, i.Col, i.Message)
		}
		if strings.HasPrefix(i.Rule, "identity.") {
			t.Errorf("identity broken: %s", i.Message)
		}
	}
}
