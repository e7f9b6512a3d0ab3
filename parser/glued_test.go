package parser

import (
	"fmt"
	"math/rand"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/govreports/govreports/schemas"
)

// pingtanCells is every cell of the real glued dump testdata/corpus/glued/pingtan_2022_glued.txt
// as the page publishes it, row by row, with the reason its split is the only one possible.
var pingtanCells = []struct {
	row, values, why string
	split            bool // the cells come out of a run split by the constraints
}{
	{"active.rules", "0 0 0", "run 000 into three cells: 0|0|0 is the only split without a leading zero", true},
	{"active.normative_docs", "88 55 698", "run 8855698 splits 15 ways without leading zeros; the prose states 现行有效行政规范性文件698件 and 本年度制发的规范性文件88件, and 88|55|698 alone agrees with both", true},
	{"active.licensing", "10690", "one column: the run 10690 whole", false},
	{"active.penalties", "2113", "one column: the run 2113 whole", false},
	{"active.enforcement", "0", "one column", false},
	{"active.fees", "9116.36", "one money column", false},
	{"requests.received", "71 3 0 0 0 0 74", "713000074: the only split whose 总计 (74) is the sum of the six applicant columns", true},
	{"requests.carried_in", "1 0 0 0 0 0 1", "1000001: seven digits for seven cells", true},
	{"requests.result.disclosed", "21 0 0 0 0 0 21", "210000021: 2|1|…|021 has a leading zero, 2|10|…|21 does not add up", true},
	{"requests.result.partial", "8 1 0 0 0 0 9", "8100009: seven digits for seven cells", true},
	{"requests.result.withheld.state_secret", "0 0 0 0 0 0 0", "00000002.其他…: the 2 before the stop is the next row's ordinal", true},
	{"requests.result.withheld.prohibited_by_law", "0 0 0 0 0 0 0", "00000003.危及…: 3 is the next row's ordinal", true},
	{"requests.result.withheld.security_stability", "0 0 0 0 0 0 0", "seven zeros", true},
	{"requests.result.withheld.third_party", "0 0 0 0 0 0 0", "seven zeros", true},
	{"requests.result.withheld.internal_affairs", "1 0 0 0 0 0 1", "seven digits", true},
	{"requests.result.withheld.process_info", "2 0 0 0 0 0 2", "seven digits", true},
	{"requests.result.withheld.enforcement_files", "1 0 0 0 0 0 1", "seven digits", true},
	{"requests.result.withheld.query_matters", "0 0 0 0 0 0 0", "seven zeros", true},
	{"requests.result.unavailable.not_held", "37 0 0 0 0 0 37", "3700000372.没有…: the 2 is the next row's ordinal; 370000037 adds up only as 37|0|0|0|0|0|37", true},
	{"requests.result.unavailable.needs_creation", "0 0 0 0 0 0 0", "seven zeros", true},
	{"requests.result.unavailable.unclear", "0 0 0 0 0 0 0", "seven zeros", true},
	{"requests.result.not_processed.complaint", "0 0 0 0 0 0 0", "seven zeros", true},
	{"requests.result.not_processed.duplicate", "0 0 0 0 0 0 0", "seven zeros", true},
	{"requests.result.not_processed.publication", "0 0 0 0 0 0 0", "seven zeros", true},
	{"requests.result.not_processed.mass_repeat", "0 0 0 0 0 0 0", "seven zeros", true},
	{"requests.result.not_processed.confirm_reissue", "0 0 0 0 0 0 0", "seven zeros", true},
	{"requests.result.other.no_correction", "2 0 0 0 0 0 2", "20000022.申请人逾期…: the last 2 is the next row's ordinal", true},
	{"requests.result.other.fee_unpaid", "0 0 0 0 0 0 0", "00000003.其他: 3 is the next row's ordinal", true},
	{"requests.result.other.other", "0 2 0 0 0 0 2", "0200002: seven digits", true},
	{"requests.result.total", "72 3 0 0 0 0 75", "723000075: the only split that adds up (and the result rows add up to it)", true},
	{"requests.carried_out", "0 0 0 0 0 0 0", "seven zeros", true},
	{"appeals.all", "0 1 1 0 2 1 0 0 0 1 0 0 0 0 0", "separated by spaces in the dump: one figure per cell", false},
}

func TestGluedPingtan(t *testing.T) {
	data, src := readCorpusFile(t, "../testdata/corpus/glued/pingtan_2022_glued.txt")
	res, err := Parse(data, src)
	if err != nil {
		t.Fatal(err)
	}
	if res.Report.InputFormat != "glued" || res.Report.Form != "2021" || res.Report.Status != "clean" {
		t.Errorf("report: format %s form %s status %s", res.Report.InputFormat, res.Report.Form, res.Report.Status)
	}
	byKey := map[string]Cell{}
	for _, c := range res.Cells {
		byKey[c.Section+"."+c.Row+"."+c.Col] = c
	}
	forms := schemas.MustForms()
	form := forms[len(forms)-1]
	n := 0
	for _, want := range pingtanCells {
		sec, row, _ := strings.Cut(want.row, ".")
		cols := form.Section(sec).ColumnsOf(row)
		vals := strings.Fields(want.values)
		if len(vals) != len(cols) {
			t.Fatalf("%s: table lists %d values for %d columns", want.row, len(vals), len(cols))
		}
		for i, c := range cols {
			n++
			got, ok := byKey[want.row+"."+c.Code]
			if !ok || got.Value == nil || fmtNum(*got.Value) != vals[i] {
				t.Errorf("%s.%s = %v, want %s (%s)", want.row, c.Code, gluedCellText(got), vals[i], want.why)
				continue
			}
			if slices.Contains(got.Flags, FlagSplitByIdentity) != want.split {
				t.Errorf("%s.%s flags %v: split_by_identity expected %v", want.row, c.Code, got.Flags, want.split)
			}
		}
	}
	if n != len(res.Cells) || n != 200 {
		t.Errorf("checked %d cells of %d", n, len(res.Cells))
	}
	var rules []string
	for _, i := range res.Issues {
		rules = append(rules, i.Rule)
	}
	if !slices.Equal(rules, []string{"input.glued"}) {
		t.Errorf("issues %v, want only input.glued", rules)
	}
}

func gluedCellText(c Cell) string {
	if c.Value == nil {
		return fmt.Sprintf("NULL %v", c.Flags)
	}
	return fmtNum(*c.Value)
}

// gluedOutcome counts, over a parse of a made dump, the cells right, wrong (a value that is not
// the known one) and NULL.
type gluedOutcome struct{ right, wrong, null, total int }

func compareKnown(t *testing.T, name string, res *Result, known map[string]float64) gluedOutcome {
	t.Helper()
	var o gluedOutcome
	for _, c := range res.Cells {
		want, ok := known[c.Section+"."+c.Row+"."+c.Col]
		if !ok {
			continue
		}
		o.total++
		switch {
		case c.Value == nil:
			o.null++
			if !slices.Contains(c.Flags, FlagAmbiguousSplit) && !slices.Contains(c.Flags, FlagSplitFailed) {
				t.Errorf("%s: %s.%s.%s NULL with flags %v", name, c.Section, c.Row, c.Col, c.Flags)
			}
		case *c.Value == want:
			o.right++
		default:
			o.wrong++
			t.Errorf("%s: %s.%s.%s = %s (raw %q, %v), the table has %s", name, c.Section, c.Row, c.Col, fmtNum(*c.Value), c.Raw, c.Flags, fmtNum(want))
		}
	}
	return o
}

var gluedStyles = []gluedStyle{
	{labelSpace: true, headerSpace: true, prose: true},
	{labelSpace: false, headerSpace: false, appealsRun: true},
	{labelSpace: true, headerSpace: false, appealsRun: true, prose: true},
	{labelSpace: false, headerSpace: true},
	{labelSpace: true, headerSpace: true, spaced: true},
	{tight: true, appealsRun: true, prose: true},
}

// TestGluedMadeFromFixtures glues the cells of the made fixtures whose every cell is known (the
// sidecars' values) and reads them back: no cell may come out with another value, and the
// fixtures whose identities hold are read whole.
func TestGluedMadeFromFixtures(t *testing.T) {
	seen := map[string]bool{}
	for _, fx := range loadHTMLFixtures(t) {
		known := map[string]float64{}
		texts := map[string]string{}
		complete := true
		for _, c := range fx.Cells {
			if c.Value == nil {
				complete = false
				break
			}
			k := c.Section + "." + c.Row + "." + c.Col
			known[k] = *c.Value
			texts[k] = fmtNum(*c.Value)
			if *c.Value > 0 && strings.HasSuffix(c.Col, "items_change") {
				texts[k] = "+" + texts[k]
			}
		}
		sig := fmt.Sprint(known)
		if !complete || seen[sig] {
			continue // fixtures with blank cells cannot be glued: a blank leaves nothing in the run
		}
		seen[sig] = true
		form, err := schemas.FormByVersion(fx.Form)
		if err != nil {
			t.Fatal(err)
		}
		for si, st := range gluedStyles {
			name := fmt.Sprintf("%s/style%d", fx.Fixture, si)
			doc := gluedMade(form, fx.Title, texts, st)
			res, err := Parse([]byte(doc), Source{Name: name})
			if err != nil {
				t.Fatal(err)
			}
			if res.Report.InputFormat != "glued" || res.Report.Form != fx.Form {
				t.Fatalf("%s: read as %s, form %s", name, res.Report.InputFormat, res.Report.Form)
			}
			o := compareKnown(t, name, res, known)
			t.Logf("%s: %d of %d cells right, %d NULL", name, o.right, o.total, o.null)
			if o.total != len(fx.Cells) {
				t.Errorf("%s: %d cells read, fixture has %d", name, o.total, len(fx.Cells))
			}
			if st.spaced && o.right != o.total {
				t.Errorf("%s: cells separated by spaces: %d of %d right", name, o.right, o.total)
			}
			if !identitiesBroken(fx) && o.right*100 < o.total*90 {
				t.Errorf("%s: only %d of %d cells right", name, o.right, o.total)
			}
		}
	}
	if len(seen) < 3 {
		t.Errorf("only %d distinct complete fixtures glued", len(seen))
	}
}

// identitiesBroken: the fixture's page breaks identities on purpose (its sidecar expects them).
func identitiesBroken(fx htmlFixture) bool {
	for _, i := range fx.Issues {
		if strings.HasPrefix(i.Rule, "identity.") || i.Rule == "table.shifted_values" {
			return true
		}
	}
	return false
}

// TestGluedMadeRandom reads back glued dumps of random tables of both forms that keep every
// identity, from a town's few requests to a city's thousands: no wrong cell, and nearly all
// cells read (table 二 has no identities: its runs stay ambiguous more often).
func TestGluedMadeRandom(t *testing.T) {
	for _, f := range schemas.MustForms() {
		for _, scale := range []int{3, 20, 150, 1500} {
			rng := rand.New(rand.NewSource(int64(scale)))
			var sum gluedOutcome
			for i := 0; i < 8; i++ {
				known := madeTable(f, rng, scale)
				st := gluedStyles[i%len(gluedStyles)]
				name := fmt.Sprintf("form%s/scale%d/%d", f.Version, scale, i)
				res, err := Parse([]byte(gluedMade(f, "示例县2022年政府信息公开工作年度报告", cellTexts(known), st)), Source{Name: name})
				if err != nil {
					t.Fatal(err)
				}
				o := compareKnown(t, name, res, known)
				sum.right += o.right
				sum.null += o.null
				sum.total += o.total
				sum.wrong += o.wrong
			}
			t.Logf("form %s scale %d: %d of %d cells right, %d NULL", f.Version, scale, sum.right, sum.total, sum.null)
			if sum.right*100 < sum.total*90 {
				t.Errorf("form %s scale %d: only %d of %d cells right", f.Version, scale, sum.right, sum.total)
			}
		}
	}
}

// gluedKnown is the pingtan table as the parser must read it, for made variants of it.
func pingtanKnown(t *testing.T) (map[string]float64, map[string]string) {
	form, _ := schemas.FormByVersion("2021")
	known := map[string]float64{}
	texts := map[string]string{}
	for _, want := range pingtanCells {
		sec, row, _ := strings.Cut(want.row, ".")
		for i, c := range form.Section(sec).ColumnsOf(row) {
			v := strings.Fields(want.values)[i]
			k := want.row + "." + c.Code
			texts[k] = v
			var x float64
			if _, err := fmt.Sscan(v, &x); err != nil {
				t.Fatal(err)
			}
			known[k] = x
		}
	}
	return known, texts
}

// TestGluedAmbiguous: dumps built so that the constraints allow several splits. The cells the
// splits disagree on are NULL (ambiguous_split), one issue lists the splits, and nothing is
// guessed; the cells they agree on keep their values.
func TestGluedAmbiguous(t *testing.T) {
	form, _ := schemas.FormByVersion("2021")
	t.Run("no prose", func(t *testing.T) {
		// Without the prose's 698 and 88, 8855698 splits 15 ways.
		known, texts := pingtanKnown(t)
		res, err := Parse([]byte(gluedMade(form, "示例县2022年政府信息公开工作年度报告", texts, gluedStyle{labelSpace: true, headerSpace: true})), Source{Name: "made"})
		if err != nil {
			t.Fatal(err)
		}
		compareKnown(t, "no prose", res, known)
		iss := findIssue(res, "split.ambiguous", "normative_docs")
		if iss == nil || !strings.Contains(iss.Actual, "88 55 698") || !strings.Contains(iss.Actual, "8 8 55698") {
			t.Fatalf("no split.ambiguous issue listing the candidates: %+v", iss)
		}
		for _, c := range res.Cells {
			if c.Row == "normative_docs" && (c.Value != nil || !slices.Contains(c.Flags, FlagAmbiguousSplit)) {
				t.Errorf("%s: %v %v, want NULL ambiguous_split", c.Col, gluedCellText(c), c.Flags)
			}
		}
	})
	t.Run("two rows that can trade places", func(t *testing.T) {
		// 予以公开 11|0|…|11 and 属于三类内部事务信息 1|10|…|11 glue to the same run, 110000011;
		// either may be the other, and every identity holds both ways: their first two columns
		// are NULL, their others (all 0, and 总计 11) are decided.
		known, texts := pingtanKnown(t)
		set := func(row string, vals ...float64) {
			for i, c := range form.Section("requests").Columns {
				k := "requests." + row + "." + c.Code
				known[k] = vals[i]
				texts[k] = fmtNum(vals[i])
			}
		}
		set("result.disclosed", 11, 0, 0, 0, 0, 0, 11)
		set("result.withheld.internal_affairs", 1, 10, 0, 0, 0, 0, 11)
		// Keep the balance and the result total: the result rows now add up to 72+10-21+... so
		// adjust received and the result total to what the results add up to.
		sum := map[string]float64{}
		for k, v := range known {
			if strings.HasPrefix(k, "requests.result.") && !strings.HasPrefix(k, "requests.result.total.") {
				sum[k[strings.LastIndexByte(k, '.')+1:]] += v
			}
		}
		for _, c := range form.Section("requests").Columns {
			for _, row := range []string{"result.total", "received"} {
				k := "requests." + row + "." + c.Code
				x := sum[c.Code]
				if row == "received" {
					x -= known["requests.carried_in."+c.Code] - known["requests.carried_out."+c.Code]
				}
				known[k] = x
				texts[k] = fmtNum(x)
			}
		}
		res, err := Parse([]byte(gluedMade(form, "示例县2022年政府信息公开工作年度报告", texts, gluedStyle{labelSpace: true, headerSpace: true, prose: true})), Source{Name: "made"})
		if err != nil {
			t.Fatal(err)
		}
		o := compareKnown(t, "swap", res, known)
		if o.null != 4 {
			t.Errorf("%d NULL cells, want 4 (two columns of two rows)", o.null)
		}
		for _, row := range []string{"result.disclosed", "result.withheld.internal_affairs"} {
			if findIssue(res, "split.ambiguous", row) == nil {
				t.Errorf("no split.ambiguous issue for %s", row)
			}
		}
	})
}

// TestGluedInconsistent: a run no split fits (a cell left blank leaves the row a digit short)
// gives an error issue with the raw run and NULL cells, never a value.
func TestGluedInconsistent(t *testing.T) {
	form, _ := schemas.FormByVersion("2021")
	known, texts := pingtanKnown(t)
	texts["requests.result.partial.business"] = "" // 8100009 → 800009: the row's 1 left blank
	delete(known, "requests.result.partial.business")
	res, err := Parse([]byte(gluedMade(form, "示例县2022年政府信息公开工作年度报告", texts, gluedStyle{labelSpace: true, headerSpace: true, prose: true})), Source{Name: "made"})
	if err != nil {
		t.Fatal(err)
	}
	iss := findIssue(res, "split.inconsistent", "result.partial")
	if iss == nil || iss.Severity != SeverityError || iss.Actual != "800009" {
		t.Fatalf("want an error split.inconsistent with the raw run 800009, got %+v", iss)
	}
	for _, c := range res.Cells {
		if c.Row == "result.partial" && (c.Value != nil || !slices.Contains(c.Flags, FlagSplitFailed)) {
			t.Errorf("result.partial.%s = %s %v, want NULL split_failed", c.Col, gluedCellText(c), c.Flags)
		}
	}
	compareKnown(t, "blank", res, known)
	if res.Report.Status != "errors" {
		t.Errorf("status %s", res.Report.Status)
	}
}

func findIssue(res *Result, rule, row string) *Issue {
	for i := range res.Issues {
		if res.Issues[i].Rule == rule && res.Issues[i].Row == row {
			return &res.Issues[i]
		}
	}
	return nil
}

// TestGluedOnlyGlued: no other page of the repository reads as a glued dump.
func TestGluedOnlyGlued(t *testing.T) {
	for _, path := range goldenInputs(t) {
		data, src := readCorpusFile(t, path)
		res, err := Parse(data, src)
		if err != nil {
			t.Fatal(err)
		}
		glued := filepath.Base(filepath.Dir(path)) == "glued"
		if (res.Report.InputFormat == "glued") != glued {
			t.Errorf("%s: read as %s", path, res.Report.InputFormat)
		}
	}
}

// TestSplitRow checks the row splitter on its own: kinds, identities and forced boundaries.
func TestSplitRow(t *testing.T) {
	form, _ := schemas.FormByVersion("2021")
	req := form.Section("requests")
	ids := rowIdentities(form, req, req.Columns)
	old, _ := schemas.FormByVersion("2019")
	lic := old.Section("active").ColumnsOf("licensing")
	for _, tc := range []struct {
		cols []schemas.Column
		ids  []rowIdentity
		runs []string
		want []string
	}{
		{req.Columns, ids, []string{"713000074"}, []string{"71 3 0 0 0 0 74"}},
		{req.Columns, ids, []string{"0000000"}, []string{"0 0 0 0 0 0 0"}},
		{req.Columns, ids, []string{"110000011"}, []string{"1 10 0 0 0 0 11", "11 0 0 0 0 0 11"}},
		{req.Columns, ids, []string{"11", "00000", "11"}, []string{"11 0 0 0 0 0 11"}}, // spaces in the run fix boundaries
		{req.Columns, ids, []string{"800009"}, nil},
		{lic, nil, []string{"5-38"}, []string{"5 - 38", "5 -3 8"}}, // - is a sign, or a dash cell
		{lic, nil, []string{"0+12"}, []string{"0 +1 2"}},
		{lic, nil, []string{"000"}, []string{"0 0 0"}},
		{lic, nil, []string{"0+113,2420"}, []string{"0 +113,242 0"}}, // a thousands separator belongs to one figure
	} {
		got, limit := splitRow(tc.cols, tc.runs, tc.ids)
		var gs []string
		for _, g := range got {
			gs = append(gs, strings.Join(g, " "))
		}
		slices.Sort(gs)
		if limit || !slices.Equal(gs, tc.want) {
			t.Errorf("splitRow(%v) = %v (limit %v), want %v", tc.runs, gs, limit, tc.want)
		}
	}
}

// TestSplitRowBounded: a run far longer than any row stops at the bound instead of searching.
func TestSplitRowBounded(t *testing.T) {
	form, _ := schemas.FormByVersion("2021")
	app := form.Section("appeals")
	ids := rowIdentities(form, app, app.Columns)
	if _, limit := splitRow(app.Columns, []string{strings.Repeat("123456789", 20)}, ids); !limit {
		t.Error("a 180-digit run was searched")
	}
	req := form.Section("requests")
	if _, limit := splitRow(req.Columns, []string{strings.Repeat("1", 30)}, nil); !limit {
		t.Error("a run with hundreds of thousands of splits was not cut off")
	}
}

// glueLines turns a pipe-delimited dump into a glued one, as an innerText-style dump of the same
// page writes it: the cells of the table lines run together with no separator, prose lines kept
// apart by a space. The result is MADE from the page (real labels, real layout of the rows).
func glueLines(doc string) string {
	var b strings.Builder
	prevTable := false
	for _, l := range strings.Split(doc, "\n") {
		if strings.HasPrefix(l, "#") {
			continue // a made fixture's note
		}
		if !strings.Contains(l, "|") {
			if t := strings.TrimSpace(l); t != "" {
				b.WriteString(" " + t + " ")
			}
			prevTable = false
			continue
		}
		for _, f := range strings.Split(l, "|") {
			b.WriteString(strings.TrimSpace(f))
		}
		prevTable = true
	}
	_ = prevTable
	return b.String()
}

// TestGluedFromRealLayouts glues the pipe dumps of the repository, the real pages among them
// (their labels and row layouts as published, 2019–2024, both forms), and reads them back: every
// cell the glued text yields agrees with the cell read from the separated text. A cell left blank
// leaves nothing in a glued run, so rows with blanks come out NULL, never as other figures.
func TestGluedFromRealLayouts(t *testing.T) {
	var files []string
	for _, pat := range []string{"../testdata/corpus/*.txt", "../testdata/corpus/partial/*.txt", "testdata/text/t0*.txt"} {
		m, _ := filepath.Glob(pat)
		files = append(files, m...)
	}
	var sum gluedOutcome
	for _, path := range files {
		data, src := readCorpusFile(t, path)
		if !strings.Contains(string(data), "|") {
			continue
		}
		plain, err := Parse(data, src)
		if err != nil {
			t.Fatal(err)
		}
		known := map[string]float64{}
		for _, c := range plain.Cells {
			if c.Value != nil && !hasFlag(&c, FlagShifted) {
				known[c.Section+"."+c.Row+"."+c.Col] = *c.Value
			}
		}
		glued := glueLines(string(data))
		res, err := Parse([]byte(glued), src)
		if err != nil {
			t.Fatal(err)
		}
		name := filepath.Base(path)
		o := compareKnownLoose(t, name, res, known)
		t.Logf("%s (%s): %d of %d cells right, %d NULL", name, res.Report.InputFormat, o.right, o.total, o.null)
		if complete(plain) && o.right*100 < o.total*90 {
			t.Errorf("%s: a complete page without blank cells, but only %d of %d cells right", name, o.right, o.total)
		}
		sum.right += o.right
		sum.total += o.total
		sum.null += o.null
	}
	t.Logf("all: %d of %d cells right, %d NULL", sum.right, sum.total, sum.null)
}

// compareKnownLoose is compareKnown for pages whose cells are known only where the separated
// text gives them: a NULL may have any flag, a value must be the known one.
func compareKnownLoose(t *testing.T, name string, res *Result, known map[string]float64) gluedOutcome {
	t.Helper()
	var o gluedOutcome
	for _, c := range res.Cells {
		want, ok := known[c.Section+"."+c.Row+"."+c.Col]
		switch {
		case !ok:
			if c.Value != nil && hasFlag(&c, FlagSplitByIdentity) {
				t.Errorf("%s: %s.%s.%s = %s split from a run, but the separated text has no figure there", name, c.Section, c.Row, c.Col, fmtNum(*c.Value))
			}
			continue
		case c.Value == nil:
			o.null++
		case *c.Value == want:
			o.right++
		default:
			t.Errorf("%s: %s.%s.%s = %s (raw %q, %v), the separated text has %s", name, c.Section, c.Row, c.Col, fmtNum(*c.Value), c.Raw, c.Flags, fmtNum(want))
		}
		o.total++
	}
	return o
}

// TestTableSolverBounded: a table whose rows can be chosen in two million ways, none of which
// satisfies its identity (even figures cannot add up to an odd total, which the bounds on each
// row's figures do not show), stops at the bound and keeps every candidate: nothing is excluded
// without proof.
func TestTableSolverBounded(t *testing.T) {
	form, _ := schemas.FormByVersion("2021")
	cols := form.Section("requests").Columns[:1]
	var vars []*gluedRow
	cc := colConstraint{rule: "made", konst: -21}
	doms := make([][]int, 21)
	for v := range 21 {
		vars = append(vars, &gluedRow{cols: cols, cands: []split{{"0"}, {"2"}}})
		cc.terms = append(cc.terms, colTerm{v: v, col: 0, sign: 1})
		doms[v] = []int{0, 1}
	}
	ts := &tableSolver{vars: vars, cons: []colConstraint{cc}}
	keep, status := ts.supported(doms)
	if status != solveLimit || ts.nodes <= solveNodesMax {
		t.Fatalf("status %v after %d nodes, want the bound", status, ts.nodes)
	}
	for v := range keep {
		if len(keep[v]) != 2 {
			t.Fatalf("row %d: candidates %v dropped without proof", v, keep[v])
		}
	}
}

// complete: every cell of the form is on the page with a figure (no blank, no cut-off row).
func complete(res *Result) bool {
	if len(res.Cells) < 198 {
		return false
	}
	for _, c := range res.Cells {
		if c.Value == nil {
			return false
		}
	}
	return true
}

// TestGluedCaptionYear: a year in a table's caption ("（2022年度）") is no cell of table 四.
func TestGluedCaptionYear(t *testing.T) {
	known, texts := pingtanKnown(t)
	form, _ := schemas.FormByVersion("2021")
	doc := gluedMade(form, "示例县2022年政府信息公开工作年度报告", texts, gluedStyle{labelSpace: true, headerSpace: true, prose: true})
	doc = strings.Replace(doc, "四、政府信息公开行政复议、行政诉讼情况", "四、政府信息公开行政复议、行政诉讼情况（2022年度）", 1)
	res, err := Parse([]byte(doc), Source{Name: "made"})
	if err != nil {
		t.Fatal(err)
	}
	if o := compareKnown(t, "caption", res, known); o.right != o.total {
		t.Errorf("%d of %d cells right", o.right, o.total)
	}
}

// TestGluedIdentityBroken: a report whose own figures break an identity over columns (the
// balance: one request carried over too many). No choice of splits satisfies it, so the rows are
// decided without it, and it is then checked as on any page: its mismatch is reported, and
// every cell still has its published value.
func TestGluedIdentityBroken(t *testing.T) {
	form, _ := schemas.FormByVersion("2021")
	known, texts := pingtanKnown(t)
	for col, v := range map[string]float64{"natural_person": 1, "total": 1} {
		k := "requests.carried_out." + col
		known[k], texts[k] = v, fmtNum(v)
	}
	res, err := Parse([]byte(gluedMade(form, "示例县2022年政府信息公开工作年度报告", texts, gluedStyle{labelSpace: true, headerSpace: true, prose: true})), Source{Name: "made"})
	if err != nil {
		t.Fatal(err)
	}
	if o := compareKnown(t, "broken", res, known); o.right != o.total {
		t.Errorf("%d of %d cells right", o.right, o.total)
	}
	var relaxed, balance []string
	for _, i := range res.Issues {
		switch {
		case i.Rule == "split.inconsistent" && i.Row == "":
			relaxed = append(relaxed, i.Message)
		case i.Rule == "identity.requests.balance":
			balance = append(balance, i.Col)
		}
	}
	if len(relaxed) != 1 || !strings.Contains(relaxed[0], "identity.requests.balance") {
		t.Errorf("split.inconsistent for the table: %v", relaxed)
	}
	if !slices.Equal(balance, []string{"natural_person", "total"}) {
		t.Errorf("balance checked and broken on %v, want natural_person and total", balance)
	}
}
