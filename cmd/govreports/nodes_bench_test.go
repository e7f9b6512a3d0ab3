package main

import (
	"fmt"
	"slices"
	"testing"
	"time"
)

// BenchmarkNodes: one made province crawled by one node, then by three, on one Redis frontier
// into one ClickHouse database. Every node crawls at most 4 sites at once (--concurrency), as a
// machine with a bounded share of connections would; politeness (one request at a time per host,
// 150 ms apart) bounds each site, so more nodes finish the round sooner until there are as many
// site slots as sites. Figures: ns/op is the wall time of a round, requests/node the mean,
// max-requests/node the busiest node's share, max-at-once the most requests any host served at
// once (1: polite).
//
//	go test -run '^$' -bench Nodes -benchtime 1x ./cmd/govreports/
func BenchmarkNodes(b *testing.B) {
	const portals, sitesPerNode = 24, 4
	reports := func(int) int { return 4 }
	for _, nodes := range []int{1, 3} {
		b.Run(fmt.Sprintf("nodes=%d", nodes), func(b *testing.B) {
			names := nodeNames[:nodes]
			var requests, busiest, atOnce float64
			for range b.N {
				b.StopTimer()
				p := newNodeProvince(b, portals, reports, nodeLatency, nodeDelay)
				e := newNodeEnv(b, nodeLease)
				b.StartTimer()
				var running []*node
				for _, name := range names {
					running = append(running, e.startNode(name, p, sitesPerNode, true))
				}
				waitAll(b, 5*time.Minute, running...)
				b.StopTimer()
				e.checkRound(b, p, names, handedOverOnly(p, names))
				byNode := p.requestsByNode(names)
				counts := make([]int, 0, len(names))
				for _, n := range names {
					counts = append(counts, byNode[n])
					requests += float64(byNode[n])
				}
				busiest += float64(slices.Max(counts))
				all, _ := p.prov.Politeness()
				atOnce = max(atOnce, float64(all.MaxInFlight))
				b.Logf("%d node(s): requests by node %v", nodes, byNode)
				b.StartTimer()
			}
			b.ReportMetric(requests/float64(b.N*nodes), "requests/node")
			b.ReportMetric(busiest/float64(b.N), "max-requests/node")
			b.ReportMetric(atOnce, "max-at-once")
		})
	}
}
