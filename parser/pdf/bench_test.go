package pdf

import (
	"os"
	"testing"
	"time"
)

// BenchmarkStart is the start-up of PDFium with a warm compilation cache: what each process
// pays once, on its first PDF (the very first start on a machine also compiles: seconds).
func BenchmarkStart(b *testing.B) {
	dir := b.TempDir()
	e, err := Start(Options{CacheDir: dir}) // fills the cache
	if err != nil {
		b.Fatal(err)
	}
	e.Close()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		e, err := Start(Options{CacheDir: dir})
		if err != nil {
			b.Fatal(err)
		}
		e.Close()
	}
}

// BenchmarkPages reads the made 4-page WPS-like report (characters, rules, table layout) on a
// started engine and reports pages per second on one core (the engine reads one document at a
// time).
func BenchmarkPages(b *testing.B) {
	data, err := os.ReadFile("../testdata/docs/wps_2021_ruled.pdf")
	if err != nil {
		b.Fatal(err)
	}
	e, err := Default()
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(data)))
	b.ResetTimer()
	pages := 0
	start := time.Now()
	for i := 0; i < b.N; i++ {
		d, err := e.Extract(data)
		if err != nil {
			b.Fatal(err)
		}
		Layout(d)
		pages += len(d.Pages)
	}
	b.ReportMetric(float64(pages)/time.Since(start).Seconds(), "pages/s")
}
