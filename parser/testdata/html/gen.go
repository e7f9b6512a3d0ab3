//go:build ignore

// gen writes the MADE fixtures of this directory (and the text ones of ../text): HTML pages that imitate the layouts of real
// government annual report pages (rowspan/colspan exactly as the official forms are published),
// with invented agencies and invented values, and a sidecar NAME.expect.json with the values
// each page must parse to. Run from the repository root:
//
//	go run ./parser/testdata/html/gen.go ./parser/testdata/html/gen_text.go ./parser/testdata/html/gen_extracted.go
//
// (gen_text.go writes the text dumps of ../text in the styles of the real partial pages.)
//
// Values are chosen so that every identity of shared/TEMPLATES.md holds in the complete pages.
package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
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
func values(form string) (order []string, v map[string]float64) { return valuesWith(form, nil, nil) }

// valuesWith is values with other request values (natural_person … other_org of a row; totals,
// result.total and carried_out are still computed) and other values of sections 二 and 四 (set,
// by key; an appeals group's total is computed from its outcomes).
func valuesWith(form string, req map[string][6]float64, set map[string]float64) (order []string, v map[string]float64) {
	v = map[string]float64{}
	add := func(s, r, c string, x float64) {
		k := key(s, r, c)
		// Request rows and appeals totals are computed from the values they add up.
		if y, ok := set[k]; ok && s != "requests" && !(s == "appeals" && strings.HasSuffix(c, ".total")) {
			x = y
		}
		order = append(order, k)
		v[k] = x
	}
	reqVals := requestValues
	if req != nil {
		reqVals = req
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
			vals = reqVals[r.code]
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
			sum += v[key("appeals", "all", g+"."+o)]
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
	// splitRequests splits section 三 over two <table> elements at (四)无法提供; repeatHeader
	// starts the second one with the three header rows again (Word's 重复标题行).
	splitRequests, repeatHeader bool
	// extraCellRow gets one cell too many (a shifted row).
	extraCellRow string
	// cellMarkup wraps cell text in <p><span> as Word-made pages do.
	cellMarkup bool
	// wrap, when set, dresses the text of every cell, blank ones included (value: a value cell).
	wrap func(text string, value bool) string
	// labels replaces label and header texts as printed (ordinal variants, spaces, <br>).
	labels map[string]string
	// th writes header and label cells as <th>; thead puts a table's leading header rows in a
	// <thead> and its other rows in the <tbody>.
	th, thead bool
	// unmerged writes every table without rowspan/colspan: each spanned slot is an empty cell
	// of its own, as some web editors save pasted tables.
	unmerged bool
	// wordTrailer ends every table with the row of empty sizing cells Word's HTML export writes
	// inside <![if !supportMisalignedColumns]>.
	wordTrailer bool
	// headingRows puts each table's heading in the table itself: a first row spanning the width.
	headingRows bool
	// editActive changes section 二's groups (header spellings, column order).
	editActive func([]activeGroup) []activeGroup
	// tdAttrs are attributes every cell carries (Word's widths and borders).
	tdAttrs string
	// text writes the tables as a text dump of the page in one of the real pages' styles
	// (gen_text.go) instead of HTML.
	text *textStyle
}

func plain(_ string, x float64) string { return strconv.FormatFloat(x, 'f', -1, 64) }

// tcell is one physical cell of a table being written; spans are read from its attributes.
type tcell struct {
	attrs, text string
	rs, cs      int
	label       bool   // a header or row label (td), not a value (val)
	key         string // a value's key (section.row.col)
}

type trow struct {
	cells  []tcell
	header bool
}

type page struct {
	v      variant
	vals   map[string]float64
	b      strings.Builder
	expect []cell
	order  []string
	rows   []trow // the table being written
	sec    string // the section being written
	// captionDropped: the text style's dropFirstCaption has left out the first caption row.
	captionDropped bool
}

var spanRe = regexp.MustCompile(`(rowspan|colspan)="(\d+)"`)

func (p *page) cell(attrs, text string, label bool) {
	c := tcell{attrs: attrs, text: text, rs: 1, cs: 1, label: label}
	for _, m := range spanRe.FindAllStringSubmatch(attrs, -1) {
		n, _ := strconv.Atoi(m[2])
		if m[1] == "rowspan" {
			c.rs = n
		} else {
			c.cs = n
		}
	}
	if r, ok := p.v.labels[text]; ok && label {
		c.text = r
	}
	last := &p.rows[len(p.rows)-1]
	last.cells = append(last.cells, c)
}

// td writes a header or label cell.
func (p *page) td(attrs, text string) { p.cell(attrs, text, true) }

func (p *page) val(attrs, s, r, c string) {
	k := key(s, r, c)
	p.cell(attrs, p.v.write(k, p.vals[k]), false)
	last := &p.rows[len(p.rows)-1]
	last.cells[len(last.cells)-1].key = k
}

func (p *page) tr(f func())  { p.rows = append(p.rows, trow{}); f() }
func (p *page) trh(f func()) { p.rows = append(p.rows, trow{header: true}); f() }

const tableOpen = `<table border="1" cellspacing="0" cellpadding="0" width="600" style="border-collapse:collapse">`

func (p *page) open() { p.rows = nil }

// close writes the table collected since open.
func (p *page) close() {
	rows := p.rows
	if p.v.unmerged {
		rows = unmerge(rows)
	}
	if p.v.text != nil {
		p.writeText(rows)
		p.rows = nil
		return
	}
	p.b.WriteString(tableOpen)
	nhead := 0
	if p.v.thead {
		for nhead < len(rows) && rows[nhead].header {
			nhead++
		}
	}
	if nhead > 0 {
		p.b.WriteString("\n<thead>")
	} else {
		p.b.WriteString("\n<tbody>")
	}
	for i, r := range rows {
		if nhead > 0 && i == nhead {
			p.b.WriteString("\n</thead>\n<tbody>")
		}
		p.b.WriteString("\n<tr>")
		for _, c := range r.cells {
			tag := "td"
			if p.v.th && c.label {
				tag = "th"
			}
			text := c.text
			switch {
			case p.v.wrap != nil:
				text = p.v.wrap(text, !c.label)
			case p.v.cellMarkup && text != "":
				text = `<p style="text-align:center"><span style="font-family:宋体;font-size:14px">` + text + `</span></p>`
			}
			attrs := strings.TrimSpace(c.attrs + " " + p.v.tdAttrs)
			if attrs != "" {
				attrs = " " + attrs
			}
			fmt.Fprintf(&p.b, "<%s%s>%s</%s>", tag, attrs, text, tag)
		}
		p.b.WriteString("</tr>")
	}
	if p.v.wordTrailer {
		p.b.WriteString("\n<![if !supportMisalignedColumns]>\n<tr height=0>")
		for range gridWidth(rows) {
			p.b.WriteString(`<td width=56 style='border:none'></td>`)
		}
		p.b.WriteString("</tr>\n<![endif]>")
	}
	p.b.WriteString("\n</tbody></table>\n")
	p.rows = nil
}

// place lays the cells of rows in their grid: at[r][c] is the cell whose top-left slot is (r, c),
// or nil for a slot covered by a span or not filled at all.
func place(rows []trow) (at [][]*tcell, width int) {
	busy := map[[2]int]bool{}
	at = make([][]*tcell, len(rows))
	for r := range rows {
		col := 0
		for i := range rows[r].cells {
			c := &rows[r].cells[i]
			for busy[[2]int{r, col}] {
				col++
			}
			for dr := 0; dr < c.rs; dr++ {
				for dc := 0; dc < c.cs; dc++ {
					busy[[2]int{r + dr, col + dc}] = true
				}
			}
			for len(at[r]) <= col {
				at[r] = append(at[r], nil)
			}
			at[r][col] = c
			col += c.cs
			width = max(width, col)
		}
	}
	return at, width
}

func gridWidth(rows []trow) int { _, w := place(rows); return w }

// unmerge rewrites rows without spans: every slot of the grid is a cell, the spanned ones empty.
func unmerge(rows []trow) []trow {
	at, width := place(rows)
	out := make([]trow, len(rows))
	for r := range rows {
		out[r].header = rows[r].header
		for c := 0; c < width; c++ {
			if c < len(at[r]) && at[r][c] != nil {
				x := *at[r][c]
				x.attrs = strings.TrimSpace(spanRe.ReplaceAllString(x.attrs, ""))
				out[r].cells = append(out[r].cells, x)
				continue
			}
			out[r].cells = append(out[r].cells, tcell{label: true})
		}
	}
	return out
}

// activeGroup is one 第二十条 block of section 二.
type activeGroup struct {
	title string
	heads []string // column headers after 信息内容; the last one spans what is left of 3
	rows  []row
	cols  []string
}

func (p *page) activeGroups() []activeGroup {
	var groups []activeGroup
	if p.v.form == "2021" {
		groups = []activeGroup{
			{"第二十条第（一）项", []string{"本年制发件数", "本年废止件数", "现行有效件数"}, []row{{"rules", "规章"}, {"normative_docs", "行政规范性文件"}}, []string{"issued", "repealed", "in_force"}},
			{"第二十条第（五）项", []string{"本年处理决定数量"}, []row{{"licensing", "行政许可"}}, []string{"decisions"}},
			{"第二十条第（六）项", []string{"本年处理决定数量"}, []row{{"penalties", "行政处罚"}, {"enforcement", "行政强制"}}, []string{"decisions"}},
			{"第二十条第（八）项", []string{"本年收费金额（单位：万元）"}, []row{{"fees", "行政事业性收费"}}, []string{"amount_wan_yuan"}},
		}
	} else {
		three := []string{"上一年项目数量", "本年增/减", "处理决定数量"}
		c3 := []string{"prev_items", "items_change", "decisions"}
		groups = []activeGroup{
			{"第二十条第（一）项", []string{"本年新制作数量", "本年新公开数量", "对外公开总数量"}, []row{{"rules", "规章"}, {"normative_docs", "规范性文件"}}, []string{"made", "published", "total_published"}},
			{"第二十条第（五）项", three, []row{{"licensing", "行政许可"}, {"other_services", "其他对外管理服务事项"}}, c3},
			{"第二十条第（六）项", three, []row{{"penalties", "行政处罚"}, {"enforcement", "行政强制"}}, c3},
			{"第二十条第（八）项", []string{"上一年项目数量", "本年增/减"}, []row{{"fees", "行政事业性收费"}}, []string{"prev_items", "items_change"}},
			{"第二十条第（九）项", []string{"采购项目数量", "采购总金额"}, []row{{"procurement", "政府集中采购"}}, []string{"items", "amount_wan_yuan"}},
		}
	}
	if p.v.editActive != nil {
		groups = p.v.editActive(groups)
	}
	return groups
}

func (p *page) active() {
	p.sec = "active"
	groups := p.activeGroups()
	heading := func() {
		if p.v.headingRows {
			p.trh(func() { p.td(`colspan="4"`, "二、主动公开政府信息情况") })
		}
	}
	if !p.v.activeTables {
		p.open()
		heading()
	}
	for gi, g := range groups {
		if p.v.activeTables {
			p.open()
			if gi == 0 {
				heading()
			}
		}
		p.trh(func() { p.td(`colspan="4" style="background:#eee"`, g.title) })
		span := func(i, n int) string {
			if i == n-1 && n < 3 {
				return fmt.Sprintf(`colspan="%d"`, 4-n)
			}
			return ""
		}
		p.trh(func() {
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
			p.close()
		}
	}
	if !p.v.activeTables {
		p.close()
	}
}

func (p *page) requests() {
	p.sec = "requests"
	p.open()
	if p.v.headingRows {
		p.trh(func() { p.td(`colspan="10"`, "三、收到和处理政府信息公开申请情况") })
	}
	header := func() {
		p.trh(func() {
			p.td(`colspan="3" rowspan="3"`, "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）")
			p.td(`colspan="7"`, "申请人情况")
		})
		p.trh(func() {
			p.td(`rowspan="2"`, "自然人")
			p.td(`colspan="5"`, "法人或其他组织")
			p.td(`rowspan="2"`, "总计")
		})
		p.trh(func() {
			for _, h := range []string{"商业<br>企业", "科研<br>机构", "社会公益组织", "法律服务机构", "其他"} {
				p.td("", h)
			}
		})
	}
	header()
	values := func(code string) {
		for i, c := range reqCols {
			p.val("", "requests", code, c)
			if code == p.v.extraCellRow && i == 1 {
				p.cell("", "0", false) // one cell too many: everything after it shifts right
			}
		}
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
			p.close()
			p.b.WriteString("<p>&nbsp;</p>\n")
			p.open()
			if p.v.repeatHeader {
				header()
			}
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
	p.close()
}

func (p *page) appeals() {
	p.sec = "appeals"
	p.open()
	if p.v.headingRows {
		p.trh(func() { p.td(`colspan="15"`, "四、政府信息公开行政复议、行政诉讼情况") })
	}
	p.trh(func() { p.td(`colspan="5"`, "行政复议"); p.td(`colspan="10"`, "行政诉讼") })
	p.trh(func() {
		for _, l := range appealOutcomeLabels {
			p.td(`rowspan="2"`, l)
		}
		p.td(`colspan="5"`, "未经复议直接起诉")
		p.td(`colspan="5"`, "复议后起诉")
	})
	p.trh(func() {
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
	p.close()
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
	// pdf writes the report as text taken out of a PDF (NAME.txt) instead of HTML.
	pdf bool
	// cnYear writes the year of the title in Chinese numerals (二〇二三年).
	cnYear bool

	// Text dumps (v.text set, gen_text.go). head is the page text before table 二's heading and
	// tail the text after table 四 (each line as the style writes it); headings replaces the
	// three tables' headings. agency, year and textTitle are what the page says (empty or 0 when
	// it does not name itself or its year). req and set replace values (see valuesWith).
	head, tail string
	headings   []string
	textTitle  string
	req        map[string][6]float64
	set        map[string]float64
	// exact: the sidecar lists every warning and error the page must raise, no more
	// ("issues_exact"), and every flag of every cell.
	exact bool
	// md writes the report as text another tool extracted from its PDF (gen_extracted.go).
	md *mdStyle
}

// title is the report's title as the page writes it.
func (f fixture) title() string {
	y := strconv.Itoa(f.year)
	if f.cnYear {
		y = strings.Map(func(r rune) rune { return []rune("〇一二三四五六七八九")[r-'0'] }, y)
	}
	return f.agency + y + "年政府信息公开工作年度报告"
}

func (f fixture) render() ([]byte, []cell) {
	order, vals := values(f.v.form)
	p := &page{v: f.v, vals: vals, order: order}
	title := f.title()
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
	if !f.v.headingRows {
		b.WriteString("<p><strong>二、主动公开政府信息情况</strong></p>\n")
	}
	p.active()
	b.WriteString(p.b.String())
	p.b.Reset()
	if !f.v.headingRows {
		b.WriteString("<p><strong>三、收到和处理政府信息公开申请情况</strong></p>\n")
	}
	p.requests()
	b.WriteString(p.b.String())
	p.b.Reset()
	if !f.v.headingRows {
		b.WriteString("<p><strong>四、政府信息公开行政复议、行政诉讼情况</strong></p>\n")
	}
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

// expectOf is the parse of a raw cell text as the value parser should see it: the value, the
// unit stripped from it, and every flag the value parser sets.
// publishedOneMore is the expectation for a fixture that publishes the cell key one higher than
// the identities allow (its deliberate break): the cell keeps the published value.
func publishedOneMore(key string) func(k string, x float64, raw string) cell {
	return func(k string, x float64, raw string) cell {
		c := expectOf(k, x, raw)
		if k == key {
			v := x + 1
			c.Value = &v
		}
		return c
	}
}

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
	case strings.HasPrefix(raw, "--"):
		ce.Flags = append(ce.Flags, "text_in_number") // a typo the parser must not guess at
		return ce
	}
	if strings.ContainsAny(raw, "０１２３４５６７８９") {
		ce.Flags = append(ce.Flags, "full_width")
	}
	for _, u := range []string{"万元", "件", "条"} {
		if strings.HasSuffix(raw, u) {
			ce.Unit = u
			ce.Flags = append(ce.Flags, "unit_stripped")
		}
	}
	for _, sign := range []string{"+", "-", "增加", "减少"} {
		if strings.HasPrefix(raw, sign) {
			ce.Flags = append(ce.Flags, "signed")
		}
	}
	if strings.Contains(raw, ",") {
		ce.Flags = append(ce.Flags, "thousands_sep")
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

// ---- page styles of the later fixtures ---------------------------------------------------

// wordCell dresses a cell as Word's "save as web page" does: every cell a <p class=MsoNormal>
// with <span> runs, <o:p> end marks, &nbsp; padding, a <font> tag, an ordinal in a Latin run of
// its own, and long texts wrapped by a line break inside the text.
func wordCell(text string, value bool) string {
	const pOpen = `<p class=MsoNormal align=center style='text-align:center'>`
	if text == "" {
		return pOpen + `<span lang=EN-US style='font-family:仿宋'><o:p>&nbsp;</o:p></span></p>`
	}
	if value {
		if text == "0" {
			return pOpen + `<span lang=EN-US style='font-family:仿宋'><span style='mso-spacerun:yes'>&nbsp;</span>0<o:p></o:p></span></p>`
		}
		return pOpen + `<span lang=EN-US style='font-family:仿宋'>` + text + `<o:p></o:p></span></p>`
	}
	run := text
	if i := strings.IndexAny(text, ".．"); i > 0 && i <= 3 && strings.Trim(text[:i], "0123456789") == "" {
		run = `<span lang=EN-US>` + text[:i] + `</span><span>` + text[i:] + `</span>`
	} else if r := []rune(text); len(r) > 14 && !strings.Contains(text, "<") {
		run = string(r[:12]) + "\n" + string(r[12:]) // Word wraps its HTML source at ~80 columns
	}
	return `<p class=MsoNormal><font face="仿宋">&nbsp;<span style='font-family:仿宋'>` +
		run + `<span lang=EN-US><o:p></o:p></span></span></font></p>`
}

// vertical writes a label one character per line, as narrow merged cells of Word tables show.
func vertical(s string) string { return strings.Join(strings.Split(s, ""), "<br>") }

// pdfText writes a complete 2021-form report as `pdftotext -layout` prints the PDF of the
// Word template: columns separated by runs of spaces, header words broken over lines, the
// merged labels of table 三 (三、本年度办理结果, （三）不予公开 …) broken in their narrow
// columns and printed on the lines of the rows they are centred on, a wrapped row label whose
// numbers stand on its second line, a page break (footer, form feed) inside table 三 after which
// the header lines are printed again (Word's 重复标题行), and table 四's values as a line of
// numbers only.
func pdfText(f fixture) ([]byte, []cell) {
	order, v := values("2021")
	var b strings.Builder
	ln := func(s string) { b.WriteString(strings.TrimRight(s, " ") + "\n") }
	pad := func(s string, w int) string { // pad to a display width (CJK: 2 columns)
		n := 0
		for _, r := range s {
			if r < 0x2e80 {
				n++
			} else {
				n += 2
			}
		}
		return s + strings.Repeat(" ", max(w-n, 2))
	}
	nums := func(keys ...string) string {
		var out []string
		for _, k := range keys {
			out = append(out, fmt.Sprintf("%6s", plain(k, v[k])))
		}
		return strings.Join(out, "    ")
	}
	reqNums := func(code string) string {
		var ks []string
		for _, c := range reqCols {
			ks = append(ks, key("requests", code, c))
		}
		return nums(ks...)
	}
	title := f.title()
	ln("# MADE FIXTURE (not a captured page): " + f.imitates + ". Generated by gen.go; expected values in " + f.name + ".expect.json.")
	ln("                    " + title)
	ln("")
	ln(fmt.Sprintf("    根据《中华人民共和国政府信息公开条例》要求，%s编制本报告。本报告中所列数据的统计期限自%d年", f.agency, f.year))
	ln(fmt.Sprintf("1月1日起至%d年12月31日止。", f.year))
	ln("    一、总体情况")
	ln("    （一）主动公开。全年主动公开政府信息120条。")
	ln("    二、主动公开政府信息情况")
	group := func(title string) { ln("                                  " + title) }
	group("第二十条第（一）项")
	ln("      信息内容            本年制发件数          本年废止件数          现行有效件数")
	for _, r := range []row{{"rules", "规章"}, {"normative_docs", "行政规范性文件"}} {
		ln("      " + pad(r.label, 16) + nums(key("active", r.code, "issued"), key("active", r.code, "repealed"), key("active", r.code, "in_force")))
	}
	group("第二十条第（五）项")
	ln("      信息内容                             本年处理决定数量")
	ln("      " + pad("行政许可", 36) + nums("active.licensing.decisions"))
	group("第二十条第（六）项")
	ln("      信息内容                             本年处理决定数量")
	ln("      " + pad("行政处罚", 36) + nums("active.penalties.decisions"))
	ln("      " + pad("行政强制", 36) + nums("active.enforcement.decisions"))
	group("第二十条第（八）项")
	ln("      信息内容                         本年收费金额（单位：万元）")
	ln("      " + pad("行政事业性收费", 36) + nums("active.fees.amount_wan_yuan"))
	ln("    三、收到和处理政府信息公开申请情况")
	ln("                                                              申请人情况")
	ln("                                                                       法人或其他组织")
	ln("  （本列数据的勾稽关系为：第一项加第二          自然人    商业      科研      社会公    法律服     其他      总计")
	ln("  项之和，等于第三项加第四项之和）                        企业      机构      益组织    务机构")
	ln("  " + pad("一、本年新收政府信息公开申请数量", 44) + reqNums("received"))
	ln("  " + pad("二、上年结转政府信息公开申请数量", 44) + reqNums("carried_in"))
	ln("")
	ln("                                   — 2 —")
	ln("\f")
	ln("                                                              申请人情况") // 重复标题行
	ln("                                                                       法人或其他组织")
	ln("  （本列数据的勾稽关系为：第一项加第二          自然人    商业      科研      社会公    法律服     其他      总计")
	ln("  项之和，等于第三项加第四项之和）                        企业      机构      益组织    务机构")
	// Table 三's result rows: the merged labels of columns 1 and 2, broken over lines, share the
	// lines of the rows they are centred on.
	col1 := map[string]string{"result.withheld.internal_affairs": "三、本年度", "result.withheld.process_info": "办理结果"}
	col2 := map[string]string{
		"result.withheld.third_party": "（三）不予", "result.withheld.internal_affairs": "公开",
		"result.unavailable.needs_creation": "（四）无法提供",
		"result.not_processed.publication":  "（五）不予处理",
		"result.other.no_correction":        "（六）其他", "result.other.fee_unpaid": "处理",
	}
	for _, r := range requestRows {
		if !rowInForm("2021", r.code) || !strings.HasPrefix(r.code, "result.") {
			continue
		}
		switch r.code {
		case "result.partial":
			ln("              （二）部分公开（区分处理的，只计")
			ln("              " + pad("这一情形，不计其他情形）", 32) + reqNums(r.code))
			continue
		case "result.other.no_correction":
			ln("  " + pad("", 12) + pad(col2[r.code], 14) + "1.申请人无正当理由逾期不补正、行政机")
			ln("  " + pad("", 12) + pad("", 14) + pad("关不再处理其政府信息公开申请", 32-14) + reqNums(r.code))
			continue
		case "result.other.fee_unpaid":
			ln("  " + pad("", 12) + pad(col2[r.code], 14) + "2.申请人逾期未按收费通知要求缴纳费")
			ln("  " + pad("", 12) + pad("", 14) + pad("用、行政机关不再处理其政府信息公开申请", 32-14) + reqNums(r.code))
			continue
		}
		label := r.label
		if r.code == "result.disclosed" || r.code == "result.total" {
			ln("  " + pad("", 12) + pad(label, 32) + reqNums(r.code))
			continue
		}
		ln("  " + pad(col1[r.code], 12) + pad(col2[r.code], 14) + pad(label, 32) + reqNums(r.code))
	}
	ln("  " + pad("四、结转下年度继续办理", 44) + reqNums("carried_out"))
	ln("    四、政府信息公开行政复议、行政诉讼情况")
	ln("                     行政复议                                                 行政诉讼")
	ln("                                                        未经复议直接起诉                        复议后起诉")
	ln("    结果    结果    其他    尚未              结果    结果    其他    尚未              结果    结果    其他    尚未")
	ln("    维持    纠正    结果    审结    总计      维持    纠正    结果    审结    总计      维持    纠正    结果    审结    总计")
	var ks []string
	for _, g := range appealGroups {
		for _, o := range appealOutcomes {
			ks = append(ks, key("appeals", "all", g+"."+o))
		}
	}
	ln("  " + nums(ks...))
	ln("    五、存在的主要问题及改进情况")
	ln("    政策解读形式还不够丰富。")
	ln("    六、其他需要报告的事项")
	ln("    本机关本年度未收取信息处理费。")
	var cells []cell
	for _, k := range order {
		cells = append(cells, expectOf(k, v[k], plain(k, v[k])))
	}
	return []byte(b.String()), cells
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
		{name: "k_2021_three_level_header", cnYear: true, imitates: "a title with the year in Chinese numerals (二〇二三年); section 3 as the 2021 template prints it with narrow label columns: a three-row header (申请人情况 colspan=7; 自然人 and 总计 rowspan=2; 法人或其他组织 colspan=5; sub-headers broken by <br>), an empty 勾稽关系 corner, labels over three columns with nested rowspans written vertically one character per line (三、本年度办理结果, （三）不予公开 …), sub-items numbered 1．/2．with full-width stops and long labels broken by <br>",
			agency: "示例县某某街道办事处", year: 2023, meta: `<meta charset="utf-8">`,
			v: variant{form: "2021", write: plain, activeTables: true, labels: map[string]string{
				"（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）": "",
				"三、本年度办理结果":      vertical("三、本年度办理结果"),
				"（三）不予公开":        vertical("（三）不予公开"),
				"（四）无法提供":        vertical("（四）无法提供"),
				"（五）不予处理":        vertical("（五）不予处理"),
				"（六）其他处理":        vertical("（六）其他处理"),
				"自然人":            "自 然 人",
				"总计":             "总<br>计",
				"社会公益组织":         "社会公<br>益组织",
				"法律服务机构":         "法律服<br>务机构",
				"1.属于国家秘密":       "1．属于国家秘密",
				"2.其他法律行政法规禁止公开": "2．其他法律行政<br>法规禁止公开",
				"1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请":     "1．申请人无正当理由逾期不补正、<br>行政机关不再处理其政府信息公开申请",
				"2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请": "2．申请人逾期未按收费通知要求缴纳费用、<br>行政机关不再处理其政府信息公开申请",
			}}},
		{name: "l_2021_msword_export", imitates: "a page pasted from Word's 'save as web page': every cell a <p class=MsoNormal> with <span lang=EN-US> runs, <o:p></o:p> end marks, &nbsp; padding, <font> tags, mso-spacerun spans, blank cells holding <o:p>&nbsp;</o:p>, label text wrapped by a line break, and every table ending in Word's supportMisalignedColumns row of empty sizing cells",
			agency: "示例市某某区卫生健康委员会", year: 2022, meta: `<meta http-equiv=Content-Type content="text/html; charset=utf-8">`,
			v: variant{form: "2021", activeTables: true, wrap: wordCell, wordTrailer: true,
				tdAttrs: `width=64 valign=top`,
				write: func(k string, x float64) string {
					if strings.HasPrefix(k, "requests.result.withheld.") && x == 0 {
						return "" // zeros left blank in part of the table
					}
					return plain(k, x)
				}}},
		{name: "m_2021_active_header_variants", imitates: "section 2 in four small tables with the 2021 wording written differently: half-width and spaced 第二十条第(一)项 / 第二十条 第（五）项, column headers spaced by distributed alignment (本年制发 件数, 信 息 内 容), 第(一)项's columns in another order (制发, 现行有效, 废止), 本年收费金额(万元), and 行政强制 listed before 行政处罚",
			agency: "示例县住房和城乡建设局", year: 2022, meta: `<meta charset="utf-8">`,
			v: variant{form: "2021", write: plain, activeTables: true, cellMarkup: true,
				labels: map[string]string{"信息内容": "信 息 内 容"},
				editActive: func(gs []activeGroup) []activeGroup {
					gs[0].title = "第二十条第(一)项"
					gs[0].heads = []string{"本年制发 件数", "现行有效件数", "本年废止件数"}
					gs[0].cols = []string{"issued", "in_force", "repealed"}
					gs[1].title = "第二十条 第（五）项"
					gs[1].heads = []string{"本年处理决定 数量"}
					gs[2].title = "第二十条第（六） 项"
					gs[2].rows = []row{gs[2].rows[1], gs[2].rows[0]}
					gs[3].title = "第二十条第(八)项"
					gs[3].heads = []string{"本年收费金额(万元)"}
					return gs
				}}},
		{name: "n_2021_th_thead_ordinals", imitates: "tables written with <thead>/<tbody> and <th> header and label cells, each table's heading in its own first row (no headings between the tables), and row labels numbered every way real pages do: 一./二．/(一)/１．/2、/3. /(4)/5）/⒍/七、",
			agency: "示例市某某区人民政府办公室", year: 2021, meta: `<meta charset="utf-8">`,
			v: variant{form: "2021", write: plain, activeTables: true, th: true, thead: true, headingRows: true, labels: map[string]string{
				"一、本年新收政府信息公开申请数量": "一.本年新收政府信息公开申请数量",
				"二、上年结转政府信息公开申请数量": "二．上年结转政府信息公开申请数量",
				"（一）予以公开":          "(一)予以公开",
				"1.属于国家秘密":         "１．属于国家秘密",
				"2.其他法律行政法规禁止公开":   "2、其他法律行政法规禁止公开",
				"3.危及“三安全一稳定”":     "3. 危及\"三安全一稳定\"",
				"4.保护第三方合法权益":      "(4)保护第三方合法权益",
				"5.属于三类内部事务信息":     "5）属于三类内部事务信息",
				"6.属于四类过程性信息":      "⒍属于四类过程性信息",
				"（三）不予公开":          "(三)不予公开",
				"1.本机关不掌握相关政府信息":   "（1）本机关不掌握相关政府信息",
				"2.重复申请":           "2.重复申请 ",
				"（七）总计":            "七、总计",
				"四、结转下年度继续办理":      "四.结转下年度继续办理",
				"三、本年度办理结果":        "三．本年度办理结果",
			}}},
		{name: "o_2019_county_2020", imitates: "a county township page of the 2019-2020 kind on the 2019 form: GBK with an upper-case meta charset, section 2 as ONE table with group rows, headers broken by <br> (上一年<br>项目数量) and written 本年增／减, changes written 增加1/减少2, 采购总金额（万元） with 356.8万元; and one deliberate error: 三's (七)总计 for 自然人 is published one too high, so three identities fail",
			agency: "示例县某某乡人民政府", year: 2020, gbk: true, meta: `<META http-equiv="Content-Type" content="text/html; charset=GBK">`,
			v: variant{form: "2019", labels: map[string]string{
				"上一年项目数量": "上一年<br>项目数量",
				"本年增/减":   "本年增／减",
				"采购总金额":   "采购总金额（万元）",
			}, write: func(k string, x float64) string {
				switch {
				case strings.HasSuffix(k, ".items_change") && x > 0:
					return "增加" + plain(k, x)
				case strings.HasSuffix(k, ".items_change") && x < 0:
					return "减少" + plain(k, -x)
				case k == "active.procurement.amount_wan_yuan":
					return plain(k, x) + "万元"
				case k == "requests.result.total.natural_person":
					return plain(k, x+1) // the deliberate error
				}
				return plain(k, x)
			}},
			issues: []map[string]string{
				{"rule": "identity.requests.result_total", "severity": "error", "section": "requests", "row": "result.total"},
				{"rule": "identity.requests.balance", "severity": "error", "section": "requests"},
				{"rule": "identity.requests.row_total", "severity": "error", "section": "requests", "row": "result.total"},
			},
			notes:  "requests.result.total.natural_person is published as 11 where its terms add up to 10: result_total (column natural_person), balance (column natural_person) and row_total (row result.total) must fail; the cell keeps the published 11.",
			expect: publishedOneMore("requests.result.total.natural_person")},
		{name: "p_2021_pdftotext_layout", imitates: "text taken out of the PDF of a 2021-form report with pdftotext -layout", pdf: true,
			agency: "示例县生态环境分局", year: 2022, v: variant{form: "2021", write: plain},
			notes: "text input (format text): rows are a label and numbers separated by runs of spaces; see pdfText in gen.go for the layout traits."},
		{name: "r_2021_split_repeated_header", imitates: "section 3 split over two <table> elements at (四)无法提供, the second starting with the three header rows again (Word's repeat-header-rows option: 申请人情况, 自然人 … 总计, 商业企业 … 其他) before the empty continuation of 三、本年度办理结果",
			agency: "示例县人力资源和社会保障局", year: 2023, meta: `<meta charset="utf-8">`,
			v: variant{form: "2021", write: plain, activeTables: true, splitRequests: true, repeatHeader: true}},
		{name: "q_2021_unmerged_cells", imitates: "tables saved by a web editor that drops every rowspan/colspan: each merged slot is an empty <td> of its own, so header rows are mostly blank, row labels are preceded by empty cells, and values of one-column groups are followed by empty cells; section 2 as ONE table",
			agency: "示例县某某镇人民政府", year: 2022, meta: `<meta charset="utf-8">`,
			v: variant{form: "2021", write: plain, unmerged: true}},
	}
	fixtures = append(fixtures, textFixtures()...)
	fixtures = append(fixtures, mdFixtures()...)
	for _, f := range fixtures {
		ext, ctype, out := ".html", "text/html", dir
		var body []byte
		var cells []cell
		title := f.title()
		if f.v.text != nil {
			ext, ctype, out = ".txt", "text/plain", filepath.Join(dir, "..", "text")
			body, cells = textReport(f)
			title = f.textTitle
		} else if f.md != nil {
			ext, ctype, out = ".txt", "text/plain", filepath.Join(dir, "..", "text")
			body, cells = mdReport(f)
			title = f.textTitle
		} else if f.pdf {
			// Text fixtures live beside this directory: tools that read every page of it
			// (validate, the quality report) count HTML pages.
			ext, ctype, out = ".txt", "text/plain", filepath.Join(dir, "..", "text")
			body, cells = pdfText(f)
		} else {
			body, cells = f.render()
		}
		if len(body) > 60<<10 {
			panic(f.name + " over 60 KB")
		}
		if err := os.WriteFile(filepath.Join(out, f.name+ext), body, 0o644); err != nil {
			panic(err)
		}
		enc, src := "utf-8", "meta"
		if f.pdf || f.v.text != nil || f.md != nil {
			src = "trial"
		}
		if f.gbk {
			enc = "gbk"
			if f.meta == "" {
				enc, src = "gb18030", "trial"
			}
		}
		if f.issues == nil {
			f.issues = []map[string]string{}
		}
		sort.SliceStable(f.issues, func(i, j int) bool {
			a, b := f.issues[i], f.issues[j]
			return a["rule"]+"|"+a["row"]+"|"+a["col"] < b["rule"]+"|"+b["row"]+"|"+b["col"]
		})
		exp := map[string]any{
			"fixture": f.name + ext, "made": true, "imitates": f.imitates,
			"content_type": ctype, "encoding": enc, "encoding_source": src,
			"title":  title,
			"agency": f.agency, "year": f.year, "form": f.v.form,
			"cells": cells, "issues_expected": f.issues, "notes": f.notes,
		}
		if f.pdf || f.v.text != nil || f.md != nil {
			exp["format"] = "text" // the sidecars of HTML pages leave it out
		}
		if f.exact {
			exp["issues_exact"] = true
		}
		j, _ := json.MarshalIndent(exp, "", "  ")
		if err := os.WriteFile(filepath.Join(out, f.name+".expect.json"), append(j, '\n'), 0o644); err != nil {
			panic(err)
		}
		fmt.Printf("%-28s %6d bytes %3d cells\n", f.name, len(body), len(cells))
	}
}
