package crawler_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/govreports/govreports/crawler"
)

// countingServer counts the requests it gets and answers with h.
func countingServer(t *testing.T, h http.HandlerFunc) (*httptest.Server, *atomic.Int64) {
	var n atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n.Add(1)
		h(w, r)
	}))
	t.Cleanup(srv.Close)
	return srv, &n
}

func crawlOnce(t *testing.T, c crawler.Config) []crawler.FetchRecord {
	t.Helper()
	var recs []crawler.FetchRecord
	c.Delay = crawler.NoDelay
	c.FetchLog = func(r crawler.FetchRecord) { recs = append(recs, r) }
	cr, err := crawler.New(c, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := cr.Run(context.Background(), nil); err != nil {
		t.Fatal(err)
	}
	return recs
}

// TestPrivateAddressRefused: without AllowPrivateNetworks no connection is made to a loopback
// address, whether the start URL names it or a name resolves to it (localhost): the check is
// after DNS, at dial time. Nothing refused them: the server got every request.
func TestPrivateAddressRefused(t *testing.T) {
	srv, hits := countingServer(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		w.Write([]byte(`<html><body><a href="/a.html">政府信息公开工作年度报告</a></body></html>`))
	})
	u, _ := url.Parse(srv.URL)
	for _, start := range []string{srv.URL + "/", "http://localhost:" + u.Port() + "/"} {
		recs := crawlOnce(t, crawler.Config{StartURLs: []string{start}})
		if n := hits.Load(); n != 0 {
			t.Errorf("%s: the server got %d requests", start, n)
		}
		refused := 0
		for _, r := range recs {
			if r.Outcome == crawler.OutcomePrivateAddress && strings.Contains(r.Error, "not public") {
				refused++
			}
		}
		if refused == 0 {
			t.Errorf("%s: no fetch recorded as %s: %+v", start, crawler.OutcomePrivateAddress, recs)
		}
	}
	// Allowed explicitly, the same crawl goes through.
	crawlOnce(t, crawler.Config{StartURLs: []string{srv.URL + "/"}, AllowPrivateNetworks: true})
	if hits.Load() == 0 {
		t.Error("AllowPrivateNetworks: still refused")
	}
}

// TestAllowedHostWithoutPortKeepsThePort: with the host allowed without a port, a redirect to
// another port of that host is refused. It was followed (any port of an allowed host).
func TestAllowedHostWithoutPortKeepsThePort(t *testing.T) {
	other, otherHits := countingServer(t, func(w http.ResponseWriter, r *http.Request) { w.Write([]byte("secret")) })
	srv, _ := countingServer(t, func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/" {
			http.Redirect(w, r, other.URL+"/admin", http.StatusFound)
			return
		}
		http.NotFound(w, r)
	})
	recs := crawlOnce(t, crawler.Config{StartURLs: []string{srv.URL + "/"}, AllowedHosts: []string{"127.0.0.1"}, AllowPrivateNetworks: true})
	if n := otherHits.Load(); n != 0 {
		t.Errorf("the redirect reached another port of the allowed host: %d request(s)", n)
	}
	found := false
	for _, r := range recs {
		if r.Outcome == crawler.OutcomeOffsiteRedirect {
			found = true
		}
	}
	if !found {
		t.Errorf("no offsite_redirect recorded: %+v", recs)
	}
}
