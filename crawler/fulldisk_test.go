package crawler_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"testing"

	"github.com/govreports/govreports/crawler"
)

// A full disk is played by RLIMIT_FSIZE in a child process (this test binary run again as a
// helper): past the limit every write(2) to a file fails (EFBIG; Go ignores SIGXFSZ), which is
// what the crawler sees of ENOSPC — a failed write of its archive or its journal. The limit would
// hit the test process's own files too, hence the child.
const fullDiskHelperEnv = "GOVREPORTS_FULLDISK_HELPER"

type fullDiskResult struct {
	Requests int
	Pages    int
	Err      string
	Archive  bool
	Journal  bool
}

// fullDiskServer serves a column page linking to n pages of about 8 KB each.
func fullDiskServer(t *testing.T, n int) *httptest.Server {
	filler := strings.Repeat("正文", 1300)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		if r.URL.Path == "/" {
			fmt.Fprint(w, `<html><head><title>政府信息公开年报</title></head><body>`)
			for i := 0; i < n; i++ {
				fmt.Fprintf(w, `<a href="/p%d.html">2022年政府信息公开工作年度报告 %d</a>`, i, i)
			}
			fmt.Fprint(w, `</body></html>`)
			return
		}
		fmt.Fprintf(w, `<html><head><title>%s</title></head><body>%s</body></html>`, r.URL.Path, filler)
	}))
	t.Cleanup(srv.Close)
	return srv
}

// TestFullDiskStopsSite: with 300 pages to fetch and a disk that fills after about 20 of them,
// the crawl stops at the first failed archive or journal write with ErrArchive / ErrJournal,
// instead of fetching every page it can neither archive nor journal.
func TestFullDiskStopsSite(t *testing.T) {
	if os.Getenv(fullDiskHelperEnv) != "" {
		fullDiskHelper()
		return
	}
	const pages = 300
	srv := fullDiskServer(t, pages)
	for _, c := range []struct {
		name             string
		archive, journal bool
		want             error
	}{
		{"archive fills the disk", true, true, crawler.ErrArchive},
		{"journal fills the disk", false, true, crawler.ErrJournal},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			cmd := exec.Command(os.Args[0], "-test.run=^TestFullDiskStopsSite$")
			cmd.Env = append(os.Environ(), fullDiskHelperEnv+"=1", "FULLDISK_URL="+srv.URL+"/", "FULLDISK_DIR="+dir,
				fmt.Sprintf("FULLDISK_ARCHIVE=%v", c.archive))
			out, err := cmd.CombinedOutput()
			if err != nil {
				t.Fatalf("helper: %v\n%s", err, out)
			}
			i := bytes.LastIndex(out, []byte("RESULT "))
			if i < 0 {
				t.Fatalf("helper said no result:\n%s", out)
			}
			var res fullDiskResult
			if err := json.Unmarshal(bytes.TrimSpace(bytes.SplitN(out[i+7:], []byte("\n"), 2)[0]), &res); err != nil {
				t.Fatal(err)
			}
			t.Logf("%d requests, %d pages, err %q", res.Requests, res.Pages, res.Err)
			if got := map[error]bool{crawler.ErrArchive: res.Archive, crawler.ErrJournal: res.Journal}; !got[c.want] {
				t.Errorf("err %q, want %v", res.Err, c.want)
			}
			// The disk holds about 20 pages; what was in flight when it filled may come on top.
			if res.Requests > 60 {
				t.Errorf("%d requests after the disk filled (of %d pages): the site did not stop", res.Requests, pages)
			}
		})
	}
}

func fullDiskHelper() {
	// 160 KiB per file: the WARC (uncompressed, ~8 KB a page) fills after ~20 pages; without
	// an archive, the journal (~100 bytes a line, 300 queued lines first) does after ~1000 lines.
	limit := uint64(160 << 10)
	if os.Getenv("FULLDISK_ARCHIVE") != "true" {
		limit = 40 << 10
	}
	if err := syscall.Setrlimit(syscall.RLIMIT_FSIZE, &syscall.Rlimit{Cur: limit, Max: limit}); err != nil {
		fmt.Println("setrlimit:", err)
		os.Exit(1)
	}
	dir := os.Getenv("FULLDISK_DIR")
	f := false
	c := crawler.Config{
		Site:            crawler.SiteInfo{Name: "full"},
		StartURLs:       []string{os.Getenv("FULLDISK_URL")},
		Delay:           crawler.NoDelay,
		Workers:         2,
		Parallelism:     2,
		StateDir:        dir + "/state",
		ArchiveCompress: &f,
		// 127.0.0.1
		AllowPrivateNetworks: true,
	}
	if os.Getenv("FULLDISK_ARCHIVE") == "true" {
		c.ArchiveDir = dir + "/archive"
	}
	cr, err := crawler.New(c, nil)
	if err != nil {
		fmt.Println("new:", err)
		os.Exit(1)
	}
	sum, err := cr.Run(context.Background(), nil)
	res := fullDiskResult{Requests: sum.Requests, Pages: sum.Pages}
	if err != nil {
		res.Err = err.Error()
		res.Archive, res.Journal = errors.Is(err, crawler.ErrArchive), errors.Is(err, crawler.ErrJournal)
	}
	b, _ := json.Marshal(res)
	fmt.Printf("RESULT %s\n", b)
	os.Exit(0)
}
