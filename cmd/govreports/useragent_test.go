package main

import (
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"

	"github.com/govreports/govreports/crawler"
)

// The User-Agent a portal sees from a plain `crawl` is the crawler's DefaultUserAgent, which says
// what the crawl is for; the configuration used to carry a shorter one of its own that replaced
// it. user_agent still overrides it.
func TestCrawlSendsDefaultUserAgent(t *testing.T) {
	var mu sync.Mutex
	seen := map[string]bool{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		seen[r.Header.Get("User-Agent")] = true
		mu.Unlock()
		w.Write([]byte("<html><body>x</body></html>"))
	}))
	defer srv.Close()
	for _, tc := range []struct {
		env  map[string]string
		want string
	}{
		{map[string]string{"GOVREPORTS_USER_AGENT": ""}, crawler.DefaultUserAgent},
		{map[string]string{"GOVREPORTS_USER_AGENT": "my-crawler/1 (+mailto:ops@example.org)"}, "my-crawler/1 (+mailto:ops@example.org)"},
	} {
		mu.Lock()
		clear(seen)
		mu.Unlock()
		r := runCmd(t, tc.env, "--allow-private-networks", "--archive", t.TempDir(), "--state", t.TempDir(),
			"crawl", "--start", srv.URL+"/", "--delay", "1ms")
		mu.Lock()
		if r.code != 0 || len(seen) != 1 || !seen[tc.want] {
			t.Errorf("exit %d; user agents seen %v, want only %q\n%s", r.code, seen, tc.want, r.stderr)
		}
		mu.Unlock()
	}
}
