package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/govreports/govreports/crawler"
	"github.com/govreports/govreports/internal/sitename"
)

// TestOneFolderPerSite: run's spool, the crawl state and the fetch log put a site in the folder
// internal/sitename gives it (serve's spool calls the same function), so a batch one command
// leaves is found by the others. run's spool used to send "a b", "市 政府" and "a%zz" all to
// spool/site, and ".." outside --spool.
func TestOneFolderPerSite(t *testing.T) {
	spool, state, archive := t.TempDir(), t.TempDir(), t.TempDir()
	a := newApp(strings.NewReader(""), &bytes.Buffer{}, &bytes.Buffer{}, os.Getenv)
	a.cfg.Spool = spool
	yaml := "sites:\n"
	names := []string{"a b", "市 政府", "a%zz", "www.x.gov.cn"}
	for _, n := range names {
		yaml += "  - name: \"" + n + "\"\n    start_urls: [http://x.gov.cn/]\n"
	}
	sites, err := crawler.ParseSites([]byte(yaml))
	if err != nil {
		t.Fatal(err)
	}
	for i, n := range names {
		want := sitename.Dir(n)
		if want != n {
			t.Fatalf("sitename.Dir(%q) = %q: these names need no change", n, want)
		}
		if _, err := a.siteSpool(n); err != nil {
			t.Fatal(err)
		}
		if _, err := os.Stat(filepath.Join(spool, want)); err != nil {
			t.Errorf("run's spool for %q: %v", n, err)
		}
		if got := sites.Config(i, crawler.Config{StateDir: state}).StateDir; got != filepath.Join(state, want) {
			t.Errorf("state of %q: %s, want %s", n, got, filepath.Join(state, want))
		}
		fl, err := crawler.NewFetchLogWriter(archive, n, time.Now())
		if err != nil {
			t.Fatal(err)
		}
		fl.Close()
		if m, _ := filepath.Glob(filepath.Join(archive, crawler.FetchLogDir, want+"-*.jsonl")); len(m) != 1 {
			t.Errorf("fetch log of %q: %v", n, m)
		}
	}
	entries, _ := os.ReadDir(spool)
	if len(entries) != len(names) {
		t.Errorf("spool has %d folders for %d sites", len(entries), len(names))
	}
	// A name that would leave --spool stays inside it.
	if _, err := a.siteSpool(".."); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(spool, "_site")); err != nil {
		t.Errorf(`spool of "..": %v`, err)
	}
	// and --start with such a host is refused.
	r := runCmd(t, map[string]string{"GOVREPORTS_ARCHIVE": archive, "GOVREPORTS_STATE": state}, "crawl", "--start", "http://../")
	if r.code != 2 || !strings.Contains(r.stderr, "folder") {
		t.Errorf("crawl --start http://../: exit %d, %s", r.code, r.stderr)
	}
}
