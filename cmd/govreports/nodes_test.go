package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/govreports/govreports/crawler/simulator"
)

// Several `govreports run --frontier` processes on one Redis over a made province, into one
// ClickHouse database (docs/nodes.md). The harness is nodes_harness_test.go; the figures each
// test logs (requests by node, repeated fetches, raw inserts) are the ones docs/nodes.md quotes.

const (
	nodePortals = 15
	nodeLease   = 3 * time.Second        // renewed every third of it; with 1 s, one node alone refetched pages on a loaded machine (load 9), with 2 s once at load 13
	nodeLatency = 20 * time.Millisecond  // every request of a portal
	nodeDelay   = 150 * time.Millisecond // between two requests to one host (sites file)
	nodeSites   = 2                      // sites one node crawls at once (--concurrency)
	nodeTimeout = 60 * time.Second
)

var nodeNames = []string{"n1", "n2", "n3"}

// 3 to 6 reports a portal, 66 in all: each site takes about a second, the round a few.
func nodeReports(k int) int { return 3 + k%4 }

func startThree(e *nodeEnv, p *nodeProvince) []*node {
	var nodes []*node
	for _, name := range nodeNames {
		nodes = append(nodes, e.startNode(name, p, nodeSites, true))
	}
	return nodes
}

// Three nodes, nothing goes wrong: they share the round (each crawls some sites, no site changes
// hands), all exit, and the round holds every report once.
func TestNodesThreeShareOneRound(t *testing.T) {
	p := newNodeProvince(t, nodePortals, nodeReports, nodeLatency, nodeDelay)
	e := newNodeEnv(t, nodeLease)
	start := time.Now()
	nodes := startThree(e, p)
	waitAll(t, nodeTimeout, nodes...)
	t.Logf("round of %d sites, %d reports, 3 nodes: %v", nodePortals, len(p.ids), time.Since(start).Round(time.Millisecond))

	if handed := e.checkRound(t, p, nodeNames, handedOverOnly(p, nodeNames)); len(handed) > 0 {
		t.Errorf("sites changed hands with no node lost: portals %v (crawled by %v)\n%s", handed, p.crawledBy(nodeNames), frontierLogs(nodes))
	}
	for _, by := range p.crawledBy(nodeNames) {
		if len(by) == 0 {
			t.Errorf("a portal was crawled by no node: %v", p.crawledBy(nodeNames))
			break
		}
	}
	byNode := p.requestsByNode(nodeNames)
	for _, n := range nodeNames {
		if byNode[n] == 0 {
			t.Errorf("node %s sent no request: the round was not shared (%v)", n, byNode)
		}
	}
}

// The checks can fail: three nodes on the same sites file without a frontier each crawl every
// site, so hosts get requests from two nodes at once and every URL is fetched three times; the
// portals' record must show it (the same figures the tests above require to be clean).
func TestNodesWithoutFrontierCollide(t *testing.T) {
	const portals = 6 // every node crawls every site here: a smaller province keeps it short
	p := newNodeProvince(t, portals, nodeReports, nodeLatency, nodeDelay)
	e := newNodeEnv(t, nodeLease)
	var nodes []*node
	for _, name := range nodeNames {
		nodes = append(nodes, e.startNode(name, p, portals/2, false))
	}
	waitAll(t, nodeTimeout, nodes...)
	all, hosts := p.prov.Politeness()
	if all.MaxInFlight < 2 || len(hosts) == 0 {
		t.Errorf("three unshared nodes on one province, yet no host saw two requests at once: %+v", all)
	}
	thrice := 0
	for _, n := range p.prov.Counts() {
		if n == 3 {
			thrice++
		}
	}
	if thrice < len(p.ids) {
		t.Errorf("only %d URLs fetched three times; want at least the %d report pages", thrice, len(p.ids))
	}
	for k, by := range p.crawledBy(nodeNames) {
		if len(by) != 3 {
			t.Errorf("portal %d crawled by %v, want all three", k, by)
		}
	}
	// Loads stay idempotent all the same: content ids.
	if got := e.query("SELECT count() FROM DB.reports FINAL"); got != fmt.Sprint(len(p.ids)) {
		t.Errorf("reports FINAL = %s, want %d", got, len(p.ids))
	}
	t.Logf("without a frontier: %+v, %d hosts hit by two at once, %d URLs fetched 3 times", all, len(hosts), thrice)
}

// kill -9 of one node after it has fetched some report pages: the two others take its sites once
// its leases expire and finish the round; every report is loaded once. Killed at once, its
// last pages are in flight; killed a little later, reports it parsed, spooled and journaled done
// wait in its local spool for the next load (FlushEvery, 5 s): the node that takes the site
// over must load those from the frontier (its unloaded reports), or they would be missing:
// the round must not depend on the dead node coming back.
func TestNodesKillOneMidCrawl(t *testing.T) {
	for _, tt := range []struct {
		name  string
		after time.Duration // from its second report page to the kill
	}{
		{"pages in flight", 0},
		{"reports spooled not loaded", 600 * time.Millisecond},
	} {
		t.Run(tt.name, func(t *testing.T) {
			p := newNodeProvince(t, nodePortals, nodeReports, nodeLatency, nodeDelay)
			e := newNodeEnv(t, nodeLease)
			nodes := startThree(e, p)
			victim := nodes[0]
			waitFor(t, nodeTimeout, "node n1 fetches report pages", func() bool { return p.reportPagesBy(victim.name) >= 2 }, nodes...)
			time.Sleep(tt.after)
			// Its sites at the moment of the kill: those it sent requests to.
			var held []int
			for k, by := range p.crawledBy(nodeNames) {
				if slices.Contains(by, victim.name) {
					held = append(held, k)
				}
			}
			killed := time.Now()
			victim.kill9(t)
			t.Logf("killed n1 %v after its second report page, at %d report pages; it had touched portals %v", tt.after, p.reportPagesBy(victim.name), held)
			waitAll(t, nodeTimeout, nodes[1:]...)
			t.Logf("the two others finished %v after the kill", time.Since(killed).Round(time.Millisecond))

			handed := e.checkRound(t, p, nodeNames, handedOverOnly(p, nodeNames))
			if len(handed) == 0 {
				t.Errorf("no site of n1 was taken over: the kill did not happen mid-site (n1 touched %v)", held)
			}
			for _, k := range handed {
				if !slices.Contains(held, k) {
					t.Errorf("portal %d changed hands but n1 never crawled it", k)
				}
				// The takeover is recorded: the node that took the site says so in its summary.
				said := simulator.ProvinceSiteName(k) + ": taken over from node " + victim.name
				if !strings.Contains(nodes[1].logs(), said) && !strings.Contains(nodes[2].logs(), said) {
					t.Errorf("no node says %q", said)
				}
			}
			recovered := 0
			for _, n := range nodes[1:] {
				recovered += strings.Count(n.logs(), "loaded reports an earlier holder of the site had parsed but not loaded")
			}
			t.Logf("sites whose reports n1 parsed but had not loaded were loaded by their new holder: %d", recovered)
			if tt.after > 0 && recovered == 0 {
				t.Errorf("n1 was killed with parsed reports not yet loaded, but no node loaded any from the frontier: the test did not reach that case")
			}

			// What the dead node fetched is also in its archive, its last WARC file still named
			// ".open": loading that archive is the operator's other way to it (docs/nodes.md), and
			// harmless after the takeover (content ids). A torn last record is reported, the rest
			// loaded (exit 1). Killed at once, n1 may have no complete record at all.
			if tt.after == 0 {
				return
			}
			load := exec.Command(e.bin, "load", filepath.Join(victim.dir, "archive"))
			load.Env = append(os.Environ(), "GOVREPORTS_CLICKHOUSE="+e.dsn, "GOVREPORTS_DATA=", "GOVREPORTS_SPOOL="+t.TempDir())
			out, err := load.CombinedOutput()
			if code := load.ProcessState.ExitCode(); err != nil && code != 1 {
				t.Fatalf("load of n1's archive: %v\n%s", err, out)
			}
			t.Logf("load of n1's archive: %s", strings.TrimSpace(string(out)))
			if !strings.Contains(string(out), "loaded") {
				t.Errorf("load of n1's archive loaded nothing:\n%s", out)
			}
			if got := e.query("SELECT count() FROM DB.reports FINAL"); got != fmt.Sprint(len(p.ids)) {
				t.Errorf("after loading n1's archive: reports FINAL = %s, want %d", got, len(p.ids))
			}
		})
	}
}

// The frontier's Redis goes away mid-crawl and comes back on its data (append-only file): the
// nodes wait, resume and finish; nothing is missed. Once as a restart (shorter than a lease),
// once down for longer than a lease, which the nodes must notice and say. Each site being
// crawled when Redis went away may have one page fetched twice (its claim is lost), no more.
func TestNodesRedisRestartMidCrawl(t *testing.T) {
	tests := []struct {
		name string
		down time.Duration // 0: testenv Restart (stop, start at once)
	}{
		{"restart", 0},
		{"down longer than a lease", 3 * nodeLease},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := newNodeProvince(t, nodePortals, nodeReports, nodeLatency, nodeDelay)
			e := newNodeEnv(t, nodeLease)
			nodes := startThree(e, p)
			reportPages := func() int {
				n := 0
				for _, name := range nodeNames {
					n += p.reportPagesBy(name)
				}
				return n
			}
			waitFor(t, nodeTimeout, "a quarter of the reports fetched", func() bool { return reportPages() >= len(p.ids)/4 }, nodes...)
			at, away := reportPages(), time.Now()
			if at >= len(p.ids) {
				t.Fatalf("every report was fetched before redis went away: the test would not stop it mid-crawl")
			}
			if tt.down == 0 {
				e.redis.Restart()
			} else {
				e.redis.Stop()
				time.Sleep(tt.down)
				e.redis.Start()
			}
			t.Logf("redis %s after %d of %d report pages", tt.name, at, len(p.ids))
			waitAll(t, nodeTimeout, nodes...)
			// A frontier that goes away costs each site being crawled its claim: one lost
			// lease each, whether or not it changes hands.
			e.checkRound(t, p, nodeNames, inProgressAt(p, nodeNames, away))
			if tt.down > 0 {
				said := false
				for _, n := range nodes {
					said = said || strings.Contains(n.logs(), "frontier unavailable")
				}
				if !said {
					t.Errorf("redis was down %v and no node logged \"frontier unavailable\"", tt.down)
				}
			}
		})
	}
}
