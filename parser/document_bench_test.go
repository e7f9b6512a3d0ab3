package parser

import (
	"os"
	"path/filepath"
	"testing"
	"time"
)

// BenchmarkParseDocument is the whole parse (reader, matcher, validation) of the made WPS-like
// report as PDF (after the engine's start-up, which the first iteration pays) and as DOCX,
// in reports per second on one core.
func BenchmarkParseDocument(b *testing.B) {
	for _, name := range []string{"wps_2021_ruled.pdf", "wps_2021_ruled.docx"} {
		b.Run(name, func(b *testing.B) {
			data, err := os.ReadFile(filepath.Join("testdata", "docs", name))
			if err != nil {
				b.Fatal(err)
			}
			if _, err := Parse(data, Source{Name: "warm-up"}); err != nil { // starts PDFium
				b.Fatal(err)
			}
			b.SetBytes(int64(len(data)))
			b.ResetTimer()
			start := time.Now()
			for i := 0; i < b.N; i++ {
				if _, err := Parse(data, Source{Name: "bench"}); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "reports/s")
		})
	}
}
