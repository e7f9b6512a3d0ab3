package parser

import (
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/govreports/govreports/schemas"
)

// shanghaiPublished is every cell of the real 上海市人民政府办公厅 2025 report, written out by hand
// from its text (testdata/corpus/extracted), not from the parser's output. 第(一)项: the rows print
// 制发 and 现行有效 (22 | 235, 34 | 189); the repealed counts stand above the table with their
// notes (22（其中修订 16 件）, 55（含自然失效 29 件）), as corpus/README.md gives the published
// values. Table 三's rows whose labels the extraction printed apart from their values
// (要求行政机关确认…: the line of zeros; 申请人无正当理由逾期不补正…: the row under "行政机关不再处理其政府信
// 息公"; 申请人逾期未按收费通知要求缴纳费用…: the row under "缴纳费用、") are the only readings under which
// every identity of the form holds (natural persons: 1139 = 1099 + 40 + 0 + 0).
var shanghaiPublished = map[string][]float64{
	"active.rules":          {22, 22, 235},
	"active.normative_docs": {34, 55, 189},
	"active.licensing":      {0}, "active.penalties": {0}, "active.enforcement": {0}, "active.fees": {0},

	"requests.received":                             {1259, 36, 0, 0, 0, 0, 1295},
	"requests.carried_in":                           {170, 15, 0, 0, 4, 0, 189},
	"requests.result.disclosed":                     {201, 5, 0, 0, 0, 0, 206},
	"requests.result.partial":                       {2, 0, 0, 0, 0, 0, 2},
	"requests.result.withheld.state_secret":         {4, 0, 0, 0, 0, 0, 4},
	"requests.result.withheld.prohibited_by_law":    {0, 0, 0, 0, 0, 0, 0},
	"requests.result.withheld.security_stability":   {1, 0, 0, 0, 0, 0, 1},
	"requests.result.withheld.third_party":          {0, 0, 0, 0, 0, 0, 0},
	"requests.result.withheld.internal_affairs":     {8, 0, 0, 0, 1, 0, 9},
	"requests.result.withheld.process_info":         {1, 0, 0, 0, 0, 0, 1},
	"requests.result.withheld.enforcement_files":    {0, 0, 0, 0, 0, 0, 0},
	"requests.result.withheld.query_matters":        {5, 0, 0, 0, 0, 0, 5},
	"requests.result.unavailable.not_held":          {484, 28, 0, 0, 1, 0, 513},
	"requests.result.unavailable.needs_creation":    {47, 1, 0, 0, 0, 0, 48},
	"requests.result.unavailable.unclear":           {3, 0, 0, 0, 0, 0, 3},
	"requests.result.not_processed.complaint":       {61, 1, 0, 0, 0, 0, 62},
	"requests.result.not_processed.duplicate":       {16, 0, 0, 0, 0, 0, 16},
	"requests.result.not_processed.publication":     {1, 0, 0, 0, 0, 0, 1},
	"requests.result.not_processed.mass_repeat":     {1, 0, 0, 0, 0, 0, 1},
	"requests.result.not_processed.confirm_reissue": {0, 0, 0, 0, 0, 0, 0},
	"requests.result.other.no_correction":           {40, 1, 0, 0, 2, 0, 43},
	"requests.result.other.fee_unpaid":              {0, 0, 0, 0, 0, 0, 0},
	"requests.result.other.other":                   {264, 12, 0, 0, 0, 0, 276},
	"requests.result.total":                         {1139, 48, 0, 0, 4, 0, 1191},
	"requests.carried_out":                          {290, 3, 0, 0, 0, 0, 293},

	"appeals.all": {40, 0, 10, 5, 55, 2, 0, 4, 6, 12, 6, 0, 9, 7, 22},
}

// expandPublished turns a table of row → values (in the form's column order) into
// "section.row.col" → value.
func expandPublished(t *testing.T, form string, rows map[string][]float64) map[string]float64 {
	t.Helper()
	f := mustForm(t, form)
	out := map[string]float64{}
	for k, vals := range rows {
		sec, row, _ := strings.Cut(k, ".")
		s := f.Section(sec)
		if s == nil {
			t.Fatalf("%s: no section %s", k, sec)
		}
		cols := s.ColumnsOf(row)
		if len(cols) != len(vals) {
			t.Fatalf("%s: %d values for %d columns", k, len(vals), len(cols))
		}
		for i, c := range cols {
			out[k+"."+c.Code] = vals[i]
		}
	}
	return out
}

// TestShanghaiExtraction: the real extraction parses to every published cell, its title, agency,
// year and form, with no error.
func TestShanghaiExtraction(t *testing.T) {
	data, src := readCorpusFile(t, "../testdata/corpus/extracted/shanghai_office_2025_pdf_extract.md")
	res, err := Parse(data, src)
	if err != nil {
		t.Fatal(err)
	}
	r := res.Report
	if r.Title != "2025年上海市人民政府办公厅政府信息公开工作年度报告" || r.Agency != "上海市人民政府办公厅" || r.Year != 2025 || r.Form != "2021" {
		t.Errorf("report: title %q agency %q year %d form %q", r.Title, r.Agency, r.Year, r.Form)
	}
	want := expandPublished(t, "2021", shanghaiPublished)
	if len(want) != 200 {
		t.Fatalf("expected table has %d cells, want 200", len(want))
	}
	got := cellValues(res)
	var diffs []string
	for k, v := range want {
		if got[k] != fmtNum(v) {
			diffs = append(diffs, k+": got "+got[k]+", want "+fmtNum(v))
		}
	}
	sort.Strings(diffs)
	for _, d := range diffs {
		t.Error(d)
	}
	if len(res.Cells) != len(want) {
		t.Errorf("%d cells, want %d", len(res.Cells), len(want))
	}
	for _, i := range res.Issues {
		if i.Severity == SeverityError {
			t.Errorf("error issue %s %s.%s.%s: %s", i.Rule, i.Section, i.Row, i.Col, i.Message)
		}
	}
}

// TestNoValueInWrongCell: across every fixture with known values (the made fixtures' sidecars and
// the real pages with published tables), no cell holds a value other than its own. A cell the
// parser cannot place stays NULL with a flag; a wrong number in a cell is never acceptable,
// complete reading or not.
func TestNoValueInWrongCell(t *testing.T) {
	type known struct {
		name, path string
		want       map[string]float64 // section.row.col → value; a key absent means NULL
	}
	var all []known
	for _, f := range loadHTMLFixtures(t) {
		dir := "html"
		if filepath.Ext(f.Fixture) == ".txt" {
			dir = "text"
		}
		w := map[string]float64{}
		for _, c := range f.Cells {
			if c.Value != nil {
				w[c.Section+"."+c.Row+"."+c.Col] = *c.Value
			}
		}
		all = append(all, known{f.Fixture, filepath.Join("testdata", dir, f.Fixture), w})
	}
	all = append(all, known{"shanghai (real)", "../testdata/corpus/extracted/shanghai_office_2025_pdf_extract.md", expandPublished(t, "2021", shanghaiPublished)})
	if len(all) < 35 {
		t.Fatalf("only %d fixtures with known values", len(all))
	}
	for _, k := range all {
		data, src := readCorpusFile(t, k.path)
		if strings.HasSuffix(k.path, ".html") {
			src.ContentType = "text/html"
		}
		res, err := Parse(data, src)
		if err != nil {
			t.Errorf("%s: %v", k.name, err)
			continue
		}
		for _, c := range res.Cells {
			if c.Value == nil {
				continue
			}
			key := c.Section + "." + c.Row + "." + c.Col
			w, ok := k.want[key]
			if !ok || w != *c.Value {
				t.Errorf("%s: %s holds %s (raw %q), where the fixture has %s", k.name, key, fmtNum(*c.Value), c.Raw, wantText(w, ok))
			}
		}
	}
}

func wantText(v float64, ok bool) string {
	if !ok {
		return "NULL"
	}
	return fmtNum(v)
}

func mustForm(t *testing.T, version string) *schemas.Form {
	t.Helper()
	f, err := schemas.FormByVersion(version)
	if err != nil {
		t.Fatal(err)
	}
	return f
}

// TestExtractedLayoutsShortRows: a row with fewer values than columns is NULL throughout,
// flagged unplaced, with an issue, when nothing decides (fixture x: zeros, which every placement
// fits); placed when the identities admit one placement only (fixture y).
func TestExtractedLayoutsShortRows(t *testing.T) {
	tests := []struct {
		fixture, row string
		want         map[string]string // col → value ("null")
		flag         map[string]string // col → flag
		rule         string
	}{
		{"x_2021_md_headings_pieces.txt", "result.withheld.state_secret",
			map[string]string{"natural_person": "null", "business": "null", "total": "null"},
			map[string]string{"natural_person": FlagUnplaced, "total": FlagUnplaced}, "table.values_unplaced"},
		{"y_2021_pdf_extract_county.txt", "result.withheld.third_party",
			map[string]string{"natural_person": "null", "business": "1", "research": "0", "other_org": "0", "total": "1"},
			map[string]string{"natural_person": FlagMissing, "business": FlagPlacedByIdentity, "total": FlagPlacedByIdentity}, "table.values_placed_by_identity"},
	}
	for _, tt := range tests {
		res, err := Parse(readFixture(t, tt.fixture), Source{Name: tt.fixture})
		if err != nil {
			t.Fatal(err)
		}
		got := cellValues(res)
		for col, v := range tt.want {
			if k := "requests." + tt.row + "." + col; got[k] != v {
				t.Errorf("%s: %s = %s, want %s", tt.fixture, k, got[k], v)
			}
		}
		for _, c := range res.Cells {
			if f, ok := tt.flag[c.Col]; ok && c.Row == tt.row && !hasFlag(&c, f) {
				t.Errorf("%s: %s.%s flags %v, want %s", tt.fixture, c.Row, c.Col, c.Flags, f)
			}
		}
		found := false
		for _, i := range res.Issues {
			found = found || (i.Rule == tt.rule && i.Row == tt.row)
		}
		if !found {
			t.Errorf("%s: no %s issue on %s", tt.fixture, tt.rule, tt.row)
		}
	}
}

// TestExtractedVariants rewrites the real Shanghai extraction and the made fixtures x and y the
// ways other extraction tools differ (no markdown rules, no page marks, no blank lines, CRLF,
// markdown headings added or removed, notes glued to their numbers, no notes at all) and checks
// that no value lands in a wrong cell, and that only the variant without notes loses cells (the
// repealed counts, then unplaced).
func TestExtractedVariants(t *testing.T) {
	reRule := regexp.MustCompile(`(?m)^\|(?:\s*-+\s*\|)+\s*\n`)
	rePage := regexp.MustCompile(`(?m)^— \d+ —\n`)
	reHash := regexp.MustCompile(`(?m)^#+ `)
	reNote := regexp.MustCompile(`(?m)^（(?:其中修订|含自然失效)[^\n]*\n`)
	variants := []struct {
		name  string
		edit  func(string) string
		loses int // cells that turn NULL in an input with notes
	}{
		{"as published", func(s string) string { return s }, 0},
		{"no markdown rules", func(s string) string { return reRule.ReplaceAllString(s, "") }, 0},
		{"no page marks", func(s string) string { return rePage.ReplaceAllString(s, "") }, 0},
		{"no blank lines", func(s string) string { return strings.ReplaceAll(s, "\n\n", "\n") }, 0},
		{"CRLF", func(s string) string { return strings.ReplaceAll(s, "\n", "\r\n") }, 0},
		{"no heading marks", func(s string) string { return reHash.ReplaceAllString(s, "") }, 0},
		{"headings marked", func(s string) string {
			for _, h := range []string{"二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况", "四、政府信息公开行政复议、行政诉讼情况"} {
				s = strings.Replace(s, "\n"+h+"\n", "\n## "+h+"\n", 1)
			}
			return s
		}, 0},
		{"notes glued to their numbers", func(s string) string {
			return regexp.MustCompile(`(?m)^(\d+)\n(（(?:其中修订|含自然失效)[^\n]*)$`).ReplaceAllString(s, "$1$2")
		}, 0},
		{"no notes", func(s string) string { return reNote.ReplaceAllString(s, "") }, 6},
	}
	inputs := []struct {
		name, path string
		want       map[string]float64
	}{
		{"shanghai", "../testdata/corpus/extracted/shanghai_office_2025_pdf_extract.md", expandPublished(t, "2021", shanghaiPublished)},
	}
	for _, f := range loadHTMLFixtures(t) {
		if strings.HasPrefix(f.Fixture, "x_") || strings.HasPrefix(f.Fixture, "y_") {
			w := map[string]float64{}
			for _, c := range f.Cells {
				if c.Value != nil {
					w[c.Section+"."+c.Row+"."+c.Col] = *c.Value
				}
			}
			inputs = append(inputs, struct {
				name, path string
				want       map[string]float64
			}{f.Fixture, filepath.Join("testdata", "text", f.Fixture), w})
		}
	}
	if len(inputs) != 3 {
		t.Fatalf("%d inputs, want shanghai, x and y", len(inputs))
	}
	for _, in := range inputs {
		data, src := readCorpusFile(t, in.path)
		for _, v := range variants {
			res, err := Parse([]byte(v.edit(string(data))), src)
			if err != nil {
				t.Errorf("%s / %s: %v", in.name, v.name, err)
				continue
			}
			right := 0
			for _, c := range res.Cells {
				if c.Value == nil {
					continue
				}
				k := c.Section + "." + c.Row + "." + c.Col
				if w, ok := in.want[k]; !ok || w != *c.Value {
					t.Errorf("%s / %s: %s holds %s, where it has %s", in.name, v.name, k, fmtNum(*c.Value), wantText(w, ok))
					continue
				}
				right++
			}
			lost := 0
			if reNote.Match(data) {
				lost = v.loses // the inputs that state 第（一）项's repealed counts with notes
			}
			if right != len(in.want)-lost {
				t.Errorf("%s / %s: %d cells right, want %d", in.name, v.name, right, len(in.want)-lost)
			}
		}
	}
}
