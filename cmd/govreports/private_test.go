package main

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
)

// TestCrawlRefusesLoopbackUnlessAllowed: crawl --start on 127.0.0.1 sends nothing without
// --allow-private-networks (the summary names private_address), and crawls with it.
func TestCrawlRefusesLoopbackUnlessAllowed(t *testing.T) {
	var hits atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		w.Write([]byte("<html><body>x</body></html>"))
	}))
	defer srv.Close()
	off := map[string]string{"GOVREPORTS_ALLOW_PRIVATE_NETWORKS": ""}
	r := runCmd(t, off, "--archive", t.TempDir(), "--state", t.TempDir(), "crawl", "--start", srv.URL+"/", "--delay", "1ms")
	if hits.Load() != 0 || !strings.Contains(r.stdout, "private_address") {
		t.Errorf("without the option: %d request(s) reached the server; stdout:\n%s", hits.Load(), r.stdout)
	}
	r = runCmd(t, off, "--allow-private-networks", "--archive", t.TempDir(), "--state", t.TempDir(), "crawl", "--start", srv.URL+"/", "--delay", "1ms")
	if r.code != 0 || hits.Load() == 0 {
		t.Errorf("with --allow-private-networks: exit %d, %d request(s)\n%s", r.code, hits.Load(), r.stderr)
	}
}
