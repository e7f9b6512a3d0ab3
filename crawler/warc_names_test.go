package crawler_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/govreports/govreports/crawler"
)

// sitesServer serves, under /s<i>/, a start page linking to three pages, so every site crawled
// against it fetches URLs of its own.
func sitesServer(t *testing.T) *httptest.Server {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		if strings.HasSuffix(r.URL.Path, "/") {
			fmt.Fprint(w, `<html><head><title>政府信息公开</title></head><body>`)
			for _, p := range []string{"a", "b", "c"} {
				fmt.Fprintf(w, `<a href="%s.html">政府信息公开工作年度报告 %s</a>`, p, p)
			}
			fmt.Fprint(w, `</body></html>`)
			return
		}
		fmt.Fprintf(w, `<html><head><title>%s</title></head><body>正文</body></html>`, r.URL.Path)
	}))
	t.Cleanup(srv.Close)
	return srv
}

// TestWARCManySitesOneArchive crawls many sites in one process into one archive directory, one
// after another (as `crawl --sites` does) and at the same time (as `serve` does), and re-reads
// the archive: every page any crawler fetched must be in it. With names made of second, pid and
// a per-crawler serial, crawlers started in the same second shared file names and one site's
// file replaced another's.
func TestWARCManySitesOneArchive(t *testing.T) {
	srv := sitesServer(t)
	archive := t.TempDir()
	var mu sync.Mutex
	fetched := map[string]bool{}
	crawl := func(i int) error {
		c := crawler.Config{
			Site:       crawler.SiteInfo{Name: fmt.Sprintf("site %d", i)},
			StartURLs:  []string{fmt.Sprintf("%s/s%d/", srv.URL, i)},
			Delay:      crawler.NoDelay,
			ArchiveDir: archive,
			// 127.0.0.1
			AllowPrivateNetworks: true,
			FetchLog: func(r crawler.FetchRecord) {
				if r.Outcome == crawler.OutcomeOK && r.Kind != crawler.KindRobots {
					mu.Lock()
					fetched[r.URL] = true
					mu.Unlock()
				}
			},
		}
		cr, err := crawler.New(c, nil)
		if err != nil {
			return err
		}
		_, err = cr.Run(context.Background(), nil)
		return err
	}
	const sequential, parallel = 6, 6
	for i := 0; i < sequential; i++ {
		if err := crawl(i); err != nil {
			t.Fatalf("site %d: %v", i, err)
		}
	}
	var wg sync.WaitGroup
	errs := make([]error, parallel)
	for i := 0; i < parallel; i++ {
		wg.Add(1)
		go func(i int) { defer wg.Done(); errs[i] = crawl(sequential + i) }(i)
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Fatalf("site %d: %v", sequential+i, err)
		}
	}
	if want := (sequential + parallel) * 4; len(fetched) != want {
		t.Fatalf("fetched %d pages, want %d", len(fetched), want)
	}
	archived := map[string]bool{}
	if err := crawler.ReadWARC(archive, func(p crawler.Page) error { archived[p.URL] = true; return nil }); err != nil {
		t.Fatal(err)
	}
	var missing []string
	for u := range fetched {
		if !archived[u] {
			missing = append(missing, u)
		}
	}
	if len(missing) > 0 {
		t.Fatalf("%d of %d fetched pages missing from the archive, e.g. %s", len(missing), len(fetched), missing[0])
	}
}
