package quality

import (
	"bytes"
	"math/rand"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"github.com/govreports/govreports/parser"
)

// Known breaks, per input: status, suspect mirror, how many cells the HTML must highlight, and
// the exact issues (rule → count) the report shows. Inputs not listed here are still checked for
// the HTML showing exactly the parser's issues (TestHTMLShowsEveryIssue).
var known = []struct {
	name        string
	status      string
	mirror      bool
	highlighted int
	rules       map[string]int
}{
	{"jinfeng-2022-pipe", "warnings", true, 0, map[string]int{"content.spam": 1}},
	{"012_beijing_tongzhou_bureau_2019_PARTIAL", "errors", false, 1, map[string]int{"form.row_missing": 21, "form.section_missing": 1, "form.values_missing": 1, "value.text_in_number": 1}},
	{"013_SPAM_MIRROR_jingchikouqiang_beijingjiedao_2020_PARTIAL", "errors", true, 0, map[string]int{"content.spam": 1, "form.section_empty": 1, "form.section_missing": 1, "source.non_gov_host": 1}},
	{"017_jiaxian_xizhen_2022_OLDFORMAT_PARTIAL", "errors", false, 0, map[string]int{"form.row_missing": 9, "form.section_missing": 1, "form.values_missing": 22, "form.version_year_mismatch": 1}},
	{"026_SPAM_MIRROR_zp2005_jinfeng_2024_PARTIAL", "no_tables", true, 0, map[string]int{"content.spam": 1, "form.no_tables": 1, "form.section_missing": 3, "source.non_gov_host": 1}},
	{"027_shenyang_hunnan_guoziju_2022_TABLES_MISSING", "no_tables", false, 0, map[string]int{"form.no_tables": 1, "form.section_empty": 3}},
	{"030_SPAM_MIRROR_seed_source_jinfeng_2022_PARTIAL", "no_tables", true, 0, map[string]int{"content.spam": 1, "form.no_tables": 1, "form.section_missing": 3, "source.non_gov_host": 1}},
	{"a_2021_complete_utf8", "clean", false, 0, map[string]int{}},
	{"b_2021_gbk_meta", "clean", false, 0, map[string]int{}},
	{"c_2021_gbk_nometa", "clean", false, 0, map[string]int{}},
	{"d_2021_nested_layout", "clean", false, 0, map[string]int{}},
	{"e_2021_split_section", "clean", false, 0, map[string]int{}},
	{"f_2021_blank_zero", "warnings", false, 11, map[string]int{"identity.requests.row_total": 11}},
	{"g_2021_shifted", "errors", false, 1, map[string]int{"identity.requests.balance": 1, "identity.requests.row_total": 1, "table.shifted_values": 1}},
	{"h_2019_form_year2022", "warnings", false, 0, map[string]int{"form.version_year_mismatch": 1}},
	{"i_2021_units_fullwidth", "clean", false, 0, map[string]int{}},
}

func TestKnownBreaks(t *testing.T) {
	byName := map[string]Entry{}
	for _, e := range loadAll(t) {
		byName[base(e.Result.Report.Source)] = e
	}
	for _, k := range known {
		t.Run(k.name, func(t *testing.T) {
			e, ok := byName[k.name]
			if !ok {
				t.Fatalf("input %s not found", k.name)
			}
			rep := e.Result.Report
			if rep.Status != k.status || rep.Mirror != k.mirror {
				t.Errorf("status %s mirror %v, want %s %v", rep.Status, rep.Mirror, k.status, k.mirror)
			}
			doc, _ := render(t, []Entry{e}, Options{})
			shown := map[string]int{}
			doc.Find("details.rep table.issues tr.iss").Each(func(_ int, s *goquery.Selection) {
				shown[s.AttrOr("data-rule", "")]++
			})
			if !equalCounts(shown, k.rules) {
				t.Errorf("issues shown %v, want %v", shown, k.rules)
			}
			if n := doc.Find("details.rep td.hl").Length(); n != k.highlighted {
				t.Errorf("%d highlighted cells, want %d", n, k.highlighted)
			}
			if n := len(HighlightedCells(e.Result)); n != k.highlighted {
				t.Errorf("HighlightedCells: %d, want %d", n, k.highlighted)
			}
			if got := doc.Find("details.rep").AttrOr("data-mirror", ""); got != mirrorValue(k.mirror) {
				t.Errorf("data-mirror %q, want %q", got, mirrorValue(k.mirror))
			}
			if n := doc.Find("details.rep .mirrorbox").Length(); (n == 1) != k.mirror {
				t.Errorf("%d suspect-mirror boxes, mirror %v", n, k.mirror)
			}
		})
	}
}

func equalCounts(a, b map[string]int) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

// Every input: the page lists exactly the parser's issues, in order, with their message,
// expected and actual; the highlighted cells are exactly the cells the cell-level issues name
// (one per distinct cell); row, column and section issues mark their row label, header, banner.
func TestHTMLShowsEveryIssue(t *testing.T) {
	entries := loadAll(t)
	doc, _ := render(t, entries, Options{})
	for _, e := range entries {
		res := e.Result
		sel := doc.Find(`details.rep[data-id="` + res.Report.ID + `"]`).FilterFunction(func(_ int, s *goquery.Selection) bool {
			return s.Find("dl.meta").Text() != "" && strings.Contains(s.Find("dl.meta").Text(), res.Report.Source)
		})
		if sel.Length() != 1 {
			t.Errorf("%s: %d report sections", res.Report.Source, sel.Length())
			continue
		}
		rows := sel.Find("table.issues tr.iss")
		if rows.Length() != len(res.Issues) {
			t.Errorf("%s: %d issues shown, parser has %d", res.Report.Source, rows.Length(), len(res.Issues))
			continue
		}
		rows.Each(func(n int, r *goquery.Selection) {
			i := res.Issues[n]
			tds := r.Find("td")
			got := []string{tds.Eq(1).Text(), tds.Eq(2).Text(), tds.Eq(4).Text(), tds.Eq(5).Text(), tds.Eq(6).Text()}
			want := []string{string(i.Severity), i.Rule, i.Message, i.Expected, i.Actual}
			for k := range got {
				if got[k] != want[k] {
					t.Errorf("%s issue %d: field %d %q, want %q", res.Report.Source, n+1, k, got[k], want[k])
				}
			}
		})
		want := map[string]bool{}
		for _, k := range HighlightedCells(res) {
			p := strings.Split(k, "|")
			want[sel.AttrOr("id", "")+"-c-"+p[0]+"-"+p[1]+"-"+p[2]] = true
		}
		hl := sel.Find("td.hl")
		if hl.Length() != len(want) {
			t.Errorf("%s: %d highlighted cells, want %d", res.Report.Source, hl.Length(), len(want))
		}
		hl.Each(func(_ int, c *goquery.Selection) {
			if !want[c.AttrOr("id", "")] {
				t.Errorf("%s: cell %q highlighted but named by no cell-level issue", res.Report.Source, c.AttrOr("id", ""))
			}
		})
		var rowIss, colIss, secIss int
		drawn := map[string]bool{}
		for _, c := range res.Cells {
			drawn[c.Section] = true
		}
		rowsHit, colsHit := map[string]bool{}, map[string]bool{}
		for _, i := range res.Issues {
			switch LevelOf(i) {
			case LevelRow:
				if drawn[i.Section] && !rowsHit[i.Section+i.Row] {
					rowsHit[i.Section+i.Row] = true
					rowIss++
				}
			case LevelColumn:
				if drawn[i.Section] && !colsHit[i.Section+i.Col] {
					colsHit[i.Section+i.Col] = true
					colIss++
				}
			case LevelSection:
				secIss++
			}
		}
		if n := sel.Find("th.hl-row").Length(); n != rowIss {
			t.Errorf("%s: %d row labels marked, want %d", res.Report.Source, n, rowIss)
		}
		if n := sel.Find("th.hl-col").Length(); n != colIss {
			t.Errorf("%s: %d column headers marked, want %d", res.Report.Source, n, colIss)
		}
		if n := sel.Find(".banner").Length(); n != secIss {
			t.Errorf("%s: %d banners, want %d", res.Report.Source, n, secIss)
		}
		// Every link from the issue list lands on an element of the page.
		sel.Find("table.issues a.jump").Each(func(_ int, a *goquery.Selection) {
			id := strings.TrimPrefix(a.AttrOr("href", ""), "#")
			if doc.Find(`[id="`+id+`"]`).Length() != 1 {
				t.Errorf("%s: link to #%s has no target", res.Report.Source, id)
			}
		})
	}
}

// The grid is the form's: every drawn table has the form's rows, each with its columns.
func TestGridShapeAndFlags(t *testing.T) {
	e := loadOne(t, "../parser/testdata/html/i_2021_units_fullwidth.html")
	doc, _ := render(t, []Entry{e}, Options{})
	req := doc.Find(`section[data-section="requests"] table.grid tr[data-row]`)
	if req.Length() != 25 {
		t.Errorf("table 三 of the 2021 form: %d rows, want 25", req.Length())
	}
	req.Each(func(_ int, r *goquery.Selection) {
		if n := r.Find("td").Length(); n != 7 {
			t.Errorf("row %s: %d cells, want 7", r.AttrOr("data-row", ""), n)
		}
	})
	if n := doc.Find(`section[data-section="appeals"] table.grid td`).Length(); n != 15 {
		t.Errorf("table 四: %d cells, want 15", n)
	}
	flagged := map[string]int{}
	for _, c := range e.Result.Cells {
		for _, f := range c.Flags {
			if flagsShown[f] {
				flagged[f]++
			}
		}
	}
	if len(flagged) == 0 {
		t.Fatal("fixture i has no blank/dash/none cells: the test checks nothing")
	}
	for f, n := range flagged {
		if got := doc.Find("td.fl-" + f).Length(); got != n {
			t.Errorf("flag %s: %d cells marked, want %d", f, got, n)
		}
	}
	// Official labels, not codes, head the grid.
	if !strings.Contains(doc.Find(`section[data-section="active"]`).Text(), "本年收费金额") {
		t.Error("table 二 lacks the official label 本年收费金额")
	}
}

// Spam spans are shown with the text around them, and the mirror is marked in index and summary.
func TestSuspectMirror(t *testing.T) {
	e := loadOne(t, "../testdata/corpus/jinfeng-2022-pipe.txt")
	if len(e.Spam) != 1 {
		t.Fatalf("%d spam excerpts, want 1", len(e.Spam))
	}
	x := e.Spam[0]
	if x.Text != "中国竞彩网_明升体育-【唯一app官网】" || x.Before == "" || x.After == "" {
		t.Errorf("excerpt %+v: want the spam with text on both sides", x)
	}
	doc, _ := render(t, []Entry{e}, Options{})
	if got := doc.Find(".mirrorbox mark").Text(); got != x.Text {
		t.Errorf("marked spam %q", got)
	}
	if doc.Find("#index tr.ix .badge.mirror").Length() != 1 {
		t.Error("index does not mark the suspect mirror")
	}
	if !strings.Contains(doc.Find("header .totals").Text(), "suspect mirror 1") {
		t.Errorf("summary: %q", doc.Find("header .totals").Text())
	}
}

// Page text is hostile: nothing from a page may become markup, script or a javascript: link.
func TestHostilePageIsEscaped(t *testing.T) {
	evil := `<script>alert(1)</script>"><img src=x onerror=alert(2)>`
	res := &parser.Result{
		Report: parser.Report{ID: `x" onmouseover="alert(3)`, Title: evil, Agency: evil, Year: 2022, Form: "2021",
			Source: evil, URL: "javascript:alert(4)", Status: "errors", Mirror: true,
			Region: parser.Region{Province: evil}},
		Cells: []parser.Cell{{Section: "requests", Row: "received", Col: "total", Raw: evil, Flags: []string{parser.FlagTextInNumber}}},
		Issues: []parser.Issue{
			{Rule: "value.text_in_number", Severity: parser.SeverityWarning, Section: "requests", Row: "received", Col: "total", Message: evil, Expected: evil, Actual: evil},
			{Rule: "content.spam", Severity: parser.SeverityWarning, Message: evil, Actual: evil, Span: &parser.Span{Start: 0, End: len(evil), Text: evil}},
			{Rule: evil, Severity: parser.SeverityError, Section: evil, Message: evil},
		},
	}
	e := NewEntry(res, []byte(evil+" tail"), parser.Source{Name: evil})
	e.Archive = "javascript:alert(5)"
	doc, out := render(t, []Entry{e}, Options{})
	if n := doc.Find("script").Length(); n != 1 {
		t.Errorf("%d script elements, want only the page's own", n)
	}
	if n := doc.Find("img").Length(); n != 0 {
		t.Errorf("%d img elements injected", n)
	}
	doc.Find("[href]").Each(func(_ int, s *goquery.Selection) {
		if strings.HasPrefix(strings.ToLower(strings.TrimSpace(s.AttrOr("href", ""))), "javascript:") {
			t.Errorf("javascript: link %q", s.AttrOr("href", ""))
		}
	})
	doc.Find("*").Each(func(_ int, s *goquery.Selection) {
		for _, a := range s.Nodes[0].Attr {
			if strings.HasPrefix(a.Key, "on") {
				t.Errorf("event handler attribute %s=%q", a.Key, a.Val)
			}
		}
	})
	if bytes.Contains(out, []byte("<script>alert")) {
		t.Error("raw script text in the output")
	}
	if n := doc.Find("td.hl").Length(); n != 1 {
		t.Errorf("%d highlighted cells, want 1", n)
	}
}

// The same reports give the same bytes, whatever order they were read in.
func TestDeterministic(t *testing.T) {
	a := loadAll(t)
	b := loadAll(t)
	rand.New(rand.NewSource(1)).Shuffle(len(b), func(i, j int) { b[i], b[j] = b[j], b[i] })
	_, outA := render(t, a, Options{})
	_, outB := render(t, b, Options{})
	if !bytes.Equal(outA, outB) {
		t.Fatal("output depends on input order")
	}
}

func TestNeverFailsOnOddResults(t *testing.T) {
	odd := []*parser.Result{
		{}, // nothing at all
		{Report: parser.Report{Form: "1999", Status: "weird"}, Cells: []parser.Cell{{Section: "x"}}, Issues: []parser.Issue{{Section: "x", Row: "y", Col: "z"}}},
		{Report: parser.Report{Form: "2021"}, Issues: []parser.Issue{{Rule: "content.spam", Span: &parser.Span{Start: 5, End: 2, Text: "zz"}}}},
	}
	var entries []Entry
	for _, r := range odd {
		entries = append(entries, NewEntry(r, []byte("abc"), parser.Source{}))
	}
	var buf bytes.Buffer
	if err := WriteHTML(&buf, entries, Options{}); err != nil {
		t.Fatal(err)
	}
	if err := Summarize(entries).WriteText(&buf); err != nil {
		t.Fatal(err)
	}
}
