package parser

import "testing"

// Small pieces of the layouts of text extracted from PDFs (issue 20), each checked on the cells
// it decides. The complete layouts are the made fixtures x_… and y_… and the real Shanghai page.
func TestExtractedLayoutPieces(t *testing.T) {
	const active = "二、主动公开政府信息情况\n"
	const requests = "三、收到和处理政府信息公开申请情况\n"
	tests := []struct {
		name, doc string
		want      map[string]string // cell → value ("null" for NULL)
		flag      map[string]string // cell → a flag it must carry
		rule      string            // an issue that must be raised ("" for none)
		noRule    string            // an issue that must not be raised
	}{
		{name: "the header line decides which columns a short row fills",
			doc:  active + "### 第二十条第（一）项\n| 信息内容 | 本年制发件数 | 现行有效件数 |\n|---|---|---|\n| 规章 | 2 | 5 |\n",
			want: map[string]string{"active.rules.issued": "2", "active.rules.repealed": "null", "active.rules.in_force": "5"},
			flag: map[string]string{"active.rules.repealed": FlagMissing}, rule: "form.values_missing"},
		{name: "a short row under a header naming every column: nothing decides, all NULL",
			doc: active + "### 第二十条第（一）项\n| 信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数 |\n|---|---|---|---|\n## 表二\n| 规章 | 2 | 5 |\n|---|---|---|\n| 行政规范性文件 | 1 | 0 | 3 |\n",
			want: map[string]string{"active.rules.issued": "null", "active.rules.repealed": "null", "active.rules.in_force": "null",
				"active.normative_docs.in_force": "3"},
			flag: map[string]string{"active.rules.issued": FlagUnplaced}, rule: "table.values_unplaced"},
		{name: "values stated above the table with notes naming 本年废止件数",
			doc: active + "第二十条第（一）项\n1\n（其中修订 1 件）\n4\n（含自然失效 2 件）\n第二十条第（五）项\n行政许可 3\n| 规章 | 2 | 5 |\n| 行政规范性文件 | 6 | 30 |\n",
			want: map[string]string{"active.rules.issued": "2", "active.rules.repealed": "1", "active.rules.in_force": "5",
				"active.normative_docs.issued": "6", "active.normative_docs.repealed": "4", "active.normative_docs.in_force": "30"},
			flag: map[string]string{"active.rules.repealed": FlagStatedApart}, noRule: "table.values_unplaced"},
		{name: "a county's table without 规章: one stated value for the one row found",
			doc:  active + "第二十条第（一）项\n2\n（含自然失效 1 件）\n第二十条第（五）项\n行政许可 3\n| 行政规范性文件 | 6 | 30 |\n五、存在的主要问题及改进情况\n无。\n",
			want: map[string]string{"active.normative_docs.issued": "6", "active.normative_docs.repealed": "2", "active.normative_docs.in_force": "30"},
			flag: map[string]string{"active.normative_docs.repealed": FlagStatedApart}},
		{name: "notes of revisions only: a revision may count as 制发 too, so nothing names the column",
			doc:  active + "第二十条第（一）项\n1\n（其中修订 1 件）\n4\n（其中修订 2 件）\n第二十条第（五）项\n行政许可 3\n| 规章 | 2 | 5 |\n| 行政规范性文件 | 6 | 30 |\n五、存在的主要问题及改进情况\n无。\n",
			want: map[string]string{"active.rules.issued": "null", "active.rules.repealed": "null", "active.normative_docs.repealed": "null"},
			rule: "table.values_unplaced"},
		{name: "values stated above the table without a note: nothing names their column",
			doc:  active + "第二十条第（一）项\n1\n4\n第二十条第（五）项\n行政许可 3\n| 规章 | 2 | 5 |\n| 行政规范性文件 | 6 | 30 |\n",
			want: map[string]string{"active.rules.issued": "null", "active.rules.repealed": "null", "active.normative_docs.in_force": "null"},
			rule: "table.values_unplaced"},
		{name: "a part's name as a plain line over a header line of placeholders, then the row",
			doc:    requests + "二、上年结转政府信息公开申请数量\n| 类别 | 数据1 | 数据2 | 数据3 | 数据4 | 数据5 | 数据6 | 数据7 |\n| 二、上年结转政府信息公开申请数量 | 2 | 1 | 0 | 0 | 0 | 0 | 3 |\n",
			want:   map[string]string{"requests.carried_in.natural_person": "2", "requests.carried_in.total": "3"},
			noRule: "form.duplicate_row"},
		{name: "a markdown heading over a piece of table 三 is no row",
			doc:    requests + "### 二、上年结转政府信息公开申请数量\n| 类别 | 数据1 | 数据2 | 数据3 | 数据4 | 数据5 | 数据6 | 数据7 |\n|---|---|---|---|---|---|---|---|\n| 二、上年结转政府信息公开申请数量 | 2 | 1 | 0 | 0 | 0 | 0 | 3 |\n",
			want:   map[string]string{"requests.carried_in.business": "1", "requests.carried_in.total": "3"},
			noRule: "form.duplicate_row"},
		{name: "a row label interleaved with its group label",
			doc:    requests + "1.本机关不掌握相关政府信息 | 1 | 0 | 0 | 0 | 0 | 0 | 1 |\n（四）无2.没有现成信息需要另\n| 法提供行制作 | 2 | 0 | 0 | 0 | 0 | 0 | 2 |\n3.补正后申请内容仍不明确 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |\n",
			want:   map[string]string{"requests.result.unavailable.needs_creation.natural_person": "2", "requests.result.unavailable.needs_creation.total": "2"},
			noRule: "form.unknown_row"},
		{name: "tables headed 表三 / 表四 only: the number is dropped, the words name the table",
			doc: "## 表三：收到和处理政府信息公开申请情况\n| 一、本年新收政府信息公开申请数量 | 1 | 0 | 0 | 0 | 0 | 0 | 1 |\n|---|---|---|---|---|---|---|---|\n" +
				"## 表四：政府信息公开行政复议、行政诉讼情况\n| 维持 | 纠正 | 结果 | 审结 | 总计 | 总计 |\n|---|---|---|---|---|---|\n| 1 | 0 | 0 | 0 | 1 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |\n",
			want:   map[string]string{"requests.received.total": "1", "appeals.all.review.upheld": "1", "appeals.all.suit_after_review.total": "0"},
			noRule: "form.unknown_row"},
		{name: "a label broken over two lines, the second piece opening a pipe row with the values",
			doc:    requests + "1.本机关不掌握相关政府信息 | 1 | 0 | 0 | 0 | 0 | 0 | 1 |\n2.没有现成信息需要另\n| 行制作 | 47 | 1 | 0 | 0 | 0 | 0 | 48 |\n",
			want:   map[string]string{"requests.result.unavailable.needs_creation.natural_person": "47", "requests.result.unavailable.needs_creation.total": "48"},
			noRule: "form.unknown_row"},
		{name: "a group label glued to its first row's label",
			doc:  requests + "（一）予以公开 | 1 | 0 | 0 | 0 | 0 | 0 | 1 |\n（四）无法提供1.本机关不掌握相关政府信息 | 3 | 0 | 0 | 0 | 0 | 0 | 3 |\n",
			want: map[string]string{"requests.result.unavailable.not_held.natural_person": "3", "requests.result.unavailable.not_held.total": "3"}},
		{name: "table 四 in two pieces, the header line repeated over the second",
			doc:    "四、政府信息公开行政复议、行政诉讼情况\n| 维持 | 纠正 | 结果 | 审结 | 总计 |\n|---|---|---|---|---|\n| 1 | 0 | 0 | 0 | 1 | 0 | 1 | 0 |\n— 6 —\n| 维持 | 纠正 | 结果 | 审结 | 总计 |\n|---|---|---|---|---|\n| 1 | 2 | 1 | 0 | 0 | 1 | 2 |\n五、存在的主要问题及改进情况\n无。\n",
			want:   map[string]string{"appeals.all.review.total": "1", "appeals.all.suit_direct.pending": "1", "appeals.all.suit_direct.total": "2", "appeals.all.suit_after_review.total": "2"},
			noRule: "value.text_in_number"},
		{name: "table 四 as three small pipe tables without rule lines: the opening pipes are no cells",
			doc: "四、政府信息公开行政复议、行政诉讼情况\n行政复议\n| 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 |\n| 1 | 0 | 0 | 0 | 1 |\n行政诉讼（未经复议直接起诉）\n| 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 |\n| 0 | 1 | 0 | 1 | 2 |\n行政诉讼（复议后起诉）\n| 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 |\n| 1 | 0 | 0 | 1 | 2 |\n五、存在的主要问题及改进情况\n无。\n",
			want: map[string]string{"appeals.all.review.total": "1", "appeals.all.suit_direct.corrected": "1", "appeals.all.suit_direct.total": "2",
				"appeals.all.suit_after_review.upheld": "1", "appeals.all.suit_after_review.total": "2"},
			noRule: "table.shifted_values"},
		{name: "values separated from their label by a page mark",
			doc:  requests + "2.重复申请\n— 5 —\n| 4 | 0 | 0 | 0 | 0 | 0 | 4 |\n3.要求提供公开出版物 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |\n",
			want: map[string]string{"requests.result.not_processed.duplicate.natural_person": "4", "requests.result.not_processed.duplicate.total": "4"}},
		{name: "a line of values between two rows, its label printed above: the row left between them",
			doc:  requests + "5.要求行政机关确认或重新出具\n已获取信息\n| 4.无正当理由大量反复申请 | 1 | 0 | 0 | 0 | 0 | 0 | 1 |\n| 2 | 0 | 0 | 0 | 0 | 0 | 2 |\n| 1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |\n",
			want: map[string]string{"requests.result.not_processed.confirm_reissue.natural_person": "2", "requests.result.not_processed.mass_repeat.total": "1"},
			rule: "label.inferred_by_order"},
		{name: "rows whose labels stand only in the headings over them, at the table's start",
			doc: requests + "### 一、本年新收政府信息公开申请数量\n| 类别 | 数据1 | 数据2 | 数据3 | 数据4 | 数据5 | 数据6 | 数据7 |\n|---|---|---|---|---|---|---|---|\n| 5 | 1 | 0 | 0 | 0 | 0 | 6 |\n" +
				"### 二、上年结转政府信息公开申请数量\n| 类别 | 数据1 | 数据2 | 数据3 | 数据4 | 数据5 | 数据6 | 数据7 |\n|---|---|---|---|---|---|---|---|\n| 1 | 0 | 0 | 0 | 0 | 0 | 1 |\n" +
				"### 三、本年度办理结果\n| 类别 | 数据1 | 数据2 | 数据3 | 数据4 | 数据5 | 数据6 | 数据7 |\n|---|---|---|---|---|---|---|---|\n| （一）予以公开 | 6 | 1 | 0 | 0 | 0 | 0 | 7 |\n",
			want: map[string]string{"requests.received.natural_person": "5", "requests.received.total": "6", "requests.carried_in.total": "1", "requests.result.disclosed.total": "7"},
			rule: "label.inferred_by_order"},
		// Regression: withdrawn issues were removed before the identities placed a later row, so
		// the later row withdrew another issue than its own and kept table.values_unplaced.
		{name: "a row settled by order, then a later short row placed by the balance identity",
			doc: requests + "| 一、本年新收政府信息公开申请数量 | 1 | 2 | 0 | 0 | 0 | 0 | 3 |\n二、上年结转政府信息公开申请数量\n开申请\n| 0 | 0 | 0 | 0 | 0 | 0 | 0 |\n" +
				"| （一）予以公开 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |\n| （七）总计 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |\n| 四、结转下年度继续办理 | 2 | 0 | 0 | 0 | 0 | 3 |\n五、存在的主要问题及改进情况\n无。\n",
			want: map[string]string{"requests.carried_in.total": "0", "requests.carried_out.natural_person": "null",
				"requests.carried_out.business": "2", "requests.carried_out.total": "3"},
			flag:   map[string]string{"requests.carried_out.business": FlagPlacedByIdentity, "requests.carried_out.natural_person": FlagMissing},
			noRule: "table.values_unplaced"},
		{name: "two lines of values for one row left between their neighbours: neither is read",
			doc:  requests + "| 4.无正当理由大量反复申请 | 1 | 0 | 0 | 0 | 0 | 0 | 1 |\n| 2 | 0 | 0 | 0 | 0 | 0 | 2 |\n| 3 | 0 | 0 | 0 | 0 | 0 | 3 |\n| 1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |\n",
			want: map[string]string{"requests.result.not_processed.confirm_reissue.natural_person": "", "requests.result.not_processed.mass_repeat.total": "1"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := Parse([]byte(tt.doc), Source{Name: "piece", Format: "text"})
			if err != nil {
				t.Fatal(err)
			}
			got := cellValues(res)
			for k, v := range tt.want {
				if got[k] != v {
					t.Errorf("%s = %q, want %q", k, got[k], v)
				}
			}
			for k, f := range tt.flag {
				ok := false
				for _, c := range res.Cells {
					if c.Section+"."+c.Row+"."+c.Col == k {
						ok = hasFlag(&c, f)
					}
				}
				if !ok {
					t.Errorf("%s lacks flag %s", k, f)
				}
			}
			raised := map[string]bool{}
			for _, i := range res.Issues {
				raised[i.Rule] = true
			}
			if tt.rule != "" && !raised[tt.rule] {
				t.Errorf("issue %s not raised", tt.rule)
			}
			if tt.noRule != "" && raised[tt.noRule] {
				t.Errorf("issue %s raised", tt.noRule)
			}
		})
	}
}

// Table 四 with one value lost: the groups' 总计 cannot say which cell of a group lost it (a
// group with a cell unknown cannot be checked), so the row stays NULL rather than shifted left.
func TestAppealsShortRowNotFilledLeftToRight(t *testing.T) {
	doc := "四、政府信息公开行政复议、行政诉讼情况\n| 维持 | 纠正 | 结果 | 审结 | 总计 | 总计 |\n|---|---|---|---|---|---|\n| 1 | 0 | 0 | 0 | 1 | 1 | 0 | 1 | 3 | 1 | 0 | 0 | 1 | 2 |\n五、存在的主要问题及改进情况\n无。\n"
	res, err := Parse([]byte(doc), Source{Name: "appeals", Format: "text"})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range res.Cells {
		if c.Value != nil || !hasFlag(&c, FlagUnplaced) {
			t.Errorf("%s: value %v flags %v, want NULL unplaced", c.Col, c.Value, c.Flags)
		}
	}
	found := false
	for _, i := range res.Issues {
		found = found || i.Rule == "table.values_unplaced"
	}
	if !found {
		t.Error("no table.values_unplaced issue")
	}
}

// A table 四 that ends the text, one value lost in its first group: read as cut off, its values
// would fill the first columns, but then 行政复议's 总计 does not add up: the page is not simply
// cut there, and nothing is placed.
func TestShortRowAtTheEndChecked(t *testing.T) {
	doc := "四、政府信息公开行政复议、行政诉讼情况\n| 维持 | 纠正 | 结果 | 审结 | 总计 |\n|---|---|---|---|---|\n| 0 | 0 | 1 | 2 | 0 | 1 | 0 | 1 | 2 | 1 | 0 | 0 | 1 | 2 |\n"
	res, err := Parse([]byte(doc), Source{Name: "appeals-end", Format: "text"})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range res.Cells {
		if c.Value != nil {
			t.Errorf("%s = %v, want NULL", c.Col, *c.Value)
		}
	}
	// A page really cut inside the row keeps its first values (partial pages).
	cut := "四、政府信息公开行政复议、行政诉讼情况\n| 维持 | 纠正 | 结果 | 审结 | 总计 |\n|---|---|---|---|---|\n| 1 | 0 | 0 | 1 | 2 | 0 | 1 |\n"
	res, err = Parse([]byte(cut), Source{Name: "appeals-cut", Format: "text"})
	if err != nil {
		t.Fatal(err)
	}
	got := cellValues(res)
	if got["appeals.all.review.total"] != "2" || got["appeals.all.suit_direct.corrected"] != "1" || got["appeals.all.suit_direct.other"] != "null" {
		t.Errorf("cut-off row: %v", got)
	}
}
