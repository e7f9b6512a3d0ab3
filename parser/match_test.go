package parser

import (
	"fmt"
	"sort"
	"strings"
	"testing"
)

// Made inputs (not real reports): each isolates one behaviour of the matcher on pipe text.
func TestMatchText(t *testing.T) {
	const head2021 = "二、主动公开政府信息情况\n第二十条第(一)项 |\n信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数 |\n"
	tests := []struct {
		name   string
		text   string
		cells  map[string]string // "section.row.col" → value ("null" for NULL), only those listed are checked
		issues []string          // "rule section.row.col" expected, in any order; only rules in the list's set are compared
		rules  []string          // the rules compared
	}{
		{
			name:  "row per line with interior blanks",
			text:  head2021 + "规章 | 1 | | 3 |\n",
			cells: map[string]string{"active.rules.issued": "1", "active.rules.repealed": "null", "active.rules.in_force": "3"},
			rules: []string{"table.shifted_values", "form.values_missing"},
		},
		{
			name:  "one cell per line, single pipe is a blank cell",
			text:  head2021 + "规章 |\n1 |\n|\n3 |\n||\n",
			cells: map[string]string{"active.rules.issued": "1", "active.rules.repealed": "null", "active.rules.in_force": "3"},
			rules: []string{"table.shifted_values", "form.values_missing"},
		},
		{
			name:  "label broken over lines, closing pipe on the next line (regression: 025)",
			text:  head2021 + "行政规范性\n文件\n|\n0 |\n0 |\n2 |\n",
			cells: map[string]string{"active.normative_docs.in_force": "2"},
			rules: []string{"table.shifted_values"},
		},
		{
			name:  "closing pipe on the next line after a blank line (dumps that double line breaks)",
			text:  head2021 + "规章 |\n\n0 |\n\n0 |\n\n1 |\n\n行政规范性文件\n\n|\n\n0 |\n\n0 |\n\n2 |\n",
			cells: map[string]string{"active.rules.in_force": "1", "active.normative_docs.issued": "0", "active.normative_docs.in_force": "2"},
			rules: []string{"table.shifted_values", "form.values_missing"},
		},
		{
			name: "sub-items numbered with a space instead of a stop (list numbering as text)",
			text: "三、收到和处理政府信息公开申请情况\n自然人 | 商业企业 | 科研机构 | 社会公益组织 | 法律服务机构 | 其他 | 总计 |\n" +
				"(六)其他处理 | 1 申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请 | 1 | 0 | 0 | 0 | 0 | 0 | 1 |\n" +
				"2 申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |\n3 其他 | 0 | 2 | 0 | 0 | 0 | 0 | 2 |\n",
			cells: map[string]string{"requests.result.other.no_correction.total": "1", "requests.result.other.other.business": "2",
				"requests.result.other.other.total": "2"},
			rules: []string{"form.unknown_row", "label.approximate", "table.shifted_values"},
		},
		{
			name:  "tab-separated rows (copied from a web page)",
			text:  "二、主动公开政府信息情况\n第二十条第(一)项\n信息内容\t本年制发件数\t本年废止件数\t现行有效件数\n规章\t1\t0\t3\n",
			cells: map[string]string{"active.rules.issued": "1", "active.rules.repealed": "0", "active.rules.in_force": "3"},
			rules: []string{"table.shifted_values", "form.values_missing"},
		},
		{
			name:  "label and numbers separated by spaces (text out of a PDF)",
			text:  "三、收到和处理政府信息公开申请情况\n自然人 法人或其他组织 总计\n一、本年新收政府信息公开申请数量 10 0 0 0 0 0 10\n二、上年结转政府信息公开申请数量 0 0 0 0 0 0 0\n",
			cells: map[string]string{"requests.received.natural_person": "10", "requests.received.total": "10", "requests.carried_in.total": "0"},
			rules: []string{"table.shifted_values", "form.values_missing"},
		},
		{
			name:   "row label with a small difference is read approximately",
			text:   "三、收到和处理政府信息公开申请情况\n自然人 | 商业企业 | 科研机构 | 社会公益组织 | 法律服务机构 | 其他 | 总计 |\n1.本机关不掌握相关的政府信息 | 2 | 0 | 0 | 0 | 0 | 0 | 2 |\n",
			cells:  map[string]string{"requests.result.unavailable.not_held.total": "2"},
			issues: []string{"label.approximate requests.result.unavailable.not_held."},
			rules:  []string{"label.approximate", "form.unknown_row"},
		},
		{
			name:   "a different row is not forced onto the form",
			text:   "三、收到和处理政府信息公开申请情况\n自然人 | 商业企业 | 科研机构 | 社会公益组织 | 法律服务机构 | 其他 | 总计 |\n一、本年新收政府信息公开申请数量 | 1 | 0 | 0 | 0 | 0 | 0 | 1 |\n咨询量 | 5 | 0 | 0 | 0 | 0 | 0 | 5 |\n",
			issues: []string{"form.unknown_row requests.."},
			rules:  []string{"label.approximate", "form.unknown_row"},
		},
		{
			name: "markdown table (a converted page)",
			text: "二、主动公开政府信息情况\n| 信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数 |\n|---|---|---|---|\n| 规章 | 3 | 0 | 15 |\n" +
				"四、政府信息公开行政复议、行政诉讼情况\n| 行政复议 | 行政诉讼 |\n|:---:|:---:|\n| 1 | 0 | 0 | 0 | 1 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |\n",
			cells: map[string]string{"active.rules.issued": "3", "active.rules.in_force": "15", "appeals.all.review.total": "1", "appeals.all.suit_after_review.total": "0"},
			rules: []string{"table.shifted_values", "value.text_in_number", "form.values_missing"},
		},
		{
			name:  "merged header cell in table 四 is not a value",
			text:  "四、政府信息公开行政复议、行政诉讼情况\n| 行政复议行政诉讼 |\n| 119 | 25 | 91 | 24 | 259 | 7 | 0 | 15 | 6 | 28 | 21 | 1 | 7 | 9 | 38 |\n",
			cells: map[string]string{"appeals.all.review.upheld": "119", "appeals.all.suit_after_review.total": "38"},
			rules: []string{"table.shifted_values", "value.text_in_number"},
		},
		{
			name:   "too many values: shifted",
			text:   head2021 + "规章 | 1 | 2 | 3 | 4 |\n",
			cells:  map[string]string{"active.rules.issued": "1"},
			issues: []string{"table.shifted_values active.rules."},
			rules:  []string{"table.shifted_values"},
		},
		{
			name:   "too few values: missing, not invented",
			text:   head2021 + "规章 | 1 |\n",
			cells:  map[string]string{"active.rules.issued": "1", "active.rules.repealed": "null", "active.rules.in_force": "null"},
			issues: []string{"form.values_missing active.rules."},
			rules:  []string{"form.values_missing"},
		},
		{
			name:   "double sign is text, not a number (regression: 012 '--253')",
			text:   "二、主动公开政府信息情况\n第二十条第(六)项 |\n信息内容 | 上一年项目数量 | 本年增/减 | 处理决定数量 |\n行政处罚 | 253 | --253 | 0 |\n",
			cells:  map[string]string{"active.penalties.items_change": "null", "active.penalties.prev_items": "253"},
			issues: []string{"value.text_in_number active.penalties.items_change"},
			rules:  []string{"value.text_in_number"},
		},
		{
			name:   "missing header column",
			text:   "二、主动公开政府信息情况\n第二十条第(一)项 |\n信息内容 | 本年制发件数 | 现行有效件数 |\n规章 | 0 | 0 |\n",
			issues: []string{"form.column_missing active..repealed"},
			rules:  []string{"form.column_missing"},
		},
		{
			name:   "header cut off by the end of the page is not judged",
			text:   "二、主动公开政府信息情况\n第二十条第(一)项 |\n信息内容 | 本年制发件数 |",
			issues: []string{},
			rules:  []string{"form.column_missing"},
		},
		{
			name:   "unknown row with values",
			text:   head2021 + "规章 | 0 | 0 | 0 |\n地方性法规 | 5 | 0 | 5 |\n行政规范性文件 | 1 | 0 | 1 |\n",
			cells:  map[string]string{"active.normative_docs.issued": "1"},
			issues: []string{"form.unknown_row active.."},
			rules:  []string{"form.unknown_row", "table.shifted_values"},
		},
		{
			name:   "truncated row label at the end is a label, not a value (regression: 021 '6.属于四')",
			text:   "三、收到和处理政府信息公开申请情况\n自然人 | 法人或其他组织 | 总计 |\n一、本年新收政府信息公开申请数量 | 1 | 0 | 0 | 0 | 0 | 0 | 1 |\n(三)不予公开 | 5.属于三类内部事务信息 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |\n| | 6.属于四",
			issues: []string{},
			rules:  []string{"value.text_in_number"},
		},
		{
			name:   "identity broken",
			text:   "三、收到和处理政府信息公开申请情况\n自然人 | 商业企业 | 科研机构 | 社会公益组织 | 法律服务机构 | 其他 | 总计 |\n一、本年新收政府信息公开申请数量 | 1 | 1 | 0 | 0 | 0 | 0 | 3 |\n",
			issues: []string{"identity.requests.row_total requests.received.total"},
			rules:  []string{"identity.requests.row_total"},
		},
		{
			name:   "total left blank",
			text:   "三、收到和处理政府信息公开申请情况\n自然人 | 商业企业 | 科研机构 | 社会公益组织 | 法律服务机构 | 其他 | 总计 |\n一、本年新收政府信息公开申请数量 | 1 | 1 | 0 | 0 | 0 | 0 | — |\n",
			cells:  map[string]string{"requests.received.total": "null"},
			issues: []string{"identity.requests.row_total requests.received.total"},
			rules:  []string{"identity.requests.row_total"},
		},
		{
			name:   "其他 and 总计 are rows among rows, columns in the header",
			text:   "三、收到和处理政府信息公开申请情况\n自然人 | 商业企业 | 科研机构 | 社会公益组织 | 法律服务机构 | 其他 | 总计 |\n(六)其他处理 | 3.其他 | 2 | 0 | 0 | 0 | 0 | 0 | 2 |\n(七)总计 | 9 | 0 | 0 | 0 | 0 | 0 | 9 |\n",
			cells:  map[string]string{"requests.result.other.other.natural_person": "2", "requests.result.total.total": "9"},
			issues: []string{},
			rules:  []string{"form.column_missing", "table.shifted_values"},
		},
		{
			name:   "a line of numbers only is table 四's row, not one number (regression: p, pdftotext)",
			text:   "四、政府信息公开行政复议、行政诉讼情况\n行政复议 行政诉讼\n1 0 0 0 1 0 1 0 1 2 1 0 0 1 2\n五、存在的主要问题及改进情况\n",
			cells:  map[string]string{"appeals.all.review.upheld": "1", "appeals.all.review.total": "1", "appeals.all.suit_after_review.total": "2"},
			issues: []string{},
			rules:  []string{"form.values_missing", "table.shifted_values"},
		},
		{
			name: "a page number between the rows of a PDF is not a row of values",
			text: "三、收到和处理政府信息公开申请情况\n自然人 商业企业 科研机构 社会公益组织 法律服务机构 其他 总计\n" +
				"一、本年新收政府信息公开申请数量 1 0 0 0 0 0 1\n— 2 —\n二、上年结转政府信息公开申请数量 0 0 0 0 0 0 0\n2 / 5\n(一)予以公开 1 0 0 0 0 0 1\n",
			cells:  map[string]string{"requests.received.total": "1", "requests.carried_in.total": "0", "requests.result.disclosed.total": "1"},
			issues: []string{},
			rules:  []string{"table.shifted_values", "form.values_missing"},
		},
		{
			name: "pdftotext -layout: columns split at runs of spaces, merged labels sharing a row's line (regression: p)",
			text: "三、收到和处理政府信息公开申请情况\n    自然人    商业企业  科研机构  社会公益组织  法律服务机构  其他  总计\n" +
				"            （三）不予   4.保护第三方合法权益      0     1     0     0     0     0     1\n" +
				"三、本年度   公开         5.属于三类内部事务信息    0     0     0     0     0     0     0\n" +
				"办理结果                  6.属于四类过程性信息      2     0     0     0     0     0     2\n" +
				"            （六）其他    1.申请人无正当理由逾期不补正、行政机\n" +
				"                          关不再处理其政府信息公开申请     3     0     0     0     0     0     3\n",
			cells: map[string]string{"requests.result.withheld.third_party.business": "1", "requests.result.withheld.internal_affairs.total": "0",
				"requests.result.withheld.process_info.natural_person": "2", "requests.result.other.no_correction.total": "3",
				"requests.result.other.other.total": ""}, // "（六）其他" is a piece of a merged label: no such row
			issues: []string{},
			rules:  []string{"table.shifted_values", "form.unknown_row", "label.approximate", "form.column_missing", "form.duplicate_row"},
		},
		{
			name: "a repeated header after a page break: 其他 and 总计 are columns there, not rows (regression: p)",
			text: "三、收到和处理政府信息公开申请情况\n自然人  商业企业  科研机构  社会公益组织  法律服务机构  其他  总计\n" +
				"(一)予以公开  1  0  0  0  0  0  1\n\f\n自然人  商业企业  科研机构  社会公益组织  法律服务机构  其他  总计\n" +
				"(二)部分公开(区分处理的,只计这一情形,不计其他情形)  2  0  0  0  0  0  2\n(六)其他处理  3.其他  0  0  0  0  0  0  0\n(七)总计  3  0  0  0  0  0  3\n",
			cells:  map[string]string{"requests.result.partial.total": "2", "requests.result.other.other.total": "0", "requests.result.total.total": "3"},
			issues: []string{},
			rules:  []string{"table.shifted_values", "form.duplicate_row", "form.values_missing", "value.text_in_number"},
		},
		{
			name:   "header words separated by single spaces are columns (text out of a PDF)",
			text:   "三、收到和处理政府信息公开申请情况\n自然人 商业企业 科研机构 社会公益组织 法律服务机构 其他 总计\n一、本年新收政府信息公开申请数量 1 0 0 0 0 0 1\n",
			issues: []string{},
			rules:  []string{"form.column_missing"},
		},
		{
			name: "七、总计 numbered like a heading is a row, not the end of the tables (regression: n)",
			text: "三、收到和处理政府信息公开申请情况\n自然人 | 商业企业 | 科研机构 | 社会公益组织 | 法律服务机构 | 其他 | 总计 |\n" +
				"(一)予以公开 | 9 | 0 | 0 | 0 | 0 | 0 | 9 |\n七、总计 | 9 | 0 | 0 | 0 | 0 | 0 | 9 |\n四、结转下年度继续办理 | 1 | 0 | 0 | 0 | 0 | 0 | 1 |\n",
			cells: map[string]string{"requests.result.total.total": "9", "requests.carried_out.total": "1"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := Parse([]byte(tt.text), Source{Name: "made", Format: "text"})
			if err != nil {
				t.Fatal(err)
			}
			got := cellValues(res)
			for k, want := range tt.cells {
				if got[k] != want {
					t.Errorf("%s = %q, want %q", k, got[k], want)
				}
			}
			if tt.rules == nil {
				return
			}
			compared := map[string]bool{}
			for _, r := range tt.rules {
				compared[r] = true
			}
			var gotIssues []string
			for _, i := range res.Issues {
				if compared[i.Rule] {
					gotIssues = append(gotIssues, fmt.Sprintf("%s %s.%s.%s", i.Rule, i.Section, i.Row, i.Col))
				}
			}
			want := append([]string{}, tt.issues...)
			sort.Strings(gotIssues)
			sort.Strings(want)
			if strings.Join(gotIssues, "\n") != strings.Join(want, "\n") {
				t.Errorf("issues:\n got  %v\n want %v", gotIssues, want)
			}
		})
	}
}

// Made input: a page whose tables have no headings (二、三、四、 left out) is still read, each
// table starting at its anchor label, and no table eats the first cell of the next.
// Regression: the anchor boundary cut the previous table one token early.
func TestMatchTablesWithoutHeadings(t *testing.T) {
	text := "某某县教育局2022年政府信息公开工作年度报告\n" +
		"一、总体情况\n(一) 主动公开情况。\n全年主动公开信息100条。\n" + // a sub-heading, not table 二 (regression)
		"第二十条第(一)项 |\n信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数 |\n规章 | 0 | 0 | 0 |\n行政规范性文件 | 1 | 0 | 5 |\n" +
		"申请人情况 |\n自然人 | 法人或其他组织 | 总计 |\n一、本年新收政府信息公开申请数量 | 1 | 0 | 0 | 0 | 0 | 0 | 1 |\n" +
		"行政复议 | 行政诉讼 |\n1 | 0 | 0 | 0 | 1 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |\n五、存在的主要问题及改进情况\n无。\n"
	res, err := Parse([]byte(text), Source{Name: "made", Format: "text"})
	if err != nil {
		t.Fatal(err)
	}
	got := cellValues(res)
	for k, want := range map[string]string{
		"active.normative_docs.in_force": "5", "requests.received.total": "1",
		"appeals.all.review.upheld": "1", "appeals.all.review.total": "1", "appeals.all.suit_after_review.total": "0",
	} {
		if got[k] != want {
			t.Errorf("%s = %q, want %q", k, got[k], want)
		}
	}
	for _, i := range res.Issues {
		switch i.Rule {
		case "form.section_missing", "form.section_empty", "table.shifted_values", "form.values_missing":
			t.Errorf("unexpected issue %s %s.%s: %s", i.Rule, i.Section, i.Row, i.Message)
		}
	}
}

// Made input with headings worded as some bodies word them (Shanghai's 2022 report names table 四
// "因政府信息公开工作被申请行政复议和提起行政诉讼情况" and part 五 "政府信息公开工作存在的主要问题
// 及改进情况"), and a small table of fees under 六、 whose numbers must not be read as appeals.
func TestMatchHeadingWordings(t *testing.T) {
	text := "某某市2022年政府信息公开工作年度报告\n" +
		"四、因政府信息公开工作被申请行政复议和提起行政诉讼情况\n" +
		"行政复议 | 行政诉讼 |\n" + strings.Repeat("0 |\n", 14) + "3 |\n" +
		"五、政府信息公开工作存在的主要问题及改进情况\n存在不足。\n" +
		"六、其他需要说明的情况\n信息处理费 |\n1 | 200 |\n"
	res, err := Parse([]byte(text), Source{Name: "made", Format: "text"})
	if err != nil {
		t.Fatal(err)
	}
	var total string
	for _, c := range res.Cells {
		if c.Section == "appeals" && c.Col == "suit_after_review.total" && c.Value != nil {
			total = fmtNum(*c.Value)
		}
	}
	if total != "3" {
		t.Errorf("suit_after_review.total = %q, want 3", total)
	}
	for _, i := range res.Issues {
		if i.Section == "appeals" && (i.Rule == "table.shifted_values" || i.Rule == "form.section_missing") {
			t.Errorf("unexpected %s: %s", i.Rule, i.Message)
		}
	}
}

// Made input: the parts after the tables numbered otherwise than 五、 and worded otherwise than
// the form ("(五)存在的问题及改进措施"), followed by prose that reads as a value ("无"). The
// heading ends table 四; the 无 is not a 16th value. Regression: only "五、…" ended the tables,
// so the row got 16 values and every cell of table 四 was flagged shifted.
func TestMatchTrailingHeadingNumberings(t *testing.T) {
	const table4 = "四、政府信息公开行政复议、行政诉讼情况\n行政复议 | 行政诉讼 |\n" +
		"1 | 0 | 0 | 0 | 1 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 1 | 1 |\n"
	tests := []struct {
		heading string
		ends    bool // the heading ends table 四
	}{
		{"五、存在的主要问题及改进情况", true},
		{"（五）存在的问题及改进措施", true},
		{"(五)存在问题和改进方向", true},
		{"五.存在的不足及改进措施", true},
		{"5.存在的主要问题", true},
		{"5、其他事项", true},
		{"第五部分 存在的问题及改进情况", true},
		{"(五)下一步工作", false}, // no words of the parts after the tables: not known as a heading
	}
	for _, tt := range tests {
		t.Run(tt.heading, func(t *testing.T) {
			text := "某某县教育局2022年政府信息公开工作年度报告\n" + table4 + tt.heading + "\n无\n"
			res, err := Parse([]byte(text), Source{Name: "made", Format: "text"})
			if err != nil {
				t.Fatal(err)
			}
			shifted := false
			for _, i := range res.Issues {
				shifted = shifted || (i.Rule == "table.shifted_values" && i.Section == "appeals")
			}
			if shifted == tt.ends {
				t.Errorf("table.shifted_values raised: %v, want %v", shifted, !tt.ends)
			}
			if got := cellValues(res)["appeals.all.suit_after_review.total"]; got != "1" {
				t.Errorf("suit_after_review.total = %q, want 1", got)
			}
		})
	}
}

// Made inputs: table 四 of pages that leave zeros blank, so that its row starts with empty cells
// (行政复议's 结果维持 is 0 on most pages), next to layouts where an empty cell before the values
// is no value (an extra empty column, the "| " opening each row of a wrapped dump).
// Regression: empty cells before the first number were dropped and every value shifted left.
func TestMatchAppealsLeadingBlanks(t *testing.T) {
	const head = "四、政府信息公开行政复议、行政诉讼情况\n"
	outcomes := "结果维持 |\n结果纠正 |\n其他结果 |\n尚未审结 |\n总计 |\n"
	cellsHeader := head + "行政复议 |\n行政诉讼 |\n|||||||||||||\n" + outcomes + "未经复议直接起诉 |\n复议后起诉 |\n||||||||\n" +
		outcomes + outcomes + "|||||\n"
	var wrapped strings.Builder
	wrapped.WriteString(head + "| \n 行政复议  | \n 行政诉讼  | |||||||||||||\n| \n 结果维持  | \n 结果纠正  | \n 其他结果  | \n 尚未审结  | \n 总计  | ||||||||||\n| ")
	for _, v := range []string{"0", "0", "0", "1", "1", "0", "0", "0", "0", "0", "0", "0", "2", "0", "2"} {
		wrapped.WriteString("\n " + v + "  |")
	}
	wrapped.WriteString(" \n")
	htmlRow := func(cells ...string) string {
		return "<tr><td>" + strings.Join(cells, "</td><td>") + "</td></tr>"
	}
	outcomeCells := []string{"结果维持", "结果纠正", "其他结果", "尚未审结", "总计"}
	html := "<html><body><p>" + strings.TrimSpace(head) + "</p><table>" +
		`<tr><td colspan="5">行政复议</td><td colspan="10">行政诉讼</td></tr>` +
		`<tr><td rowspan="2">结果维持</td><td rowspan="2">结果纠正</td><td rowspan="2">其他结果</td><td rowspan="2">尚未审结</td><td rowspan="2">总计</td><td colspan="5">未经复议直接起诉</td><td colspan="5">复议后起诉</td></tr>` +
		htmlRow(append(outcomeCells, outcomeCells...)...) +
		htmlRow("", "", "", "1", "1", "", "", "", "", "0", "", "", "2", "", "2") + "</table></body></html>"
	tests := []struct {
		name, text, format string
	}{
		{"cells: blank first cells", cellsHeader + "|\n|\n|\n1 |\n1 |\n|\n|\n|\n|\n0 |\n|\n|\n2 |\n|\n2 |\n", "text"},
		{"cells: extra empty column", head + strings.Replace(cellsHeader[len(head):], "总计 |\n|||||\n", "总计 |\n|\n|||||\n", 1) +
			"0 |\n0 |\n0 |\n1 |\n1 |\n0 |\n0 |\n0 |\n0 |\n0 |\n0 |\n0 |\n2 |\n0 |\n2 |\n|\n", "text"},
		{"wrapped: row opener", wrapped.String(), "text"},
		{"rows: interior blanks", head + "行政复议 | 行政诉讼 |\n1 | | | 0 | 1 | | | | | 0 | | | 2 | | 2 |\n", "text"},
		{"rows: blank first cells", head + "行政复议 | 行政诉讼 |\n| | | 1 | 1 | | | | | 0 | | | 2 | | 2 |\n", "text"},
		{"rows: opening pipe, blank first cells", head + "| 行政复议 | 行政诉讼 | \n| | | | 1 | 1 | | | | | 0 | | | 2 | | 2 | \n", "text"},
		{"rows: opening pipe", head + "| 行政复议 | 行政诉讼 | \n| 0 | 0 | 0 | 1 | 1 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 2 | 0 | 2 | \n", "text"},
		{"html: blank first cells", html, "html"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := Parse([]byte(tt.text), Source{Name: "made", Format: tt.format})
			if err != nil {
				t.Fatal(err)
			}
			got := cellValues(res)
			want := map[string]string{"review.pending": "1", "review.total": "1", "suit_direct.total": "0",
				"suit_after_review.other": "2", "suit_after_review.total": "2"}
			if tt.name == "rows: interior blanks" {
				want["review.upheld"], want["review.pending"] = "1", "0"
			}
			for col, v := range want {
				if got["appeals.all."+col] != v {
					t.Errorf("%s = %s, want %s", col, got["appeals.all."+col], v)
				}
			}
			for _, i := range res.Issues {
				if i.Section == "appeals" && i.Severity != SeverityInfo {
					t.Errorf("unexpected %s %s: %s", i.Severity, i.Rule, i.Message)
				}
			}
		})
	}
}
