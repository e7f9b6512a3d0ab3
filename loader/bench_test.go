package loader

import (
	"context"
	"fmt"
	"runtime"
	"runtime/debug"
	"sync/atomic"
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

// heapPeak samples the live heap while a benchmark runs: the loader's own memory must stay bounded
// by the batch size whatever the input size (the input itself is measured before and subtracted).
type heapPeak struct {
	base, peak atomic.Uint64
	stop       chan struct{}
	done       chan struct{}
	gcPercent  int
}

// With eager, the GC runs at GOGC=10 while measuring: with the default GOGC the heap may hold
// garbage up to the size of the live heap, which includes the input, so the peak would track the
// input size rather than the loader's own memory.
func startHeapPeak(eager bool) *heapPeak {
	old := debug.SetGCPercent(-1)
	debug.SetGCPercent(old)
	if eager {
		debug.SetGCPercent(10)
	}
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	h := &heapPeak{stop: make(chan struct{}), done: make(chan struct{}), gcPercent: old}
	h.base.Store(ms.HeapAlloc)
	go func() {
		defer close(h.done)
		t := time.NewTicker(2 * time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-h.stop:
				return
			case <-t.C:
				var ms runtime.MemStats
				runtime.ReadMemStats(&ms)
				if ms.HeapAlloc > h.peak.Load() {
					h.peak.Store(ms.HeapAlloc)
				}
			}
		}
	}()
	return h
}

// mb is the peak above the base, in MB.
func (h *heapPeak) mb() float64 {
	close(h.stop)
	<-h.done
	debug.SetGCPercent(h.gcPercent)
	p, b := h.peak.Load(), h.base.Load()
	if p < b {
		return 0
	}
	return float64(p-b) / (1 << 20)
}

func benchLoad(b *testing.B, s Sink, reports int, eagerGC bool) {
	if err := s.Migrate(context.Background()); err != nil {
		b.Fatal(err)
	}
	results, cells := benchResults(reports)
	b.ReportAllocs()
	b.ResetTimer()
	peak := startHeapPeak(eagerGC)
	start := time.Now()
	for i := 0; i < b.N; i++ {
		if _, err := s.Load(context.Background(), results); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(cells*b.N)/time.Since(start).Seconds(), "cells/s")
	b.ReportMetric(peak.mb(), "peak-heap-MB")
}

// The batch is 20k rows here (default 100k) so that growing inputs span several batches: the
// peak heap should stay flat while B/op grows with the input.
const benchBatchRows = 20_000

var benchSizes = []int{500, 2000, 8000} // reports of 100 cells: 50k, 200k, 800k cells per Load

// The speed benchmarks load with the production batch size (Options default, 100k rows): that is
// what users get. BenchmarkLoadMemory uses smaller batches to show the heap bounded by them.
func BenchmarkLoadServer(b *testing.B) {
	for _, n := range benchSizes {
		b.Run(fmt.Sprintf("cells=%d", n*100), func(b *testing.B) {
			benchLoad(b, openServerT(b, Options{}), n, false)
		})
	}
}

func BenchmarkLoadChdb(b *testing.B) {
	for _, n := range benchSizes {
		b.Run(fmt.Sprintf("cells=%d", n*100), func(b *testing.B) {
			benchLoad(b, openEmbeddedT(b, "", Options{}), n, false)
		})
	}
}

// BenchmarkLoadMemory: the loader's peak heap for growing inputs at a fixed batch size, measured
// with an eager GC (its cells/s are lower for that reason; use BenchmarkLoadServer for speed).
func BenchmarkLoadMemory(b *testing.B) {
	for _, n := range benchSizes {
		b.Run(fmt.Sprintf("cells=%d", n*100), func(b *testing.B) {
			benchLoad(b, openServerT(b, Options{BatchRows: benchBatchRows}), n, true)
		})
	}
}
