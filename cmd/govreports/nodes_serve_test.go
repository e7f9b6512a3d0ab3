package main

import (
	"strings"
	"syscall"
	"testing"
	"time"
)

// Three `serve --frontier` nodes on one Redis: every site's first round (its schedule's slot, the
// same on every node) runs on one node only; the others find it claimed, wait, and then find it
// done. Between them they load every report once, and no host is asked by two at once.
func TestNodesServeOneRoundAcrossNodes(t *testing.T) {
	p := newNodeProvince(t, nodePortals, nodeReports, nodeLatency, nodeDelay)
	e := newNodeEnv(t, nodeLease)
	var nodes []*node
	for _, name := range nodeNames {
		// Hourly, so the start-up run ("first run") is the only round in the test.
		nodes = append(nodes, e.startCommand(name, p, nodeSites, true, "serve",
			"--listen", "127.0.0.1:0", "--jitter", "0s", "--default-schedule", "@every 1h", "--shutdown-timeout", "20s"))
	}
	sitesDone := func() int {
		n := 0
		for _, nd := range nodes {
			n += strings.Count(nd.logs(), "run finished")
		}
		return n
	}
	elsewhere := func() int {
		n := 0
		for _, nd := range nodes {
			n += strings.Count(nd.logs(), "round already run by another node")
		}
		return n
	}
	// Every site run once, and each of the other two nodes told for every site that it ran.
	waitFor(t, nodeTimeout, "every site's round run on one node and skipped on the two others", func() bool {
		return sitesDone() >= nodePortals && elsewhere() >= 2*nodePortals
	}, nodes...)
	time.Sleep(300 * time.Millisecond) // a second run of a site, if there were one, would have started
	for _, nd := range nodes {
		if err := nd.cmd.Process.Signal(syscall.SIGTERM); err != nil {
			t.Fatal(err)
		}
	}
	waitAll(t, nodeTimeout, nodes...)
	if got := sitesDone(); got != nodePortals {
		t.Errorf("%d runs finished across the nodes, want one per site (%d)", got, nodePortals)
	}
	byNode := p.requestsByNode(nodeNames)
	t.Logf("serve nodes: runs %d, rounds found done elsewhere %d, requests by node %v", sitesDone(), elsewhere(), byNode)
	for _, n := range nodeNames {
		if byNode[n] == 0 {
			t.Errorf("node %s sent no request: the rounds were not shared (%v)", n, byNode)
		}
	}
	if handed := e.checkRound(t, p, nodeNames, handedOverOnly(p, nodeNames)); len(handed) > 0 {
		t.Errorf("sites changed hands with no node lost: %v", handed)
	}
}
