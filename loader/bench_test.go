package loader

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/govreports/govreports/parser"
)

// benchResults builds n reports of 100 cells each (a realistic report has 80–150).
func benchResults(n int) ([]*parser.Result, int) {
	out := make([]*parser.Result, n)
	cells := 0
	for i := range out {
		r := sampleResult(fmt.Sprintf("bench-%06d", i))
		r.Cells = r.Cells[:0]
		for j := 0; j < 100; j++ {
			v := float64(i*j) / 7
			r.Cells = append(r.Cells, parser.Cell{Section: "requests", Row: fmt.Sprintf("row.%02d", j/8),
				Col: fmt.Sprintf("col_%d", j%8), Value: &v, Raw: fmt.Sprint(v), Flags: []string{}})
		}
		cells += len(r.Cells)
		out[i] = r
	}
	return out, cells
}

func benchLoad(b *testing.B, s Sink) {
	if err := s.Migrate(context.Background()); err != nil {
		b.Fatal(err)
	}
	results, cells := benchResults(2000) // 200k cells per Load
	b.ResetTimer()
	start := time.Now()
	for i := 0; i < b.N; i++ {
		if _, err := s.Load(context.Background(), results); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(cells*b.N)/time.Since(start).Seconds(), "cells/s")
}

func BenchmarkLoadServer(b *testing.B) {
	benchLoad(b, openServerT(b, Options{}))
}

func BenchmarkLoadChdb(b *testing.B) {
	benchLoad(b, openEmbeddedT(b, "", Options{}))
}
