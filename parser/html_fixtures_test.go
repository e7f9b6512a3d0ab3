package parser

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

// htmlFixture is the sidecar NAME.expect.json of a made fixture: an HTML page in testdata/html,
// or, with format "text", a text dump (text taken out of a PDF) in testdata/text.
type htmlFixture struct {
	Fixture        string `json:"fixture"`
	Format         string `json:"format"` // html when left out
	ContentType    string `json:"content_type"`
	Encoding       string `json:"encoding"`
	EncodingSource string `json:"encoding_source"`
	Title          string `json:"title"`
	Agency         string `json:"agency"`
	Year           int    `json:"year"`
	Form           string `json:"form"`
	Cells          []Cell `json:"cells"`
	Issues         []struct {
		Rule, Severity, Section, Row, Col string
	} `json:"issues_expected"`
	// Exact: issues_expected lists every warning and error the page raises (info issues aside),
	// each cell's flags are exactly those listed, and the page has no cell the sidecar lacks.
	Exact bool `json:"issues_exact"`
}

func loadHTMLFixtures(t testing.TB) []htmlFixture {
	t.Helper()
	paths, err := filepath.Glob(filepath.Join("testdata", "html", "*.expect.json"))
	if err != nil || len(paths) == 0 {
		t.Fatalf("no fixtures: %v", err)
	}
	text, _ := filepath.Glob(filepath.Join("testdata", "text", "*.expect.json"))
	paths = append(paths, text...)
	var out []htmlFixture
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		var f htmlFixture
		if err := json.Unmarshal(b, &f); err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		out = append(out, f)
	}
	return out
}

func readFixture(t testing.TB, name string) []byte {
	t.Helper()
	dir := "html"
	if filepath.Ext(name) == ".txt" {
		dir = "text"
	}
	b, err := os.ReadFile(filepath.Join("testdata", dir, name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestHTMLFixturesEndToEnd runs every made fixture through Parse and compares the cells with
// its expect.json: any difference fails.
func TestHTMLFixturesEndToEnd(t *testing.T) {
	for _, f := range loadHTMLFixtures(t) {
		t.Run(strings.TrimSuffix(f.Fixture, ".html"), func(t *testing.T) {
			report := t.Errorf
			res, err := Parse(readFixture(t, f.Fixture), Source{Name: f.Fixture, ContentType: f.ContentType})
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			r := res.Report
			format := f.Format
			if format == "" {
				format = "html"
			}
			if r.Encoding != f.Encoding || r.Year != f.Year || r.Form != f.Form || r.InputFormat != format || r.Agency != f.Agency {
				report("report: encoding %q year %d form %q format %q agency %q; want %q %d %q %s %q",
					r.Encoding, r.Year, r.Form, r.InputFormat, r.Agency, f.Encoding, f.Year, f.Form, format, f.Agency)
			}
			got := map[string]Cell{}
			for _, c := range res.Cells {
				got[c.Section+"|"+c.Row+"|"+c.Col] = c
			}
			var diffs []string
			for _, w := range f.Cells {
				k := w.Section + "|" + w.Row + "|" + w.Col
				g, ok := got[k]
				switch {
				case !ok:
					diffs = append(diffs, fmt.Sprintf("%s: missing (want %s)", k, fmtVal(w.Value)))
				case fmtVal(g.Value) != fmtVal(w.Value) || g.Raw != w.Raw || g.Unit != w.Unit || !hasFlags(g.Flags, w.Flags) ||
					(f.Exact && !hasFlags(w.Flags, g.Flags)):
					diffs = append(diffs, fmt.Sprintf("%s: got %s raw %q unit %q flags %v, want %s raw %q unit %q flags %v",
						k, fmtVal(g.Value), g.Raw, g.Unit, g.Flags, fmtVal(w.Value), w.Raw, w.Unit, w.Flags))
				}
			}
			if f.Exact && len(res.Cells) != len(f.Cells) {
				diffs = append(diffs, fmt.Sprintf("%d cells, want %d", len(res.Cells), len(f.Cells)))
			}
			sort.Strings(diffs)
			for _, d := range diffs {
				report("%s", d)
			}
			if f.Exact {
				checkExactIssues(t, f, res.Issues)
			}
			for _, i := range res.Issues {
				if i.Severity == SeverityError || testing.Verbose() {
					t.Logf("issue %s %s %s/%s/%s: %s", i.Severity, i.Rule, i.Section, i.Row, i.Col, i.Message)
				}
			}
			for _, w := range f.Issues {
				found := false
				for _, i := range res.Issues {
					if i.Rule == w.Rule && (w.Row == "" || i.Row == w.Row) {
						found = true
					}
				}
				if !found && !strings.HasPrefix(w.Rule, "(") {
					report("expected issue %s on %s/%s not raised", w.Rule, w.Section, w.Row)
				}
			}
		})
	}
}

// checkExactIssues compares the warnings and errors raised with the sidecar's list, as
// multisets of rule, severity, section, row and column.
func checkExactIssues(t *testing.T, f htmlFixture, issues []Issue) {
	t.Helper()
	count := map[string]int{}
	for _, w := range f.Issues {
		count[strings.Join([]string{w.Rule, w.Severity, w.Section, w.Row, w.Col}, " ")]++
	}
	for _, i := range issues {
		if i.Severity == SeverityInfo {
			continue
		}
		count[strings.Join([]string{i.Rule, string(i.Severity), i.Section, i.Row, i.Col}, " ")]--
	}
	var diffs []string
	for k, n := range count {
		switch {
		case n > 0:
			diffs = append(diffs, fmt.Sprintf("issue not raised (%d): %s", n, k))
		case n < 0:
			diffs = append(diffs, fmt.Sprintf("unexpected issue (%d): %s", -n, k))
		}
	}
	sort.Strings(diffs)
	for _, d := range diffs {
		t.Error(d)
	}
}

func fmtVal(v *float64) string {
	if v == nil {
		return "null"
	}
	return fmt.Sprint(*v)
}

// hasFlags: every expected flag is present (the value parser may add more).
func hasFlags(got, want []string) bool {
	for _, w := range want {
		found := false
		for _, g := range got {
			found = found || g == w
		}
		if !found {
			return false
		}
	}
	return true
}
