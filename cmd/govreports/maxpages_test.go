package main

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
)

// TestMaxPagesCountsURLs: --max-pages N lets N distinct URLs be requested; robots.txt and the
// retries of a URL are not counted, so more requests than N go out, and --help says so (it said
// "most requests per site": --max-pages 3 sent 7).
func TestMaxPagesCountsURLs(t *testing.T) {
	var mu sync.Mutex
	var requests []string
	failedOnce := false
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		requests = append(requests, r.URL.Path)
		first := r.URL.Path == "/" && !failedOnce
		if first {
			failedOnce = true
		}
		mu.Unlock()
		if first {
			w.WriteHeader(http.StatusServiceUnavailable) // retried: one URL, two requests
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, `<html><head><title>政府信息公开年报</title></head><body>`)
		for i := 0; i < 10; i++ {
			fmt.Fprintf(w, `<a href="/nb/%d.html">2022年政府信息公开工作年度报告 %d</a>`, i, i)
		}
		fmt.Fprint(w, `</body></html>`)
	}))
	defer srv.Close()
	r := runCmd(t, nil, "--archive", t.TempDir(), "--state", t.TempDir(), "crawl", "--start", srv.URL+"/", "--delay", "1ms", "--max-pages", "3")
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	mu.Lock()
	distinct := map[string]bool{}
	for _, p := range requests {
		if p != "/robots.txt" {
			distinct[p] = true
		}
	}
	n := len(requests)
	mu.Unlock()
	t.Logf("--max-pages 3: %d requests, %d distinct URLs besides robots.txt", n, len(distinct))
	if len(distinct) != 3 {
		t.Errorf("%d distinct URLs requested, want 3", len(distinct))
	}
	if n <= 3 {
		t.Errorf("%d requests: robots.txt and the retry should come on top of the 3 URLs", n)
	}
	help := runCmd(t, nil, "crawl", "--help")
	if !strings.Contains(help.stdout, "most distinct URLs requested per site") || strings.Contains(help.stdout, "most requests per site") {
		t.Errorf("--max-pages help does not say what is counted:\n%s", help.stdout)
	}
}
