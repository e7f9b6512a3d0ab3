package parser

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/govreports/govreports/internal/charset"
)

// cellSpec is a compact expected token: "r,c text [header]" for table cells, "P text" for prose.
func tokSpec(t Token) string {
	if !t.InTable {
		return "P " + t.Text
	}
	s := fmt.Sprintf("%d:%d,%d %s", t.Table, t.Row, t.Col, t.Text)
	if t.Empty {
		s = fmt.Sprintf("%d:%d,%d _", t.Table, t.Row, t.Col)
	}
	if t.Header != "" {
		s += " [" + t.Header + "]"
	}
	return s
}

func TestHTMLTokens(t *testing.T) {
	tests := []struct {
		name  string
		doc   string
		title string
		want  []string
	}{
		{
			name: "rowspan and colspan resolve to top-left slots",
			doc: `<table><tr><td rowspan=2 colspan=2>A</td><td>B</td></tr>
				<tr><td>C</td></tr><tr><td>D</td><td colspan=2>E</td></tr></table>`,
			want: []string{"0:0,0 A", "0:0,2 B", "0:1,2 C", "0:2,0 D", "0:2,1 E"},
		},
		{
			name: "section 三 header: 3 header rows, row labels with rowspan, headers of values",
			doc: `<table>
				<tr><td colspan=3 rowspan=3>（本列数据的勾稽关系为：…）</td><td colspan=4>申请人情况</td></tr>
				<tr><td rowspan=2>自然人</td><td colspan=2>法人或其他组织</td><td rowspan=2>总计</td></tr>
				<tr><td>商业<br>企业</td><td>其他</td></tr>
				<tr><td colspan=3>一、本年新收</td><td>1</td><td>0</td><td></td><td>1</td></tr>
				<tr><td rowspan=2>三、本年度办理结果</td><td colspan=2>（一）予以公开</td><td>1</td><td>0</td><td>0</td><td>1</td></tr>
				<tr><td rowspan=1>（三）不予公开</td><td>1.属于国家秘密</td><td>0</td><td>0</td><td>0</td><td>0</td></tr>
			</table>`,
			want: []string{
				"0:0,0 （本列数据的勾稽关系为：…）", "0:0,3 申请人情况",
				"0:1,3 自然人", "0:1,4 法人或其他组织", "0:1,6 总计",
				"0:2,4 商业 企业", "0:2,5 其他",
				"0:3,0 一、本年新收", "0:3,3 1 [自然人]", "0:3,4 0 [商业 企业]", "0:3,5 _ [其他]", "0:3,6 1 [总计]",
				"0:4,0 三、本年度办理结果", "0:4,1 （一）予以公开", "0:4,3 1 [自然人]", "0:4,4 0 [商业 企业]", "0:4,5 0 [其他]", "0:4,6 1 [总计]",
				"0:5,1 （三）不予公开", "0:5,2 1.属于国家秘密", "0:5,3 0 [自然人]", "0:5,4 0 [商业 企业]", "0:5,5 0 [其他]", "0:5,6 0 [总计]",
			},
		},
		{
			name: "section 四: the lowest header level is the header",
			doc: `<table><tr><td colspan=2>行政复议</td><td colspan=2>行政诉讼</td></tr>
				<tr><td rowspan=2>结果维持</td><td rowspan=2>总计</td><td colspan=2>复议后起诉</td></tr>
				<tr><td>结果维持</td><td>总计</td></tr>
				<tr><td>1</td><td>1</td><td>０</td><td>—</td></tr></table>`,
			want: []string{"0:0,0 行政复议", "0:0,2 行政诉讼", "0:1,0 结果维持", "0:1,1 总计", "0:1,2 复议后起诉",
				"0:2,2 结果维持", "0:2,3 总计", "0:3,0 1 [结果维持]", "0:3,1 1 [总计]", "0:3,2 ０ [结果维持]", "0:3,3 — [总计]"},
		},
		{
			name: "one-table section 二: group rows replace the headers of the previous group",
			doc: `<table><tr><td colspan=4>第二十条第(一)项</td></tr>
				<tr><td>信息内容</td><td>本年制发件数</td><td>本年废止件数</td><td>现行有效件数</td></tr>
				<tr><td>规章</td><td>0</td><td></td><td>3条</td></tr>
				<tr><td colspan=4>第二十条第(五)项</td></tr>
				<tr><td>信息内容</td><td colspan=3>本年处理决定数量</td></tr>
				<tr><td>行政许可</td><td colspan=3>506</td></tr></table>`,
			want: []string{"0:0,0 第二十条第(一)项", "0:1,0 信息内容", "0:1,1 本年制发件数", "0:1,2 本年废止件数", "0:1,3 现行有效件数",
				"0:2,0 规章", "0:2,1 0 [本年制发件数]", "0:2,2 _ [本年废止件数]", "0:2,3 3条 [现行有效件数]",
				"0:3,0 第二十条第(五)项", "0:4,0 信息内容", "0:4,1 本年处理决定数量",
				"0:5,0 行政许可", "0:5,1 506 [本年处理决定数量]"},
		},
		{
			name: "blank rows are data rows: their labels never become headers",
			doc: `<table><tr><td>信息内容</td><td>本年制发件数</td><td>本年废止件数</td></tr>
				<tr><td>规章</td><td></td><td>&nbsp;</td></tr>
				<tr><td>行政规范性文件</td><td>1</td><td>2</td></tr></table>`,
			want: []string{"0:0,0 信息内容", "0:0,1 本年制发件数", "0:0,2 本年废止件数",
				"0:1,0 规章", "0:1,1 _ [本年制发件数]", "0:1,2 _ [本年废止件数]",
				"0:2,0 行政规范性文件", "0:2,1 1 [本年制发件数]", "0:2,2 2 [本年废止件数]"},
		},
		{
			name: "a trailing empty column does not make a header row a data row",
			doc: `<table><tr><td>信息内容</td><td>本年新制作数量</td><td>对外公开总数量</td><td></td></tr>
				<tr><td>规章</td><td>1</td><td>2</td><td></td></tr></table>`,
			want: []string{"0:0,0 信息内容", "0:0,1 本年新制作数量", "0:0,2 对外公开总数量", "0:0,3 _",
				"0:1,0 规章", "0:1,1 1 [本年新制作数量]", "0:1,2 2 [对外公开总数量]", "0:1,3 _"},
		},
		{
			name: "a shifted row: the extra value stands under no header",
			doc: `<table><tr><td>x</td><td>自然人</td><td>总计</td></tr>
				<tr><td>一、本年新收</td><td>1</td><td>0</td><td>1</td></tr></table>`,
			want: []string{"0:0,0 x", "0:0,1 自然人", "0:0,2 总计", "0:1,0 一、本年新收", "0:1,1 1 [自然人]", "0:1,2 0 [总计]", "0:1,3 1"},
		},
		{
			name: "prose between tables, nested layout table, headings kept in order",
			doc: `<html><head><title> 某局2022年政府信息公开工作年度报告 </title><script>var a="<table><td>x</td></table>";</script></head><body>
				<table class=layout><tr><td><ul><li>导航</li></ul></td><td>
				<h2>二、主动公开政府信息情况</h2><table><tr><td>规章</td><td>0</td></tr></table>
				<p>三、收到和处理<span>政府信息公开申请</span>情况</p><!-- <p>comment</p> -->
				<div><table><tr><td>自然人</td></tr></table></div>
				<style>p{}</style><noscript>请启用脚本</noscript><p>四、政府信息公开<br>行政复议、行政诉讼情况</p>
				</td></tr></table></body></html>`,
			title: "某局2022年政府信息公开工作年度报告",
			want: []string{"P 导航", "P 二、主动公开政府信息情况", "0:0,0 规章", "0:0,1 0", "P 三、收到和处理政府信息公开申请情况",
				"1:0,0 自然人", "P 四、政府信息公开", "P 行政复议、行政诉讼情况"},
		},
		{
			name:  "title falls back to the first h1; cell text folds br, p, nbsp and full-width space",
			doc:   `<h1>某镇 2021年报告</h1><table><tr><td><p>（二）部分公开</p><p>（区分处理的）</p></td><td>&nbsp;1&nbsp;</td><td>　</td></tr></table>`,
			title: "某镇 2021年报告",
			want:  []string{"P 某镇 2021年报告", "0:0,0 （二）部分公开 （区分处理的）", "0:0,1 1", "0:0,2 _"},
		},
		{
			name: "broken html: unclosed cells and rows, td outside tr, stray end tags",
			doc:  `<table><td>A<td>1</tr><tr><td>B<td>2</table></td></tr><td>lost</td><p>after`,
			want: []string{"0:0,0 A", "0:0,1 1", "0:1,0 B", "0:1,1 2", "P lost", "P after"},
		},
		{
			name: "absurd and bad span attributes are clamped",
			doc: `<table><tr><td rowspan="99999999" colspan="abc">A</td><td colspan=" 2px">B</td><td colspan="-3">C</td></tr>
				<tr><td colspan="0">D</td></tr></table>`,
			want: []string{"0:0,0 A", "0:0,1 B", "0:0,3 C", "0:1,1 D"},
		},
		{
			name: "empty tables are skipped and do not take a table index",
			doc:  `<table></table><table><tr></tr></table><table><tr><td>x</td></tr></table>`,
			want: []string{"0:0,0 x"},
		},
		{
			name: "rowspan beyond the last row is clamped to the table",
			doc:  `<table><tr><td rowspan=50>A</td><td>1</td></tr><tr><td>2</td></tr></table>`,
			want: []string{"0:0,0 A", "0:0,1 1", "0:1,1 2"},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			title, toks, err := htmlTokens(tc.doc)
			if err != nil {
				t.Fatal(err)
			}
			if title != tc.title {
				t.Errorf("title = %q, want %q", title, tc.title)
			}
			var got []string
			for _, tk := range toks {
				got = append(got, tokSpec(tk))
				if tk.Offset != -1 {
					t.Errorf("offset %d, want -1", tk.Offset)
				}
				if !tk.InTable && tk.Table != -1 {
					t.Errorf("prose token with table %d", tk.Table)
				}
			}
			if strings.Join(got, "\n") != strings.Join(tc.want, "\n") {
				t.Errorf("tokens:\n got %q\nwant %q", got, tc.want)
			}
		})
	}
}

// TestHTMLTokensFixtures checks the fixtures' structure: every value of the expect file appears
// in a table cell with a header, and each grid position is emitted once.
func TestHTMLTokensFixtures(t *testing.T) {
	for _, f := range loadHTMLFixtures(t) {
		if f.Format != "" && f.Format != "html" {
			continue // a text fixture has no HTML structure to check
		}
		t.Run(f.Fixture, func(t *testing.T) {
			d, err := charset.Decode(readFixture(t, f.Fixture), f.ContentType)
			if err != nil {
				t.Fatal(err)
			}
			if d.Encoding != f.Encoding || d.Source != f.EncodingSource {
				t.Errorf("decoded as %s via %s, want %s via %s", d.Encoding, d.Source, f.Encoding, f.EncodingSource)
			}
			title, toks, err := htmlTokens(d.Text)
			if err != nil {
				t.Fatal(err)
			}
			if title != f.Title {
				t.Errorf("title %q, want %q", title, f.Title)
			}
			seen := map[[3]int]bool{}
			headed := 0
			for _, tk := range toks {
				if !tk.InTable {
					continue
				}
				p := [3]int{tk.Table, tk.Row, tk.Col}
				if seen[p] {
					t.Errorf("position %v emitted twice", p)
				}
				seen[p] = true
				if tk.Header != "" {
					headed++
				}
			}
			if headed < len(f.Cells)/2 {
				t.Errorf("only %d value cells have a header (of %d cells)", headed, len(f.Cells))
			}
		})
	}
}

func TestValueLike(t *testing.T) {
	for _, s := range []string{"", "0", "13,242", "697.449万元", "１０", "—", "/", "无", "-3", "+2", "减3", "10*", "12件"} {
		if !valueLike(s) {
			t.Errorf("valueLike(%q) = false", s)
		}
	}
	for _, s := range []string{"规章", "自然人", "总计", "第二十条第(一)项", "1.属于国家秘密", "（七）总计", "2022年"} {
		if valueLike(s) {
			t.Errorf("valueLike(%q) = true", s)
		}
	}
}

func FuzzHTMLTokens(f *testing.F) {
	for _, fx := range loadHTMLFixtures(f) {
		d, _ := charset.Decode(readFixture(f, fx.Fixture), fx.ContentType)
		f.Add(d.Text)
	}
	f.Add(`<table><td rowspan=0 colspan=1000><table><tr><td>x`)
	f.Add(strings.Repeat("<div>", 520) + `<table><td>a<tr><td colspan=3>b<table><td>c</table><td>d`)
	f.Add(`<table><tr><td colspan=99999>a</td><td rowspan=65534>b</td></tr></table>`)
	f.Fuzz(func(t *testing.T, doc string) {
		_, toks, err := htmlTokens(doc)
		if err != nil {
			return
		}
		seen := map[[3]int]bool{}
		for _, tk := range toks {
			if tk.InTable {
				p := [3]int{tk.Table, tk.Row, tk.Col}
				if seen[p] {
					t.Fatalf("position %v emitted twice", p)
				}
				seen[p] = true
				if tk.Empty != (tk.Text == "") {
					t.Fatalf("Empty=%v for %q", tk.Empty, tk.Text)
				}
			} else if tk.Text == "" {
				t.Fatal("empty prose token")
			}
			if tk.Text != strings.TrimSpace(tk.Text) {
				t.Fatalf("untrimmed %q", tk.Text)
			}
		}
	})
}

// benchPage is a ~60 KB report page: two made fixtures, concatenated (the HTML parser merges them).
func benchPage(b *testing.B) string {
	a := readFixture(b, "a_2021_complete_utf8.html")
	h := readFixture(b, "h_2019_form_year2022.html")
	return string(a) + string(h)
}

func BenchmarkHTMLTokens(b *testing.B) {
	doc := benchPage(b)
	b.SetBytes(int64(len(doc)))
	b.ReportAllocs()
	for b.Loop() {
		if _, _, err := htmlTokens(doc); err != nil {
			b.Fatal(err)
		}
	}
}

func TestHTMLTokensTooDeep(t *testing.T) {
	// 600 unclosed <div>s exceed x/net/html's nesting limit (512): the page is read flat.
	doc := "<title>某局2022年政府信息公开工作年度报告</title>" + strings.Repeat("<div>", 600) +
		`<p>二、主动公开政府信息情况</p><table><tr><td colspan=2>信息内容</td><td>本年制发件数</td></tr>` +
		`<tr><td>规章<br>文件</td><td></td><td>3</td></tr></table><p>三、收到`
	title, toks, err := htmlTokens(doc)
	if !errors.Is(err, ErrHTMLDegraded) {
		t.Fatalf("err = %v, want ErrHTMLDegraded", err)
	}
	if title != "某局2022年政府信息公开工作年度报告" {
		t.Errorf("title %q", title)
	}
	var got []string
	for _, tk := range toks {
		got = append(got, tokSpec(tk))
	}
	want := []string{"P 二、主动公开政府信息情况", "0:0,0 信息内容", "0:0,2 本年制发件数", "0:1,0 规章 文件", "0:1,1 _", "0:1,2 3", "P 三、收到"}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("tokens:\n got %q\nwant %q", got, want)
	}
}
