package quality

import (
	"bytes"
	"context"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"
)

// The HTML report is checked in a real browser: headless Chromium (Debian's chromium package,
// installed by scripts/install-deps.sh) opens the generated file from file://, the page's own
// script applies the filter given in the URL fragment and writes what it drew into
// <output id="selfcheck">, and the test reads the dumped DOM. No DevTools library is needed.

// chromium finds the browser: $GOVREPORTS_CHROMIUM, else chromium on PATH. It never skips: the
// browser test is part of the project's tests, in CI and on a developer's machine.
func chromium(t *testing.T) string {
	t.Helper()
	if p := os.Getenv("GOVREPORTS_CHROMIUM"); p != "" {
		return p
	}
	for _, name := range []string{"chromium", "chromium-browser"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv("CI") != "" {
		t.Fatal("chromium not found in CI: scripts/install-deps.sh must install Debian's chromium package before the tests")
	}
	t.Fatal("chromium not found: run scripts/install-deps.sh (as root) to install Debian's chromium package, or set GOVREPORTS_CHROMIUM")
	return ""
}

// artifacts is where the test leaves the generated report and screenshots for people to look at.
func artifacts(t *testing.T) string {
	t.Helper()
	dir := os.Getenv("GOVREPORTS_ARTIFACTS")
	if dir == "" {
		return t.TempDir()
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		t.Fatal(err)
	}
	return abs
}

// runChromium runs one headless Chromium with a private profile and no network of its own.
func runChromium(t *testing.T, bin string, args ...string) []byte {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	base := []string{"--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
		"--disable-background-networking", "--disable-component-update", "--disable-sync",
		"--disable-dev-shm-usage", "--user-data-dir=" + t.TempDir(), "--virtual-time-budget=5000"}
	cmd := exec.CommandContext(ctx, bin, append(base, args...)...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("chromium %v: %v\n%s", args, err, tail(stderr.String(), 2000))
	}
	return stdout.Bytes()
}

func tail(s string, n int) string {
	if len(s) > n {
		return s[len(s)-n:]
	}
	return s
}

func fileURL(path, fragment string) string {
	u := url.URL{Scheme: "file", Path: path, Fragment: fragment}
	return u.String()
}

func TestBrowser(t *testing.T) {
	bin := chromium(t)
	dir := artifacts(t)
	entries := loadAll(t)
	page := filepath.Join(dir, "quality-report.html")
	f, err := os.Create(page)
	if err != nil {
		t.Fatal(err)
	}
	if err := WriteHTML(f, entries, Options{}); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	SortEntries(entries) // the page's order

	// Expected, computed from the results, not from the page.
	totalHL := 0
	for _, e := range entries {
		totalHL += len(HighlightedCells(e.Result))
	}
	if totalHL == 0 {
		t.Fatal("no cell-level issue in the test inputs: the highlight check checks nothing")
	}
	selectIDs := func(keep func(Entry) bool) (ids []string, hl int) {
		for _, e := range entries {
			if keep(e) {
				ids = append(ids, e.Result.Report.ID)
				hl += len(HighlightedCells(e.Result))
			}
		}
		return ids, hl
	}
	hasRule := func(rule string) func(Entry) bool {
		return func(e Entry) bool {
			for _, i := range e.Result.Issues {
				if i.Rule == rule {
					return true
				}
			}
			return false
		}
	}
	tests := []struct {
		name, fragment string
		keep           func(Entry) bool
	}{
		{"no filter", "", func(Entry) bool { return true }},
		{"by rule", "f:rule=identity.requests.row_total", hasRule("identity.requests.row_total")},
		{"by rule, text in number", "f:rule=value.text_in_number&open=1", hasRule("value.text_in_number")},
		{"suspect mirrors", "f:mirror=yes", func(e Entry) bool { return e.Result.Report.Mirror }},
		{"status and severity", "f:status=no_tables&severity=error", func(e Entry) bool { return e.Result.Report.Status == "no_tables" }},
		{"year and form", "f:year=2022&form=2019", func(e Entry) bool { return e.Result.Report.Year == 2022 && e.Result.Report.Form == "2019" }},
		{"host", "f:host=" + url.QueryEscape("zp2005.com"), func(e Entry) bool { return e.Host() == "zp2005.com" }},
		{"nothing matches", "f:rule=no.such.rule", func(Entry) bool { return false }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			wantIDs, wantHL := selectIDs(tt.keep)
			dom := runChromium(t, bin, "--dump-dom", fileURL(page, tt.fragment))
			doc, err := goquery.NewDocumentFromReader(bytes.NewReader(dom))
			if err != nil {
				t.Fatal(err)
			}
			sc := doc.Find("#selfcheck")
			if sc.AttrOr("data-ready", "") != "1" {
				t.Fatalf("the page's script did not run (selfcheck %v); DOM starts %q", sc.Nodes, tail(string(dom[:min(len(dom), 300)]), 300))
			}
			attr := func(k string) string { return sc.AttrOr("data-"+k, "") }
			// Every cell named by a cell-level issue is highlighted in the browser, and no other.
			if got := attr("highlighted"); got != strconv.Itoa(totalHL) {
				t.Errorf("browser drew %s highlighted cells, want %d (cell-level issues)", got, totalHL)
			}
			if got := attr("highlighted-expected"); got != strconv.Itoa(totalHL) {
				t.Errorf("page expects %s highlighted cells, want %d", got, totalHL)
			}
			if got := attr("highlighted-visible"); got != strconv.Itoa(wantHL) {
				t.Errorf("%s highlighted cells shown, want %d", got, wantHL)
			}
			// The filter shows exactly the expected reports, in the index and below it.
			if got := attr("visible-ids"); got != strings.Join(wantIDs, " ") {
				t.Errorf("reports shown:\n %s\nwant\n %s", got, strings.Join(wantIDs, " "))
			}
			if got := attr("index-visible"); got != strconv.Itoa(len(wantIDs)) {
				t.Errorf("%s index rows shown, want %d", got, len(wantIDs))
			}
			shown := doc.Find("details.rep").FilterFunction(func(_ int, s *goquery.Selection) bool {
				_, hidden := s.Attr("hidden")
				return !hidden
			})
			if shown.Length() != len(wantIDs) {
				t.Errorf("%d report sections not hidden, want %d", shown.Length(), len(wantIDs))
			}
			if strings.Contains(tt.fragment, "open=1") {
				shown.Each(func(_ int, s *goquery.Selection) {
					if _, open := s.Attr("open"); !open {
						t.Errorf("report %s shown but not expanded by open=1", s.AttrOr("data-id", ""))
					}
				})
			}
			if _, hidden := doc.Find("#none").Attr("hidden"); hidden != (len(wantIDs) > 0) {
				t.Errorf("'no report matches' shown wrongly (hidden=%v, %d reports)", hidden, len(wantIDs))
			}
		})
	}

	// Screenshots for people: the broken tables (shifted row, blank totals) and the mirrors.
	for name, fragment := range map[string]string{
		"quality-report-identity.png": "f:rule=identity.requests.row_total&open=1",
		"quality-report-mirrors.png":  "f:mirror=yes&open=1",
	} {
		shot := filepath.Join(dir, name)
		runChromium(t, bin, "--hide-scrollbars", "--window-size=1400,2000", "--screenshot="+shot, fileURL(page, fragment))
		st, err := os.Stat(shot)
		if err != nil || st.Size() < 10000 {
			t.Errorf("screenshot %s: %v (%d bytes)", shot, err, sizeOf(st))
		}
		t.Logf("screenshot: %s", shot)
	}
	t.Logf("report: %s", page)
}

func sizeOf(st os.FileInfo) int64 {
	if st == nil {
		return 0
	}
	return st.Size()
}
