package parser

import (
	"os"
	"testing"
)

// TestSampleExpectedValues asserts every value listed under "Expected values" in
// shared/TEMPLATES.md for the real 冶金工业园(锦丰镇) 2022 report, independently of the golden file.
func TestSampleExpectedValues(t *testing.T) {
	data, err := os.ReadFile("../testdata/corpus/jinfeng-2022-pipe.txt")
	if err != nil {
		t.Fatal(err)
	}
	res, err := Parse(data, Source{Name: "jinfeng-2022-pipe.txt"})
	if err != nil {
		t.Fatal(err)
	}
	rep := res.Report
	if rep.Agency != "冶金工业园(锦丰镇)" || rep.Year != 2022 || rep.Form != "2021" || rep.Encoding != "utf-8" {
		t.Fatalf("metadata: agency=%q year=%d form=%q encoding=%q", rep.Agency, rep.Year, rep.Form, rep.Encoding)
	}
	if rep.Title != "冶金工业园(锦丰镇)2022年政府信息公开工作年度报告" {
		t.Errorf("title = %q", rep.Title)
	}
	want := map[string]float64{
		"active|rules|issued": 0, "active|rules|repealed": 0, "active|rules|in_force": 0,
		"active|normative_docs|issued": 0, "active|normative_docs|repealed": 0, "active|normative_docs|in_force": 2,
		"active|licensing|decisions": 506, "active|penalties|decisions": 13242, "active|enforcement|decisions": 2,
		"active|fees|amount_wan_yuan":      697.449,
		"requests|received|natural_person": 10, "requests|received|total": 10,
		"requests|result.disclosed|natural_person": 2, "requests|result.disclosed|total": 2,
		"requests|result.partial|natural_person": 8, "requests|result.partial|total": 8,
		"requests|result.total|natural_person": 10, "requests|result.total|total": 10,
	}
	for _, g := range []string{"review", "suit_direct", "suit_after_review"} {
		vals := map[string][]float64{"review": {1, 0, 0, 0, 1}, "suit_direct": {0, 0, 0, 0, 0}, "suit_after_review": {1, 0, 0, 1, 2}}[g]
		for i, o := range []string{"upheld", "corrected", "other", "pending", "total"} {
			want["appeals|all|"+g+"."+o] = vals[i]
		}
	}
	got := map[string]Cell{}
	for _, c := range res.Cells {
		got[c.Section+"|"+c.Row+"|"+c.Col] = c
	}
	// Every other cell of table 三 is 0, including carried_in and carried_out.
	for k, c := range got {
		if _, ok := want[k]; !ok && c.Section == "requests" {
			want[k] = 0
		}
	}
	if len(res.Cells) != 10+25*7+15 {
		t.Errorf("cells = %d, want %d", len(res.Cells), 10+25*7+15)
	}
	for k, v := range want {
		c, ok := got[k]
		if !ok || c.Value == nil || *c.Value != v {
			t.Errorf("%s = %v, want %v", k, c.Value, v)
		}
	}
	if f := got["active|fees|amount_wan_yuan"]; f.Unit != "万元" || f.Raw != "697.449万元" {
		t.Errorf("fees unit/raw = %q/%q", f.Unit, f.Raw)
	}
	// Zero identity errors and exactly one spam issue, with its span.
	if len(res.Issues) != 1 || res.Issues[0].Rule != "content.spam" {
		t.Fatalf("issues = %+v, want one content.spam", res.Issues)
	}
	sp := res.Issues[0].Span
	if sp == nil || sp.Text != "中国竞彩网_明升体育-【唯一app官网】" || string(data[sp.Start:sp.End]) != sp.Text {
		t.Errorf("spam span = %+v", sp)
	}
	if !rep.Mirror || rep.Status != "warnings" {
		t.Errorf("mirror=%v status=%s", rep.Mirror, rep.Status)
	}
}
