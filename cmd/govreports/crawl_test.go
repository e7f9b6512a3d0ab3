package main

import (
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync"
	"testing"
)

// tinyPortal is a made portal on 127.0.0.1: a home page, an annual-report column, one report
// page (a made HTML fixture with the real table layout) and a robots.txt that disallows /private/.
func tinyPortal(t *testing.T) (*httptest.Server, func() []string) {
	report, err := os.ReadFile("../../parser/testdata/html/a_2021_complete_utf8.html")
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	var seen []string
	pages := map[string]string{
		"/robots.txt":                            "User-agent: *\nDisallow: /private/\n",
		"/":                                      `<html><head><title>示例县人民政府</title></head><body><a href="/zwgk/zfxxgknb/index.html">政府信息公开年报</a> <a href="/private/x.html">内部</a></body></html>`,
		"/zwgk/zfxxgknb/index.html":              `<html><head><title>政府信息公开年报</title></head><body><ul><li><a href="/zwgk/zfxxgknb/202301/t20230118_1.html">示例县自然资源局2022年政府信息公开工作年度报告</a></li></ul></body></html>`,
		"/zwgk/zfxxgknb/202301/t20230118_1.html": string(report),
		"/private/x.html":                        "secret",
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		seen = append(seen, r.URL.Path)
		mu.Unlock()
		body, ok := pages[r.URL.Path]
		if !ok {
			http.NotFound(w, r)
			return
		}
		if strings.HasSuffix(r.URL.Path, ".txt") {
			w.Header().Set("Content-Type", "text/plain")
		} else {
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
		}
		w.Write([]byte(body))
	}))
	t.Cleanup(srv.Close)
	return srv, func() []string { mu.Lock(); defer mu.Unlock(); return append([]string(nil), seen...) }
}

func TestCrawlThenParseArchive(t *testing.T) {
	srv, seen := tinyPortal(t)
	archive, state := t.TempDir(), t.TempDir()
	r := runCmd(t, nil, "--archive", archive, "--state", state, "crawl", "--start", srv.URL+"/", "--delay", "1ms")
	if r.code != 0 || !strings.Contains(r.stdout, "1 report(s)") {
		t.Fatalf("crawl: exit %d\n%s\n%s", r.code, r.stdout, r.stderr)
	}
	for _, p := range seen() {
		if strings.HasPrefix(p, "/private/") {
			t.Fatalf("robots.txt disallowed %s but it was requested", p)
		}
	}
	// The archive re-parses offline.
	r = runCmd(t, nil, "parse", "--format", "jsonl", archive)
	if r.code != 0 || strings.Count(r.stdout, "\n") != 1 || !strings.Contains(r.stdout, `"agency":"示例县自然资源局"`) {
		t.Fatalf("parse archive: exit %d\n%s\n%s", r.code, r.stdout, r.stderr)
	}
	// The archive loads, with the fetch log: the robots refusal is recorded in table fetches.
	t.Setenv("GOVREPORTS_CHDB_HELPER", helperBin)
	data := t.TempDir()
	r = runCmd(t, nil, "--data", data, "load", archive)
	if r.code != 0 || !strings.Contains(r.stdout, "loaded 1 report(s)") || !strings.Contains(r.stdout, "fetch-log row(s)") {
		t.Fatalf("load archive: exit %d\n%s\n%s", r.code, r.stdout, r.stderr)
	}
	r = runCmd(t, nil, "--data", data, "query", "--format", "csv", "SELECT outcome, count() FROM govreports.fetches FINAL WHERE url LIKE '%/private/%' GROUP BY outcome")
	if r.code != 0 || !strings.Contains(r.stdout, "robots_disallowed,1") {
		t.Fatalf("fetch log: exit %d\n%s\n%s", r.code, r.stdout, r.stderr)
	}
	// A second crawl of the unchanged site resumes from its state and finds nothing new.
	r = runCmd(t, nil, "--archive", archive, "--state", state, "crawl", "--start", srv.URL+"/", "--delay", "1ms")
	if r.code != 0 {
		t.Fatalf("recrawl: exit %d\n%s", r.code, r.stderr)
	}
}

func TestRunLoadsCrawledReports(t *testing.T) {
	srv, _ := tinyPortal(t)
	t.Setenv("GOVREPORTS_CHDB_HELPER", helperBin)
	data := t.TempDir()
	r := runCmd(t, nil, "--data", data, "--archive", t.TempDir(), "--state", t.TempDir(), "run", "--start", srv.URL+"/", "--delay", "1ms")
	if r.code != 0 || !strings.Contains(r.stdout, "loaded 1 report(s), 200 cell(s)") {
		t.Fatalf("run: exit %d\n%s\n%s", r.code, r.stdout, r.stderr)
	}
	r = runCmd(t, nil, "--data", data, "query", "--format", "csv", "SELECT agency, year, (SELECT count() FROM govreports.fetches FINAL) > 0 AS logged FROM govreports.reports FINAL")
	if r.code != 0 || !strings.Contains(r.stdout, "示例县自然资源局,2022,1") {
		t.Fatalf("query: exit %d\n%s\n%s", r.code, r.stdout, r.stderr)
	}
}

func TestCrawlUsage(t *testing.T) {
	for _, args := range [][]string{{"crawl"}, {"crawl", "--start", "ftp://x/"}, {"run", "--start", "not a url"}} {
		if r := runCmd(t, nil, args...); r.code != exitUsage {
			t.Errorf("%v: exit %d, want %d (%s)", args, r.code, exitUsage, r.stderr)
		}
	}
}
