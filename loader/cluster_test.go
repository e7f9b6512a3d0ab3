package loader

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/govreports/govreports/internal/testenv"
	"github.com/govreports/govreports/parser"
)

// TestCluster runs govreports alone against an empty cluster built by scripts/cluster.sh
// (ZooKeeper 3.8 and three ClickHouse 18.16 servers: shard 1 on nodes 1 and 2, shard 2 on node
// 3): no DDL but the loader's. Node 1 is the entry node unless a step says otherwise.
func TestCluster(t *testing.T) {
	start := time.Now()
	c := testenv.StartCluster(t)
	t.Logf("cluster up in %s (ports from %d, ZooKeeper %d)", time.Since(start).Round(time.Millisecond), c.Base, c.ZKPort)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()

	const db = "gr_cluster"
	nodes := make([]Sink, 4) // 1..3
	t0 := time.Now()
	applied, err := clusterSink(t, c, 1, db, Options{}).(*serverSink).migrate(ctx)
	if err != nil {
		t.Fatalf("migrate an empty cluster: %v", err)
	}
	t.Logf("migrated the empty cluster in %s", time.Since(t0).Round(time.Millisecond))
	if want := migrationVersions(t); fmt.Sprint(applied) != fmt.Sprint(want) {
		t.Fatalf("applied %v, want %v", applied, want)
	}
	for k := 1; k <= 3; k++ {
		nodes[k] = clusterSink(t, c, k, db, Options{})
	}

	t.Run("every node has the schema", func(t *testing.T) {
		q := "SELECT name, engine FROM system.tables WHERE database = '" + db + "' ORDER BY name"
		want := csvOf(t, nodes[1], q)
		for _, must := range []string{"reports,Distributed", "reports_local,ReplicatedReplacingMergeTree",
			"cells_current,View", "cross_year_checks,View", "goose_db_version,ReplicatedReplacingMergeTree"} {
			if !strings.Contains(want, must+"\n") {
				t.Errorf("node 1 lacks %q:\n%s", must, want)
			}
		}
		for k := 2; k <= 3; k++ {
			if got := csvOf(t, nodes[k], q); got != want {
				t.Errorf("node %d tables:\n%s\nnode 1:\n%s", k, got, want)
			}
		}
		cols := "SELECT table, name, type FROM system.columns WHERE database = '" + db + "' ORDER BY table, name"
		for k := 2; k <= 3; k++ {
			if a, b := csvOf(t, nodes[k], cols), csvOf(t, nodes[1], cols); a != b {
				t.Errorf("node %d columns differ from node 1's", k)
			}
		}
	})

	t.Run("migration through another node is a no-op", func(t *testing.T) {
		for k := 2; k <= 3; k++ {
			applied, err := nodes[k].(*serverSink).migrate(ctx)
			if err != nil || len(applied) != 0 {
				t.Errorf("node %d: applied %v, err %v; want nothing", k, applied, err)
			}
		}
	})

	t.Run("a half-applied migration resumes", func(t *testing.T) {
		// 00006 as if interrupted: its per-node ALTER of the Distributed fetches table reached
		// nodes 1 and 2 but not 3, and it (and everything after it) was never recorded.
		entry := nodes[1].(*serverSink)
		if err := nodes[3].(*serverSink).boot.Exec(ctx, "ALTER TABLE "+db+".fetches DROP COLUMN kind, DROP COLUMN referrer, DROP COLUMN depth, DROP COLUMN is_report"); err != nil {
			t.Fatal(err)
		}
		var redo []int64
		for _, v := range migrationVersions(t) {
			if v < 6 {
				continue
			}
			redo = append(redo, v)
			if err := entry.conn.Exec(ctx, fmt.Sprintf("INSERT INTO %s.%s (version_id, is_applied, tstamp, seq) SELECT toInt64(%d), toUInt8(0), now(), toUInt64(%d)",
				db, versionTable, v, entry.clock.next())); err != nil {
				t.Fatal(err)
			}
		}
		applied, err := nodes[2].(*serverSink).migrate(ctx) // through another node, which must see the state
		if err != nil {
			t.Fatalf("resume: %v", err)
		}
		if fmt.Sprint(applied) != fmt.Sprint(redo) {
			t.Errorf("resume applied %v, want %v", applied, redo)
		}
		cols := "SELECT table, name, type FROM system.columns WHERE database = '" + db + "' ORDER BY table, name"
		if a, b := csvOf(t, nodes[3], cols), csvOf(t, nodes[1], cols); a != b {
			t.Errorf("after the resume node 3's columns differ from node 1's:\n%s\n%s", a, b)
		}
		for k := 1; k <= 3; k++ {
			if applied, err := nodes[k].(*serverSink).migrate(ctx); err != nil || len(applied) != 0 {
				t.Errorf("node %d after the resume: applied %v, err %v", k, applied, err)
			}
		}
	})

	t.Run("corpus loaded twice", func(t *testing.T) {
		results := parseCorpus(t)
		reports, cells, issues := distinctRows(t, results)
		for i := 0; i < 2; i++ {
			if _, err := nodes[1].Load(ctx, results); err != nil {
				t.Fatal(err)
			}
			// Right after Load returns, through every node.
			for k := 1; k <= 3; k++ {
				exactCounts(t, nodes[k], reports, cells, issues)
			}
		}
		// The same rows as on one server.
		single := openServerT(t, Options{})
		if err := single.Migrate(ctx); err != nil {
			t.Fatal(err)
		}
		if _, err := single.Load(ctx, results); err != nil {
			t.Fatal(err)
		}
		for _, q := range corpusQueries() {
			want := csvOf(t, single, q)
			// 18.16 refuses columns read FINAL from a Distributed table unless the version
			// column is among them (docs/clickhouse.md); a subquery of all columns does it.
			for _, table := range []string{"reports", "cells", "issues"} {
				q = strings.Replace(q, " FROM "+table+" FINAL", " FROM (SELECT * FROM "+table+" FINAL)", 1)
			}
			for k := 1; k <= 3; k++ {
				if got := csvOf(t, nodes[k], q); got != want {
					t.Errorf("node %d differs from one server for %s:\n%.1500s\nwant:\n%.1500s", k, q, got, want)
				}
			}
		}
	})

	t.Run("both shards hold rows and the replicas agree", func(t *testing.T) {
		key := map[string]string{"reports": "id, version", "cells": "report_id, section, row, col, value, version",
			"issues": "report_id, rule, section, row, col, key, version"}
		local := func(k int, table string) string {
			return csvOf(t, nodes[k], fmt.Sprintf("SELECT count(), sum(cityHash64(%s)) FROM %s.%s_local FINAL", key[table], db, table))
		}
		for _, table := range []string{"reports", "cells", "issues"} {
			a, b, s2 := local(1, table), local(2, table), local(3, table)
			if a != b {
				t.Errorf("%s: replica 2 of shard 1 has %q, replica 1 %q", table, b, a)
			}
			for k, v := range map[int]string{1: a, 3: s2} {
				if strings.HasPrefix(strings.Split(v, "\n")[1], "0,") {
					t.Errorf("%s: shard of node %d holds no rows", table, k)
				}
			}
		}
	})

	t.Run("views equal one server", func(t *testing.T) {
		cl := migratedCluster(t, c, 2, "gr_views") // migrated through node 2 this time
		single := openServerT(t, Options{})
		if err := single.Migrate(ctx); err != nil {
			t.Fatal(err)
		}
		for _, s := range []Sink{cl, single} {
			for _, rs := range [][]*parser.Result{staleResults(), knownResults(), crossYearResults()} {
				if _, err := s.Load(ctx, rs); err != nil {
					t.Fatal(err)
				}
			}
		}
		var qs []viewQuery
		qs = append(qs, analystViewQueries()...)
		for _, d := range readDocQueries(t) {
			qs = append(qs, viewQuery{sql: d.sql})
		}
		qs = append(qs,
			viewQuery{sql: "SELECT * FROM cross_year_checks ORDER BY rule, agency, region_code, year, item"},
			viewQuery{sql: "SELECT * FROM report_quality ORDER BY report_id, rule, severity"},
			viewQuery{sql: "SELECT report_id, rule, section, row, col, message FROM issues_current ORDER BY report_id, rule, section, row, col, message"},
			viewQuery{sql: "SELECT report_id, section, row, col, value FROM cells_current ORDER BY report_id, section, row, col"})
		for k := 1; k <= 3; k++ {
			node := clusterSink(t, c, k, "gr_views", Options{})
			for _, q := range qs {
				want := csvOf(t, single, q.sql)
				if len(strings.Split(want, "\n")) < 3 {
					t.Errorf("one server answers %s with no rows", q.sql)
				}
				if got := csvOf(t, node, q.sql); got != want {
					t.Errorf("node %d: %s\ngot:\n%s\none server:\n%s", k, q.sql, got, want)
				}
			}
		}
	})

	t.Run("fetch log", func(t *testing.T) {
		at := time.Date(2024, 3, 1, 2, 20, 30, 0, time.UTC)
		var fetches []Fetch
		for i := 0; i < 50; i++ {
			fetches = append(fetches, Fetch{URL: fmt.Sprintf("http://h%d.example.gov.cn/a%d.pdf", i%7, i), FetchedAt: at,
				Outcome: "ok", Attempt: 1, Kind: "attachment", Referrer: fmt.Sprintf("http://h%d.example.gov.cn/", i%7)})
		}
		for i := 0; i < 2; i++ {
			if err := nodes[1].LoadFetches(ctx, fetches); err != nil {
				t.Fatal(err)
			}
		}
		// The crawl-log question of docs/clickhouse.md; on a cluster its subquery over a
		// Distributed table must be GLOBAL (the server refuses it otherwise, code 288).
		q := "SELECT count() FROM fetches FINAL WHERE kind = 'attachment' AND outcome = 'ok' AND referrer GLOBAL NOT IN (SELECT url FROM reports FINAL)"
		for k := 1; k <= 3; k++ {
			if n := count(t, nodes[k], q); n != 50 {
				t.Errorf("node %d: %d attachment-only fetches, want 50", k, n)
			}
		}
	})

	t.Run("a report is visible when load returns", func(t *testing.T) {
		base := parseCorpus(t)[0]
		for i := 0; i < 5; i++ {
			r := *base
			r.Report.ID = fmt.Sprintf("visible-%d", i)
			if _, err := nodes[1].Load(ctx, []*parser.Result{&r}); err != nil {
				t.Fatal(err)
			}
			for k := 1; k <= 3; k++ {
				q := fmt.Sprintf("SELECT count() FROM cells_current WHERE report_id = '%s'", r.Report.ID)
				if n := count(t, nodes[k], q); n != uint64(len(r.Cells)) {
					t.Errorf("node %d, right after load: %d of the report's %d cells", k, n, len(r.Cells))
				}
			}
		}
	})

	t.Run("a node down stops a migration at once, which resumes when it is back", func(t *testing.T) {
		s := clusterSink(t, c, 1, "gr_down", Options{})
		if err := c.Kill9(3); err != nil {
			t.Fatal(err)
		}
		t0 := time.Now()
		err := s.Migrate(ctx)
		if !errors.Is(err, ErrUnreachable) || !strings.Contains(err.Error(), "shard 2") {
			t.Errorf("migrate with node 3 down: %v, want ErrUnreachable naming shard 2", err)
		}
		if d := time.Since(t0); d > 20*time.Second {
			t.Errorf("the failed migration took %s", d)
		}
		if err := c.Start(); err != nil {
			t.Fatal(err)
		}
		applied, err := s.(*serverSink).migrate(ctx)
		if err != nil || fmt.Sprint(applied) != fmt.Sprint(migrationVersions(t)) {
			t.Errorf("after the restart: applied %v, err %v", applied, err)
		}
	})

	for _, victim := range []struct {
		name  string
		node  int
		spool bool // loads through node 1 must meet the outage
	}{
		{"replica of shard 1", 2, false},
		{"entry node", 1, true},
		{"single-replica shard", 3, true},
	} {
		t.Run("kill -9 of the "+victim.name+" mid-load", func(t *testing.T) {
			killMidLoad(t, c, victim.node, victim.spool)
		})
	}
	for k := 1; k <= 3; k++ {
		_ = nodes[k].Close()
	}
}

// clusterFaultReports in batches of faultBatch: fewer than the one-server fault test, since
// every batch crosses three servers on a shared two-core machine.
const clusterFaultReports = 120

// killMidLoad loads clusterFaultReports through node 1 and kills node victim during batch 4;
// the node is restarted at batch 7 and the rest loads on (replaying the spool first).
func killMidLoad(t *testing.T, c *testenv.Cluster, victim int, wantSpool bool) {
	start := time.Now()
	db := fmt.Sprintf("gr_kill_%d", victim)
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	sink := migratedCluster(t, c, 1, db)
	spool, err := OpenSpool(t.TempDir(), nil)
	if err != nil {
		t.Fatal(err)
	}
	const killAt, restartAt = 4, 7
	results, _ := benchResults(clusterFaultReports)
	spooled := 0
	for i := 0; i*faultBatch < len(results); i++ {
		b := results[i*faultBatch : min((i+1)*faultBatch, len(results))]
		switch i {
		case killAt:
			done := make(chan struct{})
			go func() {
				defer close(done)
				time.Sleep(2 * time.Millisecond)
				if err := c.Kill9(victim); err != nil {
					t.Error(err)
				}
			}()
			defer func() { <-done }()
		case restartAt:
			rt := time.Now()
			if err := c.Start(); err != nil {
				t.Fatal(err)
			}
			t.Logf("node %d restarted in %s", victim, time.Since(rt).Round(time.Millisecond))
		}
		bt := time.Now()
		down, err := writeAhead(ctx, sink, spool, b)
		if err != nil {
			t.Fatalf("batch %d: %v", i, err)
		}
		if d := time.Since(bt); d > time.Second {
			t.Logf("batch %d took %s (server down: %v)", i, d.Round(time.Millisecond), down)
		}
		if down {
			spooled += len(b)
		}
	}
	flushStart := time.Now()
	defer func() { t.Logf("flushed in %s", time.Since(flushStart).Round(time.Millisecond)) }()
	// A restarted node may refuse writes for a few seconds (its old ZooKeeper session must
	// expire first): flush until the spool is empty.
	for deadline := time.Now().Add(time.Minute); ; {
		names, err := spool.Pending()
		if err != nil {
			t.Fatal(err)
		}
		if len(names) == 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d batches still spooled a minute after the restart", len(names))
		}
		if down, err := writeAhead(ctx, sink, spool, nil); err != nil || down {
			time.Sleep(200 * time.Millisecond)
		}
	}
	if wantSpool && spooled == 0 {
		t.Errorf("no batch was spooled: the kill did not hit the load")
	}
	t.Logf("%d reports spooled and replayed; load with kill and restart took %s", spooled, time.Since(start).Round(time.Millisecond))
	for k := 1; k <= 3; k++ {
		node := clusterSink(t, c, k, db, Options{})
		exactCounts(t, node, clusterFaultReports, clusterFaultReports*100, clusterFaultReports*3)
	}
	for k := 1; k <= 3; k++ {
		for _, table := range []string{"reports", "cells", "issues"} {
			dir := filepath.Join(c.DataDir(k), "data", db, table)
			_ = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
				if err == nil && p != dir {
					t.Errorf("node %d: %s left in the Distributed table's directory", k, p)
				}
				return nil
			})
			if _, err := os.Stat(dir); err != nil {
				t.Errorf("node %d: %v", k, err)
			}
		}
	}
}

// clusterSink opens node k of c with database db in cluster mode, closed when the test ends.
func clusterSink(t testing.TB, c *testenv.Cluster, k int, db string, o Options) Sink {
	t.Helper()
	o.DSN, o.Cluster = c.DSN(k, db), testenv.ClusterName
	if o.RetryFor == 0 {
		o.RetryFor = 500 * time.Millisecond
	}
	o.DialTimeout = time.Second
	s, err := Open(context.Background(), o)
	if err != nil {
		t.Fatalf("node %d: %v", k, err)
	}
	t.Cleanup(func() { _ = s.Close() })
	return s
}

// migratedCluster is a cluster sink on node k whose database db has been migrated from empty.
func migratedCluster(t *testing.T, c *testenv.Cluster, k int, db string) Sink {
	t.Helper()
	s := clusterSink(t, c, k, db, Options{})
	if err := s.Migrate(context.Background()); err != nil {
		t.Fatalf("migrate %s through node %d: %v", db, k, err)
	}
	return s
}

// distinctRows: the rows the tables hold after FINAL once results are loaded.
func distinctRows(t *testing.T, results []*parser.Result) (reports, cells, issues int) {
	t.Helper()
	b, err := buildBatch(results, 1, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	ids, cellKeys, issueKeys := map[string]bool{}, map[string]bool{}, map[string]bool{}
	for _, r := range b.reports {
		ids[r.ID] = true
	}
	for _, c := range b.cells {
		cellKeys[fmt.Sprint(c.ReportID, "\x00", c.Section, "\x00", c.Row, "\x00", c.Col)] = true
	}
	for _, is := range b.issues {
		issueKeys[fmt.Sprint(is.ReportID, "\x00", is.Rule, "\x00", is.Section, "\x00", is.Row, "\x00", is.Col, "\x00", is.Key)] = true
	}
	return len(ids), len(cellKeys), len(issueKeys)
}

func csvOf(t *testing.T, s Sink, sql string) string {
	t.Helper()
	var buf bytes.Buffer
	if err := mustQuery(t, s, sql).Write(&buf, FormatCSV); err != nil {
		t.Fatal(err)
	}
	return buf.String()
}

// BenchmarkLoadCluster: loads through node 1 of a cluster of scripts/cluster.sh, with what
// cluster mode adds to each batch (synchronous Distributed inserts, replica syncs). 10 reports
// show the fixed cost of a batch, 2000 the rate of a big load.
func BenchmarkLoadCluster(b *testing.B) {
	c := testenv.StartCluster(b)
	for _, n := range []int{10, 2000} {
		b.Run(fmt.Sprintf("cells=%d", n*100), func(b *testing.B) {
			benchLoad(b, clusterSink(b, c, 1, fmt.Sprintf("gr_bench_%d", n), Options{}), n, false)
		})
	}
}
