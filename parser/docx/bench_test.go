package docx

import (
	"os"
	"testing"
	"time"
)

// BenchmarkRead reads the made WPS-like report (DOCX, three tables) and reports reports/s.
func BenchmarkRead(b *testing.B) {
	data, err := os.ReadFile("../testdata/docs/wps_2021_ruled.docx")
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(data)))
	start := time.Now()
	for i := 0; i < b.N; i++ {
		if _, err := Read(data); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "reports/s")
}
