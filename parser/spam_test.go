package parser

import (
	"strings"
	"testing"

	"github.com/govreports/govreports/schemas"
)

func TestFindSpam(t *testing.T) {
	rules, err := schemas.Spam()
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		text string
		want []string // the spans reported
	}{
		// Real injections (shared corpus).
		{"办公室《中国竞彩网_明升体育-【唯一app官网】:政府信息公开", []string{"中国竞彩网_明升体育-【唯一app官网】"}},
		{"2020年,在区委、区政府的正确领导下,新葡京博彩官网区人民政府北京街道办事处", []string{"新葡京博彩官网"}},
		{"本站由澳门太阳城赌城-【官网娱乐网站】提供", []string{"澳门太阳城赌城-【官网娱乐网站】"}},
		// Made variants of the same shape.
		{"根据某某百家乐_某某娱乐-【真人app】要求", []string{"某某百家乐_某某娱乐-【真人app】"}},
		// Ordinary government text: never spam.
		{"开展整治棋牌室专项行动,打击赌场违法犯罪活动", nil},
		{"福利彩票公益金和体育彩票公益金使用情况", nil},
		{"依法查处赌场3处", nil},
	}
	for _, tt := range tests {
		issues := findSpam(tt.text, rules)
		var got []string
		for _, i := range issues {
			got = append(got, i.Span.Text)
			if tt.text[i.Span.Start:i.Span.End] != i.Span.Text {
				t.Errorf("%q: span %d-%d does not hold %q", tt.text, i.Span.Start, i.Span.End, i.Span.Text)
			}
		}
		if len(got) != len(tt.want) || (len(got) > 0 && got[0] != tt.want[0]) {
			t.Errorf("%q: spam %q, want %q", tt.text, got, tt.want)
		}
	}
}

// TestWithoutSpam: the tables are read without injected text. Made input in the cell-per-line
// style of the seed, with spam lines between cells as mirrors inject them.
func TestWithoutSpam(t *testing.T) {
	rules, err := schemas.Spam()
	if err != nil {
		t.Fatal(err)
	}
	doc := "规章 |\n澳门太阳城赌城-【官网娱乐网站】\n1 |\n新葡京博彩官网 |\n0 |\n新葡京博彩官网规范性文件 |\n3 |\n"
	toks := textTokens(doc)
	var got []string
	for _, tk := range withoutSpam(toks, findSpamHits(doc, rules), rules) {
		got = append(got, tk.Text)
	}
	want := []string{"规章", "1", "0", "规范性文件", "3"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("tokens %q, want %q", got, want)
	}
	if len(toks) != 7 || toks[1].Text != "澳门太阳城赌城-【官网娱乐网站】" {
		t.Errorf("the page's own tokens were changed: %+v", toks)
	}
	// Without spam the tokens are returned as they are.
	clean := textTokens("规章 |\n1 |\n")
	if out := withoutSpam(clean, nil, rules); &out[0] != &clean[0] {
		t.Error("tokens copied without any spam")
	}
}
