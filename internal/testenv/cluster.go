package testenv

import (
	"bytes"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// Cluster is a ClickHouse cluster of one test's own, built by scripts/cluster.sh on a temporary
// directory: ZooKeeper and three 18.16 servers on loopback, cluster ClusterName, shard 1 on nodes
// 1 and 2 (two replicas), shard 2 on node 3 (one replica). The test may kill and restart nodes.
type Cluster struct {
	dir    string
	Base   int // node k listens on Base+k (native), Base+10+k (HTTP), Base+20+k (interserver)
	ZKPort int
}

// ClusterName is the cluster's name in the servers' remote_servers.
const ClusterName = "reports_cluster"

// StartCluster starts the cluster and stops it when the test ends. It fails (never skips) when the
// cluster cannot start. Ports: GOVREPORTS_TEST_CLUSTER_BASE and GOVREPORTS_TEST_ZK_PORT when set
// (a developer's own range on a shared machine; then run one package's cluster test at a
// time), else a free block found here.
func StartCluster(t testing.TB) *Cluster {
	t.Helper()
	c := &Cluster{dir: t.TempDir()}
	var err error
	if c.Base, c.ZKPort, err = clusterPorts(); err != nil {
		t.Fatal(err)
	}
	if err := c.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := c.script("stop"); err != nil {
			t.Log(err)
		}
	})
	return c
}

func clusterPorts() (base, zk int, err error) {
	if v := os.Getenv("GOVREPORTS_TEST_CLUSTER_BASE"); v != "" {
		if base, err = strconv.Atoi(v); err != nil {
			return 0, 0, fmt.Errorf("GOVREPORTS_TEST_CLUSTER_BASE: %v", err)
		}
		zk = base + 30
		if v := os.Getenv("GOVREPORTS_TEST_ZK_PORT"); v != "" {
			if zk, err = strconv.Atoi(v); err != nil {
				return 0, 0, fmt.Errorf("GOVREPORTS_TEST_ZK_PORT: %v", err)
			}
		}
		return base, zk, nil
	}
	// A block of 31 ports of which the ten used are free now; the kernel hands out ephemeral
	// ports above 32768, so a block below it is unlikely to be taken meanwhile. Blocks start at
	// multiples of 40, so two test processes (go test runs packages in parallel) that pick
	// different blocks never share a port.
	for b := 21000 + os.Getpid()%250*40; b < 32000; b += 40 {
		ok := true
		for _, off := range []int{1, 2, 3, 11, 12, 13, 21, 22, 23, 30} {
			l, err := net.Listen("tcp", fmt.Sprintf("127.0.0.1:%d", b+off))
			if err != nil {
				ok = false
				break
			}
			l.Close()
		}
		if ok {
			return b, b + 30, nil
		}
	}
	return 0, 0, fmt.Errorf("no free block of ports for the cluster")
}

// DSN is node k (1–3) with database db.
func (c *Cluster) DSN(k int, db string) string {
	return fmt.Sprintf("clickhouse://default@127.0.0.1:%d/%s", c.Base+k, db)
}

// DataDir is node k's ClickHouse data directory (its <path>).
func (c *Cluster) DataDir(k int) string { return filepath.Join(c.dir, fmt.Sprintf("n%d", k), "data") }

// Start starts ZooKeeper and every server that is not running (a killed node restarts on its data).
func (c *Cluster) Start() error { return c.script("start") }

// Kill9 kills node k with SIGKILL (no shutdown, no flush) and waits until it is gone. It returns
// an error rather than failing a test, so a test may call it from another goroutine.
func (c *Cluster) Kill9(k int) error {
	return kill9(filepath.Join(c.dir, fmt.Sprintf("n%d", k), "clickhouse.pid"))
}

func (c *Cluster) script(cmd string) error {
	root, err := moduleRoot()
	if err != nil {
		return err
	}
	s := exec.Command("bash", filepath.Join(root, "scripts", "cluster.sh"), cmd)
	s.Env = append(os.Environ(), "GOVREPORTS_CLUSTER_DIR="+c.dir,
		"GOVREPORTS_CLUSTER_BASE="+strconv.Itoa(c.Base), "GOVREPORTS_ZK_PORT="+strconv.Itoa(c.ZKPort),
		"GOVREPORTS_CLUSTER_NAME="+ClusterName, "GOVREPORTS_CH_TIMEOUT=60")
	var out bytes.Buffer
	s.Stdout, s.Stderr = &out, &out
	if err := s.Run(); err != nil {
		return fmt.Errorf("cluster.sh %s: %v\n%s", cmd, err, strings.TrimSpace(out.String()))
	}
	return nil
}
