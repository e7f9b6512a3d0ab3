package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
)

const (
	corpusDir   = "../../testdata/corpus"
	fixturesDir = "../../parser/testdata/html"
)

func TestValidateExitCodes(t *testing.T) {
	tests := []struct {
		name string
		args []string
		code int
		msg  string
	}{
		{"clean", []string{"validate", fixturesDir + "/a_2021_complete_utf8.html"}, exitOK, ""},
		{"warnings only", []string{"validate", fixturesDir + "/f_2021_blank_zero.html"}, exitOK, ""},
		{"errors", []string{"validate", fixturesDir + "/g_2021_shifted.html"}, exitFailure, "1 of 1 report(s) have errors"},
		{"no tables", []string{"validate", corpusDir + "/partial/027_shenyang_hunnan_guoziju_2022_TABLES_MISSING.txt"}, exitFailure, "have errors"},
		{"bad format", []string{"validate", "--format", "xml", sample}, exitUsage, "--format"},
		{"no input", []string{"validate"}, exitUsage, "INPUT"},
		{"from clickhouse with input", []string{"validate", "--from-clickhouse", sample}, exitUsage, "give no INPUT"},
		{"html into a missing directory", []string{"validate", "--html", "/nonexistent/dir/r.html", sample}, exitFailure, "--html"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := runCmd(t, nil, tt.args...)
			if r.code != tt.code || !strings.Contains(r.stderr, tt.msg) {
				t.Fatalf("exit %d (want %d), stderr %q (want %q)", r.code, tt.code, r.stderr, tt.msg)
			}
		})
	}
}

// The terminal summary and the HTML report of the whole corpus and the fixtures.
func TestValidateSummaryAndHTML(t *testing.T) {
	out := filepath.Join(t.TempDir(), "report.html")
	r := runCmd(t, nil, "validate", "--html", out, corpusDir, fixturesDir)
	if r.code != exitFailure {
		t.Fatalf("exit %d, want 1 (the corpus has reports with errors): %s", r.code, r.stderr)
	}
	// One report per page: the corpus text files and the made HTML fixtures.
	var pages []string
	for _, pat := range []string{corpusDir + "/*.txt", corpusDir + "/partial/*.txt", corpusDir + "/glued/*.txt", fixturesDir + "/*.html"} {
		m, _ := filepath.Glob(pat)
		pages = append(pages, m...)
	}
	checked := fmt.Sprintf("%d report(s) checked: clean ", len(pages))
	for _, want := range []string{checked, "; suspect mirror 5", "top rules (issues, reports):",
		"worst sources (errors, warnings, reports):", "zp2005.com  [suspect mirror]"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("summary lacks %q:\n%s", want, r.stdout)
		}
	}
	// The HTML highlights one cell per distinct cell named by a cell-level issue.
	j := runCmd(t, nil, "validate", "--format", "json", corpusDir, fixturesDir)
	cells := 0
	sc := bufio.NewScanner(strings.NewReader(j.stdout))
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	for sc.Scan() {
		var rep struct {
			Issues []struct{ Section, Row, Col string } `json:"issues"`
		}
		if err := json.Unmarshal(sc.Bytes(), &rep); err != nil {
			t.Fatalf("json line: %v", err)
		}
		seen := map[string]bool{}
		for _, i := range rep.Issues {
			k := i.Section + "|" + i.Row + "|" + i.Col
			if i.Section != "" && i.Row != "" && i.Col != "" && !seen[k] {
				seen[k] = true
				cells++
			}
		}
	}
	f, err := os.Open(out)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	doc, err := goquery.NewDocumentFromReader(f)
	if err != nil {
		t.Fatal(err)
	}
	if n := doc.Find("details.rep").Length(); n != len(pages) {
		t.Errorf("%d reports in the HTML, want %d", n, len(pages))
	}
	if n := doc.Find("details.rep td.hl").Length(); n != cells || cells == 0 {
		t.Errorf("%d highlighted cells, want %d", n, cells)
	}
}

// What validate finds in loaded reports is what it finds in the files they came from.
func TestValidateFromClickHouse(t *testing.T) {
	t.Setenv("GOVREPORTS_CHDB_HELPER", helperBin)
	data := []string{"--data", t.TempDir()}
	inputs := []string{sample, corpusDir + "/partial", fixturesDir + "/g_2021_shifted.html", fixturesDir + "/f_2021_blank_zero.html"}
	if r := runCmd(t, nil, append(append(data, "load"), inputs...)...); r.code != 0 {
		t.Fatalf("load: exit %d: %s", r.code, r.stderr)
	}
	html := filepath.Join(t.TempDir(), "loaded.html")
	fromDB := runCmd(t, nil, append(data, "validate", "--from-clickhouse", "--format", "json", "--html", html)...)
	fromFiles := runCmd(t, nil, append([]string{"validate", "--format", "json"}, inputs...)...)
	if fromDB.code != exitFailure || fromFiles.code != exitFailure {
		t.Fatalf("exit %d from ClickHouse, %d from files (want 1, 1): %s", fromDB.code, fromFiles.code, fromDB.stderr)
	}
	a, b := issueSets(t, fromDB.stdout), issueSets(t, fromFiles.stdout)
	if len(a) != len(b) || len(a) != 23 {
		t.Fatalf("%d reports from ClickHouse, %d from files, want 23", len(a), len(b))
	}
	for id, want := range b {
		if got := a[id]; got != want {
			t.Errorf("report %s:\nfrom ClickHouse %s\nfrom files      %s", id, got, want)
		}
	}
	if _, err := os.Stat(html); err != nil {
		t.Errorf("HTML report: %v", err)
	}
}

// issueSets maps report id to its status, mirror flag and sorted issues, as one comparable string.
func issueSets(t *testing.T, out string) map[string]string {
	t.Helper()
	m := map[string]string{}
	sc := bufio.NewScanner(strings.NewReader(out))
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	for sc.Scan() {
		var rep struct {
			Report struct {
				ID, Status string
				Mirror     bool
			} `json:"report"`
			Issues []struct{ Rule, Severity, Section, Row, Col, Message, Expected, Actual string } `json:"issues"`
		}
		if err := json.Unmarshal(sc.Bytes(), &rep); err != nil {
			t.Fatalf("json line: %v", err)
		}
		var is []string
		for _, i := range rep.Issues {
			is = append(is, strings.Join([]string{i.Rule, i.Severity, i.Section, i.Row, i.Col, i.Message, i.Expected, i.Actual}, "|"))
		}
		sort.Strings(is)
		m[rep.Report.ID] = rep.Report.Status + " " + map[bool]string{true: "mirror", false: ""}[rep.Report.Mirror] + "\n  " + strings.Join(is, "\n  ")
	}
	return m
}
