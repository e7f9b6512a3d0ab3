package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/govreports/govreports/internal/testenv"
)

// loadInput makes a folder of about size bytes of report pages: symbolic links to the made
// report parser/testdata/html/a_2021_complete_utf8.html (33 KB), so a gigabyte of input costs
// no disk. Each link is read and parsed like a file of its own.
func loadInput(t testing.TB, size int64) string {
	src, err := filepath.Abs("../../parser/testdata/html/a_2021_complete_utf8.html")
	if err != nil {
		t.Fatal(err)
	}
	st, err := os.Stat(src)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	for i := int64(0); i*st.Size() < size; i++ {
		if err := os.Symlink(src, filepath.Join(dir, fmt.Sprintf("r%06d.html", i))); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// loadPeak runs `load` on about size bytes into the test's ClickHouse server (a database of its
// own) and returns the command's peak RSS. The server, not embedded chDB: the kernel counts the
// chDB helper's memory in its parent's peak.
func loadPeak(t testing.TB, size int64) float64 {
	in := loadInput(t, size)
	dir := t.TempDir()
	dsn, _ := testenv.ServerDSN("govreports_loadrss")
	code, out, mb := peakRSS(t, dir, "--clickhouse", dsn, "load", in)
	if code != 0 {
		t.Fatalf("load of %d MB: exit %d\n%s", size>>20, code, out)
	}
	return mb
}

// TestLoadStreams: load's peak RSS does not grow with its input. It held every parsed report
// before writing (130 MB of input took 677 MB); now it parses and loads 200 reports at a time.
// 8 MB (more than one batch) against 48 MB of input here: six times the input may cost at most
// half as much again (a load that holds its input grows several times over), a margin that a
// loaded machine's garbage-collection timing does not cross (it moved 1.2× measures by 1.3×).
// BenchmarkLoadPeakRSS goes from 100 MB to 1 GB.
func TestLoadStreams(t *testing.T) {
	small := loadPeak(t, 8<<20)
	large := loadPeak(t, 48<<20)
	t.Logf("peak RSS: 8 MB of input %.0f MB, 48 MB of input %.0f MB", small, large)
	if large > small*1.5 {
		t.Errorf("peak RSS grew from %.0f MB to %.0f MB with 6× the input: load does not stream", small, large)
	}
}

// BenchmarkLoadPeakRSS reports load's peak RSS for each input size in GOVREPORTS_BENCH_LOAD_MB
// (default "100,1000") and the ratio of the largest to the smallest: flat (≤ 1.2) when load
// streams. It needs the ClickHouse server (make bench starts it); a gigabyte takes minutes.
func BenchmarkLoadPeakRSS(b *testing.B) {
	sizes := []int64{100, 1000}
	if v := os.Getenv("GOVREPORTS_BENCH_LOAD_MB"); v != "" {
		sizes = nil
		for _, f := range strings.Split(v, ",") {
			n, err := strconv.ParseInt(strings.TrimSpace(f), 10, 64)
			if err != nil || n <= 0 {
				b.Fatalf("GOVREPORTS_BENCH_LOAD_MB=%q: want sizes in MB, comma-separated", v)
			}
			sizes = append(sizes, n)
		}
	}
	for b.Loop() {
		var first, last float64
		for i, mb := range sizes {
			peak := loadPeak(b, mb<<20)
			b.ReportMetric(peak, fmt.Sprintf("peakMB/%dMB-input", mb))
			if i == 0 {
				first = peak
			}
			last = peak
		}
		b.ReportMetric(last/first, "peak-ratio")
	}
}
