package pipeline

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/govreports/govreports/crawler/simulator"
	"github.com/govreports/govreports/parser"
)

// The metric hooks see what Stats reports at the end: every parsed report, every row loaded.
func TestHooksSeeWhatStatsCount(t *testing.T) {
	sink := openSinks(t)["server"]
	p := simulator.New(simulator.Options{Stall: 50 * time.Millisecond})
	defer p.Close()
	var mu sync.Mutex
	results := 0
	rows := map[string]int{}
	st, err := Run(context.Background(), crawlConfig(t, p), Options{
		Sink: sink, BatchReports: 2, FlushEvery: 20 * time.Millisecond,
		OnResult: func(*parser.Result) { mu.Lock(); results++; mu.Unlock() },
		OnLoaded: func(table string, n int) { mu.Lock(); rows[table] += n; mu.Unlock() },
	})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]int{"reports": st.Loaded.Reports, "cells": st.Loaded.Cells, "issues": st.Loaded.Issues, "fetches": st.Fetches}
	for table, n := range want {
		if rows[table] != n {
			t.Errorf("OnLoaded %s: %d rows, Stats: %d", table, rows[table], n)
		}
	}
	if results != st.Parsed || results != len(simulator.ExpectedReports()) {
		t.Errorf("OnResult saw %d reports, Stats parsed %d", results, st.Parsed)
	}
}
