package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/govreports/govreports/crawler/simulator"
	"github.com/govreports/govreports/internal/testenv"
	"github.com/govreports/govreports/loader"
	"github.com/govreports/govreports/parser"
)

// The harness of the multi-node tests and benchmark: a made province (crawler/simulator, every
// portal a host of its own on 127.0.0.1, answering each request after a short latency so that
// two requests sent at once really overlap), one private Redis (internal/testenv, the project's
// scripts/redis.sh), one database on the test ClickHouse server, and `govreports run --sites
// --frontier` processes built from this package, each with its own archive, state and spool.
// Every node sends a User-Agent naming it, so the portals' request logs say which node asked.

// nodeProvince is the made province of a multi-node run.
type nodeProvince struct {
	prov    *simulator.Province
	sites   string          // the sites file
	reports func(k int) int // reports of portal k
	ids     []string        // every report id the province publishes, sorted
	started time.Time       // when its portals started, the origin of the times in history
}

// newNodeProvince starts n portals, portal k publishing reports(k) reports, each request held
// latency; the sites file asks for delay between two requests to one host.
func newNodeProvince(t testing.TB, n int, reports func(k int) int, latency, delay time.Duration) *nodeProvince {
	t.Helper()
	p := &nodeProvince{reports: reports, started: time.Now(),
		prov: simulator.NewProvince(n, reports, simulator.Options{CrawlDelay: "0", Latency: latency})}
	t.Cleanup(p.prov.Close)
	p.sites = filepath.Join(t.TempDir(), "sites.yaml")
	if err := os.WriteFile(p.sites, p.prov.SitesYAML(delay, 0), 0o644); err != nil {
		t.Fatal(err)
	}
	// The ids the crawl must load: the simulator's /big/ report pages parsed here (report ids
	// are content ids, so they do not depend on the URL).
	for k := 0; k < n; k++ {
		for i := 0; i < reports(k); i++ {
			spec := simulator.ReportSpec{Agency: fmt.Sprintf("%s%d", simulator.ProvinceAgency(k), i), Year: 2022, Form: "2021", Seed: i, Complete: true}
			res, err := parser.Parse([]byte(simulator.ReportPage(spec, `<meta charset="utf-8">`, "")), parser.Source{Name: "x.html", ContentType: "text/html; charset=utf-8"})
			if err != nil {
				t.Fatal(err)
			}
			p.ids = append(p.ids, res.Report.ID)
		}
	}
	slices.Sort(p.ids)
	if len(slices.Compact(slices.Clone(p.ids))) != len(p.ids) {
		t.Fatal("the made province publishes two reports with one id")
	}
	return p
}

// nodeUA is the User-Agent of node name: the portals' logs attribute requests by it.
func nodeUA(name string) string {
	return "govreports-nodetest/1 (node " + name + "; +http://127.0.0.1/)"
}

// requestsByNode is how many requests each node sent to the province (by User-Agent).
func (p *nodeProvince) requestsByNode(names []string) map[string]int {
	out := map[string]int{}
	for _, pt := range p.prov.Portals {
		for _, r := range pt.Requests() {
			for _, n := range names {
				if r.UserAgent == nodeUA(n) {
					out[n]++
				}
			}
		}
	}
	return out
}

// reportPagesBy is how many report pages node name was sent.
func (p *nodeProvince) reportPagesBy(name string) int {
	n := 0
	for _, pt := range p.prov.Portals {
		for _, r := range pt.Requests() {
			if r.UserAgent == nodeUA(name) && r.Status == 200 && strings.HasPrefix(r.Path, "/big/2023/") {
				n++
			}
		}
	}
	return n
}

// crawledBy is, per portal, the nodes that sent it requests other than for robots.txt, in the
// order they first did: more than one means the site changed hands.
func (p *nodeProvince) crawledBy(names []string) [][]string {
	out := make([][]string, len(p.prov.Portals))
	for k, pt := range p.prov.Portals {
		for _, r := range pt.Requests() {
			if r.Path == "/robots.txt" {
				continue
			}
			for _, n := range names {
				if r.UserAgent == nodeUA(n) && !slices.Contains(out[k], n) {
					out[k] = append(out[k], n)
				}
			}
		}
	}
	return out
}

// nodeEnv is a multi-node run: the frontier, the database, the built command.
type nodeEnv struct {
	t     testing.TB
	bin   string
	redis *testenv.Redis
	dsn   string
	db    string
	sink  loader.Sink
	lease time.Duration
}

func newNodeEnv(t testing.TB, lease time.Duration) *nodeEnv {
	t.Helper()
	e := &nodeEnv{t: t, bin: govreportsBin(t), redis: testenv.StartRedis(t), lease: lease}
	e.dsn, e.db = testenv.ServerDSN("govreports_nodes")
	ctx := context.Background()
	sink, err := loader.Open(ctx, loader.Options{DSN: e.dsn})
	if err != nil {
		t.Fatalf("%v (%s)", err, testenv.ServerHint())
	}
	// The schema before the nodes start, so three processes do not race to create it.
	if err := sink.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	e.sink = sink
	t.Cleanup(func() {
		sink.Query(context.Background(), "DROP DATABASE IF EXISTS "+e.db)
		sink.Close()
	})
	return e
}

// query runs sql (DB. stands for the test's database) and returns the last CSV line.
func (e *nodeEnv) query(sql string) string {
	e.t.Helper()
	tab, err := e.sink.Query(context.Background(), strings.ReplaceAll(sql, "DB.", e.db+"."))
	if err != nil {
		e.t.Fatalf("%s: %v", sql, err)
	}
	var b strings.Builder
	tab.Write(&b, "csv")
	lines := strings.Split(strings.TrimSpace(b.String()), "\n")
	return strings.Trim(lines[len(lines)-1], `"`)
}

// node is one running `govreports run --frontier` process.
type node struct {
	name string
	dir  string // its own archive/, state/, spool/
	cmd  *exec.Cmd
	mu   sync.Mutex
	out  bytes.Buffer // stdout then stderr, as they come
	done chan struct{}
}

type lockedWriter struct {
	mu *sync.Mutex
	b  *bytes.Buffer
}

func (w lockedWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.b.Write(p)
}

// startNode starts node name on the province: every site of the sites file, at most sites at
// once, the shared frontier (unless shared is false: then the node has only its local state, as
// without --frontier) and ClickHouse, its own directories.
func (e *nodeEnv) startNode(name string, p *nodeProvince, sites int, shared bool) *node {
	return e.startCommand(name, p, sites, shared, "run")
}

// startCommand starts node name as `govreports CMD` (run or serve, then extra arguments) with
// the directories, frontier and ClickHouse of startNode.
func (e *nodeEnv) startCommand(name string, p *nodeProvince, sites int, shared bool, cmd string, extra ...string) *node {
	e.t.Helper()
	n := &node{name: name, dir: e.t.TempDir(), done: make(chan struct{})}
	args := []string{cmd, "--sites", p.sites, "--concurrency", fmt.Sprint(sites),
		"--archive", filepath.Join(n.dir, "archive"), "--state", filepath.Join(n.dir, "state"),
		"--spool", filepath.Join(n.dir, "spool")}
	if shared {
		args = append(args, "--frontier", e.redis.URL(), "--frontier-lease", e.lease.String(), "--node", name)
	}
	args = append(args, extra...)
	n.cmd = exec.Command(e.bin, args...)
	// A test binary that dies (a timeout, ^C) must not leave crawlers running against nothing.
	n.cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	n.cmd.Env = append(os.Environ(), "GOVREPORTS_CLICKHOUSE="+e.dsn, "GOVREPORTS_DATA=",
		"GOVREPORTS_ALLOW_PRIVATE_NETWORKS=true", "GOVREPORTS_USER_AGENT="+nodeUA(name),
		"GOVREPORTS_FRONTIER=", "GOVREPORTS_NODE=")
	w := lockedWriter{&n.mu, &n.out}
	n.cmd.Stdout, n.cmd.Stderr = w, w
	if err := n.cmd.Start(); err != nil {
		e.t.Fatal(err)
	}
	go func() { n.cmd.Wait(); close(n.done) }()
	e.t.Cleanup(func() {
		select {
		case <-n.done:
		default:
			n.cmd.Process.Kill()
			<-n.done
		}
	})
	return n
}

func (n *node) logs() string {
	n.mu.Lock()
	defer n.mu.Unlock()
	return n.out.String()
}

// kill9 kills the node with SIGKILL and waits until it is gone.
func (n *node) kill9(t testing.TB) {
	t.Helper()
	if err := n.cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	<-n.done
}

// waitAll waits until every node has exited, at most timeout, and fails on a non-zero exit.
func waitAll(t testing.TB, timeout time.Duration, nodes ...*node) {
	t.Helper()
	deadline := time.After(timeout)
	for _, n := range nodes {
		select {
		case <-n.done:
		case <-deadline:
			var b strings.Builder
			for _, m := range nodes {
				fmt.Fprintf(&b, "---- node %s ----\n%s\n", m.name, tail(m.logs(), 40))
			}
			t.Fatalf("the nodes did not all finish within %v:\n%s", timeout, b.String())
		}
		if code := n.cmd.ProcessState.ExitCode(); code != 0 {
			t.Fatalf("node %s exited %d:\n%s", n.name, code, tail(n.logs(), 60))
		}
	}
}

func tail(s string, lines int) string {
	l := strings.Split(strings.TrimRight(s, "\n"), "\n")
	if len(l) > lines {
		l = append([]string{fmt.Sprintf("… %d lines before", len(l)-lines)}, l[len(l)-lines:]...)
	}
	return strings.Join(l, "\n")
}

// waitFor polls cond until it holds, at most timeout.
func waitFor(t testing.TB, timeout time.Duration, what string, cond func() bool, nodes ...*node) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for !cond() {
		if time.Now().After(deadline) {
			var b strings.Builder
			for _, m := range nodes {
				fmt.Fprintf(&b, "---- node %s ----\n%s\n", m.name, tail(m.logs(), 30))
			}
			t.Fatalf("%s: not within %v\n%s", what, timeout, b.String())
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// lostLeases says, per portal, how many leases on its site were lost during the round: each
// lets one URL be fetched twice (the fetch in flight when the lease went).
type lostLeases func(k int) int

// handedOverOnly is the lost leases of a round where only nodes fail: a site that changed hands
// lost one lease (its node died, or lost its lease, holding it).
func handedOverOnly(p *nodeProvince, names []string) lostLeases {
	by := p.crawledBy(names)
	return func(k int) int { return max(len(by[k])-1, 0) }
}

// inProgressAt is the lost leases of a round whose frontier was away longer than a lease from
// `at`: every site being crawled then lost its lease once (a portal with requests before and
// after), plus the hand-overs.
func inProgressAt(p *nodeProvince, names []string, at time.Time) lostLeases {
	handed := handedOverOnly(p, names)
	return func(k int) int {
		before, after := false, false
		for _, r := range p.prov.Portals[k].Requests() {
			before = before || r.Time.Before(at)
			after = after || r.Time.After(at)
		}
		if before && after {
			return max(handed(k), 1)
		}
		return handed(k)
	}
}

// checkRound checks the round: every report loaded exactly once, no host ever served two
// requests at once, every URL fetched once but for one per lost lease. It returns the portals
// that changed hands and logs the figures.
func (e *nodeEnv) checkRound(t testing.TB, p *nodeProvince, names []string, lost lostLeases) (handedOver []int) {
	t.Helper()
	for k, by := range p.crawledBy(names) {
		if len(by) > 1 {
			handedOver = append(handedOver, k)
		}
	}
	// Exactly once in ClickHouse: the content ids, each once under FINAL, none missing.
	want := len(p.ids)
	if got := e.query("SELECT count() FROM DB.reports FINAL"); got != fmt.Sprint(want) {
		t.Errorf("reports FINAL = %s, want %d", got, want)
	}
	got := e.query("SELECT arrayStringConcat(groupArray(id), ' ') FROM (SELECT id FROM DB.reports FINAL ORDER BY id)")
	if got != strings.Join(p.ids, " ") {
		gotIDs := strings.Fields(got)
		var missing, extra []string
		for _, id := range p.ids {
			if !slices.Contains(gotIDs, id) {
				missing = append(missing, id)
			}
		}
		for _, id := range gotIDs {
			if !slices.Contains(p.ids, id) {
				extra = append(extra, id)
			}
		}
		t.Errorf("report ids differ: %d missing %v, %d not published %v", len(missing), missing, len(extra), extra)
	}
	raw := e.query("SELECT count() FROM DB.reports")
	t.Logf("reports: %d published, %s rows inserted in all (duplicate inserts collapse under FINAL; merges may have collapsed some already)", want, raw)

	// Politeness as the portals saw it.
	all, hosts := p.prov.Politeness()
	if all.MaxInFlight > 1 || len(hosts) > 0 {
		t.Errorf("hosts served two requests at once: portals %v (max %d at once, %d overlapping requests)", hosts, all.MaxInFlight, all.Overlaps)
	}
	t.Logf("politeness: %d requests, at most %d at once per host, %d overlaps, shortest quiet gap %v", all.Requests, all.MaxInFlight, all.Overlaps, all.MinGap)

	// Each URL once; a lost lease may add one fetch of its host's URLs. robots.txt is apart:
	// each node that takes a host reads its rules once.
	counts := p.prov.Counts()
	repeats := 0
	for k, pt := range p.prov.Portals {
		extra := 0
		var twice []string
		for uri, n := range pt.Counts() {
			if uri == "/robots.txt" || n <= 1 {
				continue
			}
			extra += n - 1
			twice = append(twice, p.history(k, uri))
		}
		repeats += extra
		if extra > lost(k) {
			sort.Strings(twice)
			t.Errorf("portal %d: %d repeated fetches, %d lost lease(s) allow %d:\n\t%s", k, extra, lost(k), lost(k), strings.Join(twice, "\n\t"))
		}
	}
	robots := 0
	for u, n := range counts {
		if strings.HasSuffix(u, "/robots.txt") {
			robots += n
		}
	}
	byNode := p.requestsByNode(names)
	t.Logf("fetches: %d URLs, %d repeated fetches, robots.txt %d times for %d hosts; requests by node %v; sites that changed hands %v",
		len(counts), repeats, robots, len(p.prov.Portals), byNode, handedOver)
	return handedOver
}

// history is who fetched uri of portal k, when (since the province started) and with what answer.
func (p *nodeProvince) history(k int, uri string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "portal %d %s:", k, uri)
	for _, r := range p.prov.Portals[k].Requests() {
		if r.Path == uri {
			node := strings.TrimSuffix(strings.TrimPrefix(r.UserAgent, "govreports-nodetest/1 (node "), "; +http://127.0.0.1/)")
			fmt.Fprintf(&b, " %s +%.2fs %d;", node, r.Time.Sub(p.started).Seconds(), r.Status)
		}
	}
	return b.String()
}

// frontierLogs is what the nodes said about claims, leases, takeovers and Redis: the lines to
// read when a site changed hands.
func frontierLogs(nodes []*node) string {
	var b strings.Builder
	for _, n := range nodes {
		for _, line := range strings.Split(n.logs(), "\n") {
			l := strings.ToLower(line)
			if strings.Contains(l, "frontier") || strings.Contains(l, "lease") || strings.Contains(l, "claim") || strings.Contains(l, "taken over") || strings.Contains(l, "took over") {
				fmt.Fprintf(&b, "%s: %s\n", n.name, line)
			}
		}
	}
	return b.String()
}
