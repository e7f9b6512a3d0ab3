package crawler_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/govreports/govreports/crawler"
)

// A portal whose column page needs the session cookie its home page sets (as portals behind a
// WAF do): the cookie lives in colly's storage, which is the crawl state, so a crawl stopped
// after the home page resumes with it and is let in.
func TestCookiesSurviveResume(t *testing.T) {
	var mu sync.Mutex
	withCookie := map[string]bool{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c, err := r.Cookie("sid")
		mu.Lock()
		withCookie[r.URL.Path] = err == nil && c.Value == "s3cret"
		mu.Unlock()
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		switch r.URL.Path {
		case "/robots.txt":
			http.NotFound(w, r)
		case "/":
			http.SetCookie(w, &http.Cookie{Name: "sid", Value: "s3cret", Path: "/"})
			w.Write([]byte(`<html><head><title>示例县人民政府</title></head><body><a href="/zwgk/nb.html">政府信息公开年报</a></body></html>`))
		case "/zwgk/nb.html":
			if err != nil {
				http.Error(w, "no session", http.StatusForbidden)
				return
			}
			w.Write([]byte(`<html><head><title>政府信息公开年报</title></head><body>年报</body></html>`))
		default:
			http.NotFound(w, r)
		}
	}))
	defer srv.Close()
	cfg := crawler.Config{StartURLs: []string{srv.URL + "/"}, Delay: crawler.NoDelay, MaxRetries: -1, StateDir: t.TempDir(), AllowPrivateNetworks: true,
		ConnectTimeout: time.Second, ReadTimeout: time.Second}

	// First run: stopped (emit fails) once the home page is in, before the column is fetched.
	c, err := crawler.New(cfg, nil)
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.Run(context.Background(), func(p crawler.Page) error {
		if strings.HasSuffix(p.URL, "/") {
			return errStop
		}
		return nil
	})
	if err != errStop {
		t.Fatalf("first run: %v", err)
	}
	j, err := os.ReadFile(filepath.Join(cfg.StateDir, "journal.jsonl"))
	if err != nil || !strings.Contains(string(j), `"t":"ck"`) || !strings.Contains(string(j), "s3cret") {
		t.Fatalf("journal keeps no cookie (%v):\n%s", err, j)
	}

	// Resumed by a new process's crawler: the column page is asked for with the cookie.
	var column crawler.Outcome
	cfg.FetchLog = func(f crawler.FetchRecord) {
		if strings.HasSuffix(f.URL, "/zwgk/nb.html") {
			column = f.Outcome
		}
	}
	c, err = crawler.New(cfg, nil)
	if err != nil {
		t.Fatal(err)
	}
	sum, err := c.Run(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	mu.Lock()
	defer mu.Unlock()
	if !sum.Resumed || !withCookie["/zwgk/nb.html"] || column != crawler.OutcomeOK {
		t.Fatalf("resumed %v, column asked with cookie %v, its outcome %q", sum.Resumed, withCookie["/zwgk/nb.html"], column)
	}
}

var errStop = errorString("stop here")

type errorString string

func (e errorString) Error() string { return string(e) }
