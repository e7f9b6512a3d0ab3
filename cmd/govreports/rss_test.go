package main

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"runtime/debug"
	"strings"
	"sync"
	"syscall"
	"testing"

	"github.com/govreports/govreports/internal/testenv"
)

// The peak memory of a command is measured on the built binary, run as a child process: its
// maximum resident set size comes from the kernel (rusage), so it is the real figure, garbage
// collector and all. The inputs are made here, by the functions below; none is a real page.

var (
	cmdBinOnce sync.Once
	cmdBin     string
	cmdBinErr  error
)

// govreportsBin builds cmd/govreports next to the chDB helper TestMain built (so `run` finds it).
func govreportsBin(t testing.TB) string {
	t.Helper()
	cmdBinOnce.Do(func() { cmdBin, cmdBinErr = testenv.Build("cmd/govreports", filepath.Dir(helperBin)) })
	if cmdBinErr != nil {
		t.Fatal(cmdBinErr)
	}
	return cmdBin
}

// peakRSS runs the binary with args and returns its exit code, its output and its peak RSS in MB.
func peakRSS(t testing.TB, dir string, args ...string) (code int, out string, mb float64) {
	t.Helper()
	cmd := exec.Command(govreportsBin(t), args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOVREPORTS_DATA="+filepath.Join(dir, "data"), "GOVREPORTS_SPOOL="+filepath.Join(dir, "spool"),
		"GOVREPORTS_ARCHIVE="+filepath.Join(dir, "archive"), "GOVREPORTS_STATE="+filepath.Join(dir, "state"), "GOVREPORTS_CLICKHOUSE=",
		"GOVREPORTS_LOG_LEVEL=warn", "GOVREPORTS_ALLOW_PRIVATE_NETWORKS=true")
	var buf bytes.Buffer
	cmd.Stdout, cmd.Stderr = &buf, &buf
	err := cmd.Run()
	if cmd.ProcessState == nil {
		t.Fatalf("%v: %v", args, err)
	}
	ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage)
	if !ok {
		t.Fatalf("no rusage for %v", args)
	}
	return cmd.ProcessState.ExitCode(), buf.String(), float64(ru.Maxrss) / 1024 // Maxrss is in KiB on Linux
}

// selfPeakMB is the test process's own peak RSS: a floor under every child's figure (see gzipped).
func selfPeakMB() float64 {
	var ru syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return float64(ru.Maxrss) / 1024
}

// paddedReport is a made page of n bytes: the made complete report
// parser/testdata/html/a_2021_complete_utf8.html with, before </body>, one table row of empty
// <td> cells filling the rest (3.2 M of them in 16 MB).
func paddedReport(t *testing.T, n int) []byte {
	page, err := os.ReadFile("../../parser/testdata/html/a_2021_complete_utf8.html")
	if err != nil {
		t.Fatal(err)
	}
	i := bytes.LastIndex(page, []byte("</body>"))
	if i < 0 {
		t.Fatal("fixture without </body>")
	}
	var b bytes.Buffer
	b.Grow(n)
	b.Write(page[:i])
	b.WriteString("<table><tr>")
	tail := "</tr></table>" + string(page[i:])
	for b.Len()+len("<td>")+len(tail) <= n {
		b.WriteString("<td>")
	}
	b.WriteString(tail)
	return b.Bytes()
}

// gzipped compresses n bytes of write's output, streamed: the test process must stay small, as
// the kernel counts its peak RSS in its children's (the hiwater of the address space a child
// starts from is kept across exec).
func gzipped(t testing.TB, write func(w io.Writer)) []byte {
	var buf bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	write(zw)
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func zeros(n int) func(io.Writer) {
	return func(w io.Writer) {
		chunk := make([]byte, 1<<20)
		for i := range chunk {
			chunk[i] = '0'
		}
		for ; n > 0; n -= len(chunk) {
			w.Write(chunk[:min(n, len(chunk))])
		}
	}
}

// gzipSite serves a portal home page linking to one report, sent gzip-encoded.
func gzipSite(t *testing.T, gz []byte) *httptest.Server {
	t.Logf("report: %d bytes on the wire", len(gz))
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/":
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			fmt.Fprint(w, `<html><head><title>政府信息公开</title></head><body><a href="/nb/t20230118_1.html">某某镇人民政府2022年政府信息公开工作年度报告</a></body></html>`)
		case "/nb/t20230118_1.html":
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			w.Header().Set("Content-Encoding", "gzip")
			w.Write(gz)
		default:
			http.NotFound(w, r)
		}
	}))
	t.Cleanup(srv.Close)
	return srv
}

// TestPeakRSSCrawlGzipPage: a 16 MB report page of 3.2 M cells, 31 KB gzip-encoded on the wire,
// and a gzip bomb (1 GB of zeros in 1 MB), crawled by crawl and by run: peak RSS under 400 MB
// (it was 3.06 GB and 1.09 GB).
func TestPeakRSSCrawlGzipPage(t *testing.T) {
	const limitMB = 400
	cases := []struct {
		name string
		gz   []byte
	}{
		{"padded report", gzipped(t, func(w io.Writer) { w.Write(paddedReport(t, 16_000_000)) })},
		{"gzip bomb", gzipped(t, zeros(1<<30))},
	}
	debug.FreeOSMemory()
	t.Logf("the test process itself peaked at %.0f MB", selfPeakMB())
	for _, c := range cases {
		srv := gzipSite(t, c.gz)
		for _, verb := range []string{"crawl", "run"} {
			dir := t.TempDir()
			code, out, mb := peakRSS(t, dir, verb, "--start", srv.URL+"/")
			t.Logf("%s, %s: exit %d, peak RSS %.0f MB\n%s", c.name, verb, code, mb, out)
			if code != 0 {
				t.Errorf("%s, %s: exit %d:\n%s", c.name, verb, code, out)
			}
			if mb > limitMB {
				t.Errorf("%s, %s: peak RSS %.0f MB, want < %d MB", c.name, verb, mb, limitMB)
			}
			if verb == "crawl" {
				// Re-reading the archive that holds the page costs no more than crawling it.
				code, out, mb := peakRSS(t, dir, "parse", "--format", "jsonl", filepath.Join(dir, "archive"))
				t.Logf("%s, parse archive: exit %d, peak RSS %.0f MB", c.name, code, mb)
				if mb > limitMB {
					t.Errorf("%s, parse archive: peak RSS %.0f MB, want < %d MB\n%s", c.name, mb, limitMB, out)
				}
			}
		}
	}
}

// TestPeakRSSParse16MB: parse on any input up to the parser's 16 MiB limit peaks under 1 GB
// (a tab-separated text took 2.6 GB, one pipe line of 10 MB 937 MB, the padded page more).
func TestPeakRSSParse16MB(t *testing.T) {
	const limitMB = 1000
	dir := t.TempDir()
	inputs := map[string][]byte{
		"padded.html": paddedReport(t, 16_000_000),
		"tabs.txt":    []byte("某某镇人民政府2022年政府信息公开工作年度报告\n" + strings.Repeat("1\t", 8_000_000)),
		"pipe.txt":    []byte("某某镇人民政府2022年政府信息公开工作年度报告\n" + strings.Repeat("1|", 5_000_000)),
		"spaces.txt":  []byte("某某镇人民政府2022年政府信息公开工作年度报告\n" + strings.Repeat("1 ", 8_000_000)),
	}
	// A real glued dump (testdata/corpus/glued) repeated to 16 MB: the glued reader's own cost.
	glued, err := os.ReadFile("../../testdata/corpus/glued/pingtan_2022_glued.txt")
	if err != nil {
		t.Fatal(err)
	}
	inputs["glued.txt"] = []byte(strings.ToValidUTF8(string(bytes.Repeat(glued, 16_000_000/len(glued)+1)[:16_000_000]), ""))
	defer func() { t.Logf("the test process itself peaked at %.0f MB", selfPeakMB()) }()
	for name, b := range inputs {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
		code, out, mb := peakRSS(t, dir, "parse", "--format", "jsonl", p)
		t.Logf("%s (%d bytes): exit %d, peak RSS %.0f MB", name, len(b), code, mb)
		if code != 0 {
			t.Errorf("%s: exit %d: %.300s", name, code, out)
		}
		if mb > limitMB {
			t.Errorf("%s: peak RSS %.0f MB, want < %d MB", name, mb, limitMB)
		}
	}
}
