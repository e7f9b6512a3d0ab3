package parser

import "testing"

func TestIsPageMark(t *testing.T) {
	tests := map[string]bool{
		"— 5 —": true, "- 12 -": true, "－3－": true, "第 5 页": true, "第5页共9页": true,
		"5": false, "—": false, "— 附件 —": false, "-3": false, "第二十条第（一）项": false, "2 / 5": false,
	}
	for in, want := range tests {
		if got := isPageMark(in); got != want {
			t.Errorf("isPageMark(%q) = %v, want %v", in, got, want)
		}
	}
}

func TestStripMarkdown(t *testing.T) {
	tests := []struct {
		in, want string
		heading  bool
	}{
		{"### 第二十条第（一）项", "第二十条第（一）项", true},
		{"#二、主动公开政府信息情况", "二、主动公开政府信息情况", true},
		{"# **示例省交通运输厅**", "示例省交通运输厅", true},
		{"## 2024年政府信息公开工作年度报告", "2024年政府信息公开工作年度报告", true},
		{"**（一）主动公开**", "（一）主动公开", false},
		{"# MADE FIXTURE (not a captured page)", "# MADE FIXTURE (not a captured page)", false},
		{"####### 七个井号", "####### 七个井号", false},
		{"| 规章 | 1 |", "| 规章 | 1 |", false},
	}
	for _, tt := range tests {
		got, h := stripMarkdown(tt.in)
		if got != tt.want || h != tt.heading {
			t.Errorf("stripMarkdown(%q) = %q, %v; want %q, %v", tt.in, got, h, tt.want, tt.heading)
		}
	}
}

func TestDropTableNumber(t *testing.T) {
	tests := map[string]string{
		"表二：主动公开政府信息情况":       "主动公开政府信息情况",
		"表 3 收到和处理政府信息公开申请情况": "收到和处理政府信息公开申请情况",
		"表格说明": "表格说明",
		"表二":   "表二",
	}
	for in, want := range tests {
		if got := dropTableNumber(in); got != want {
			t.Errorf("dropTableNumber(%q) = %q, want %q", in, got, want)
		}
	}
}

// Markdown headers give each row of their table the header above its cells, when the row has as
// many cells; the rule line and the opening pipe are no cells; page marks are dropped.
func TestTextTokensMarkdown(t *testing.T) {
	toks := textTokens("| 信息内容 | 本年制发件数 | 现行有效件数 |\n|---|---|---|\n| 规章 | 2 | 5 |\n— 4 —\n| 行政规范性文件 | 1 |\n")
	var texts []string
	for _, tk := range toks {
		texts = append(texts, tk.Text+"@"+tk.Header)
		if tk.Empty {
			t.Errorf("empty token %+v", tk)
		}
	}
	want := []string{"信息内容@", "本年制发件数@", "现行有效件数@", "规章@信息内容", "2@本年制发件数", "5@现行有效件数", "行政规范性文件@", "1@"}
	if len(texts) != len(want) {
		t.Fatalf("tokens %q, want %q", texts, want)
	}
	for i := range want {
		if texts[i] != want[i] {
			t.Errorf("token %d = %q, want %q", i, texts[i], want[i])
		}
	}
	if !toks[0].HeaderLine || toks[3].HeaderLine {
		t.Error("header line marks wrong")
	}
}
