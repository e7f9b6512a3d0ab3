package pdf

import (
	"os"
	"strings"
	"testing"

	"github.com/govreports/govreports/parser/layout"
)

// text places a string left to right from (x, y), one 10pt character box each.
func text(s string, x, y float64) []Char {
	var out []Char
	for _, r := range s {
		out = append(out, Char{Text: string(r), Left: x, Right: x + 9, Bottom: y, Top: y + 10})
		x += 10
	}
	return out
}

// vtext stacks a string top to bottom from (x, y): a vertical label.
func vtext(s string, x, y float64) []Char {
	var out []Char
	for _, r := range s {
		out = append(out, Char{Text: string(r), Left: x, Right: x + 9, Bottom: y, Top: y + 10})
		y -= 14
	}
	return out
}

// grid draws the rules of a table: full horizontal rules at ys, vertical rules at xs, except
// the horizontal rule segments listed in gaps (y index → x range left open: a merged cell).
func grid(xs, ys []float64, gaps map[int][2]float64) []Rule {
	var rs []Rule
	for i, y := range ys {
		if g, ok := gaps[i]; ok {
			rs = append(rs, Rule{X1: xs[0], Y1: y, X2: g[0], Y2: y}, Rule{X1: g[1], Y1: y, X2: xs[len(xs)-1], Y2: y})
			continue
		}
		rs = append(rs, Rule{X1: xs[0], Y1: y, X2: xs[len(xs)-1], Y2: y})
	}
	for _, x := range xs {
		rs = append(rs, Rule{X1: x, Y1: ys[len(ys)-1], X2: x, Y2: ys[0]})
	}
	return rs
}

func cellsOf(d *layout.Document) (tables [][]layout.Cell, prose []string) {
	for _, b := range d.Blocks {
		if b.Table != nil {
			tables = append(tables, b.Table.Cells)
		} else {
			prose = append(prose, b.Text)
		}
	}
	return
}

// A WPS-style page: a group label printed one character per line in a cell merged over two
// rows, between the lines of the two row labels beside it, one of them broken over two lines;
// a page number under the table.
func TestLayoutMergedVerticalLabel(t *testing.T) {
	xs := []float64{50, 80, 250, 300}
	ys := []float64{700, 660, 620}
	var chars []Char
	chars = append(chars, text("二、主动公开政府信息情况", 50, 720)...)
	chars = append(chars, vtext("其他处理", 60, 690)...) // 690, 676, 662, 648: across both rows
	chars = append(chars, text("1.申请人无正当理由", 90, 685)...)
	chars = append(chars, text("逾期不补正", 90, 670)...)
	chars = append(chars, text("0", 270, 675)...)
	chars = append(chars, text("2.其他", 90, 635)...)
	chars = append(chars, text("3", 270, 635)...)
	chars = append(chars, text("— 2 —", 150, 40)...)
	rules := grid(xs, ys, map[int][2]float64{1: {50, 80}})
	d := Layout(&Document{Pages: []Page{{Width: 600, Height: 800, Chars: chars, Rules: rules}}})
	tables, prose := cellsOf(d)
	if len(prose) != 1 || prose[0] != "二、主动公开政府信息情况" {
		t.Errorf("prose %q (the page number must be gone)", prose)
	}
	if len(tables) != 1 {
		t.Fatalf("%d tables", len(tables))
	}
	want := []layout.Cell{
		{Row: 0, Col: 0, RowSpan: 2, ColSpan: 1, Text: "其他处理"},
		{Row: 0, Col: 1, RowSpan: 1, ColSpan: 1, Text: "1.申请人无正当理由逾期不补正"},
		{Row: 0, Col: 2, RowSpan: 1, ColSpan: 1, Text: "0"},
		{Row: 1, Col: 1, RowSpan: 1, ColSpan: 1, Text: "2.其他"},
		{Row: 1, Col: 2, RowSpan: 1, ColSpan: 1, Text: "3"},
	}
	got := tables[0]
	if len(got) != len(want) {
		t.Fatalf("cells %+v", got)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("cell %d: %+v, want %+v", i, got[i], want[i])
		}
	}
}

// A table over a page break is one table; the header row the second page repeats is dropped,
// and so are the running header and the page numbers.
func TestLayoutSplitTable(t *testing.T) {
	xs := []float64{50, 200, 300}
	page := func(rows ...[2]string) Page {
		ys := []float64{700}
		var chars []Char
		chars = append(chars, text("某县2022年政府信息公开工作年度报告", 50, 770)...)
		chars = append(chars, text("第 1 页", 150, 30)...)
		for i, r := range rows {
			y := 700 - float64(i+1)*30
			ys = append(ys, y)
			chars = append(chars, text(r[0], 55, y+10)...)
			chars = append(chars, text(r[1], 210, y+10)...)
		}
		return Page{Width: 600, Height: 800, Chars: chars, Rules: grid(xs, ys, nil)}
	}
	head := [2]string{"信息内容", "本年处理决定数量"}
	d := Layout(&Document{Pages: []Page{
		page(head, [2]string{"行政许可", "5"}),
		page(head, [2]string{"行政处罚", "7"}, [2]string{"行政强制", "1"}),
	}})
	tables, prose := cellsOf(d)
	if len(prose) != 0 {
		t.Errorf("prose %q: running header and page numbers must be gone", prose)
	}
	if len(tables) != 1 {
		t.Fatalf("%d tables, want the split one joined", len(tables))
	}
	var rows []string
	for _, c := range tables[0] {
		rows = append(rows, c.Text)
	}
	if got := strings.Join(rows, "|"); got != "信息内容|本年处理决定数量|行政许可|5|行政处罚|7|行政强制|1" {
		t.Errorf("cells %s", got)
	}
}

// Columns without rules: a label and values aligned under a header.
func TestLayoutUnruled(t *testing.T) {
	var chars []Char
	chars = append(chars, text("信息内容", 50, 700)...)
	chars = append(chars, text("本年新制作数量", 200, 700)...)
	chars = append(chars, text("本年新公开数量", 320, 700)...)
	chars = append(chars, text("规章", 50, 680)...)
	chars = append(chars, text("1", 240, 680)...)
	chars = append(chars, text("3", 360, 680)...)
	chars = append(chars, text("规范性文件", 50, 660)...)
	chars = append(chars, text("12", 240, 660)...)
	chars = append(chars, text("0", 360, 660)...)
	d := Layout(&Document{Pages: []Page{{Width: 600, Height: 800, Chars: chars}}})
	tables, _ := cellsOf(d)
	if len(tables) != 1 {
		t.Fatalf("%d tables: %+v", len(tables), d.Blocks)
	}
	var got []string
	for _, c := range tables[0] {
		got = append(got, c.Text)
	}
	if s := strings.Join(got, "|"); s != "信息内容|本年新制作数量|本年新公开数量|规章|1|3|规范性文件|12|0" {
		t.Errorf("cells %s", s)
	}
}

// The engine reads the made fixture: pages, characters and the rules of its tables.
func TestExtractFixture(t *testing.T) {
	data, err := os.ReadFile("../testdata/docs/wps_2021_ruled.pdf")
	if err != nil {
		t.Fatal(err)
	}
	e, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	d, err := e.Extract(data)
	if err != nil {
		t.Fatal(err)
	}
	chars, rules := 0, 0
	for _, p := range d.Pages {
		chars += len(p.Chars)
		rules += len(p.Rules)
	}
	if len(d.Pages) < 3 || chars < 1000 || rules < 100 {
		t.Errorf("%d pages, %d characters, %d rules", len(d.Pages), chars, rules)
	}
	if _, err := e.Extract([]byte("%PDF-1.4 not really")); err == nil {
		t.Error("a broken PDF opened")
	}
}

func FuzzRead(f *testing.F) {
	for _, name := range []string{"wps_2021_ruled.pdf", "scan_2021_images.pdf"} {
		if b, err := os.ReadFile("../testdata/docs/" + name); err == nil {
			f.Add(b)
		}
	}
	f.Add([]byte("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF"))
	f.Fuzz(func(t *testing.T, b []byte) {
		d, err := Read(b)
		if err != nil {
			return
		}
		if len(d.Blocks) > layout.MaxBlocks {
			t.Fatalf("%d blocks", len(d.Blocks))
		}
	})
}

// Fake bold (each character drawn twice, a fraction of a point apart) reads once.
func TestLayoutOverprint(t *testing.T) {
	var chars []Char
	for _, c := range text("一、总体情况", 50, 700) {
		chars = append(chars, c)
		c.Left, c.Right = c.Left+0.4, c.Right+0.4
		chars = append(chars, c)
	}
	d := Layout(&Document{Pages: []Page{{Width: 600, Height: 800, Chars: chars}}})
	if _, prose := cellsOf(d); len(prose) != 1 || prose[0] != "一、总体情况" {
		t.Errorf("prose %q", prose)
	}
}

// A centred title broken over two lines is one paragraph; the body line under it is its own.
func TestLayoutTitleOverTwoLines(t *testing.T) {
	var chars []Char
	big := func(s string, x, y float64) []Char {
		var out []Char
		for _, r := range s {
			out = append(out, Char{Text: string(r), Left: x, Right: x + 15, Bottom: y, Top: y + 16})
			x += 16
		}
		return out
	}
	chars = append(chars, big("示例县自然资源局2022年政府信息公开", 140, 740)...) // 20 runes: 140–460
	chars = append(chars, big("工作年度报告", 252, 718)...)              // 6 runes: centred under it
	chars = append(chars, text("根据《中华人民共和国政府信息公开条例》要求，示例县自然资源局编制本报告。本报告数据统计期限自年初起至年末止。", 50, 680)...)
	d := Layout(&Document{Pages: []Page{{Width: 600, Height: 800, Chars: chars}}})
	_, prose := cellsOf(d)
	if len(prose) != 2 || prose[0] != "示例县自然资源局2022年政府信息公开工作年度报告" {
		t.Errorf("prose %q", prose)
	}
}

// Chromium's running header (date, title) and footer (file URL, page n/4) on every page of the
// made chromium_2021_ruled.pdf are dropped, so table 三, printed over a page break, is one table.
func TestLayoutChromiumRunningLines(t *testing.T) {
	data, err := os.ReadFile("../testdata/docs/chromium_2021_ruled.pdf")
	if err != nil {
		t.Fatal(err)
	}
	d, err := Read(data)
	if err != nil {
		t.Fatal(err)
	}
	tables, prose := cellsOf(d)
	for _, p := range prose {
		if strings.Contains(p, "file:") || strings.Contains(p, "/4") {
			t.Errorf("running line kept: %q", p)
		}
	}
	// Table 三 (over pages 2 and 3) is one table: its header cell and all its rows.
	for _, tab := range tables {
		if strings.HasPrefix(tab[0].Text, "（本列数据的勾稽关系为") {
			if len(tab) < 210 {
				t.Errorf("table 三 has %d cells: split at the page break", len(tab))
			}
			return
		}
	}
	t.Errorf("no table 三 among %d tables", len(tables))
}
