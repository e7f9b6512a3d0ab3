package pipeline

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/govreports/govreports/crawler/simulator"
	"github.com/govreports/govreports/loader"
)

// privateServer is a ClickHouse server of this test's own (scripts/clickhouse.sh on a temp dir
// and free ports), so it can be stopped without disturbing the shared test server.
type privateServer struct {
	t              *testing.T
	dir            string
	port, httpPort int
}

func startPrivateServer(t *testing.T) *privateServer {
	p := &privateServer{t: t, dir: t.TempDir(), port: freePort(t), httpPort: freePort(t)}
	p.script("start")
	t.Cleanup(func() { _ = p.run("stop") })
	return p
}

func (p *privateServer) run(cmd string) error {
	c := exec.Command("bash", filepath.Join("..", "..", "scripts", "clickhouse.sh"), cmd)
	c.Env = append(os.Environ(), "GOVREPORTS_CH_DIR="+p.dir, "GOVREPORTS_CH_PORT="+strconv.Itoa(p.port),
		"GOVREPORTS_CH_HTTP_PORT="+strconv.Itoa(p.httpPort), "GOVREPORTS_CH_TIMEOUT=60")
	var out bytes.Buffer
	c.Stdout, c.Stderr = &out, &out
	if err := c.Run(); err != nil {
		return fmt.Errorf("clickhouse.sh %s: %v\n%s", cmd, err, out.String())
	}
	return nil
}

func (p *privateServer) script(cmd string) {
	if err := p.run(cmd); err != nil {
		p.t.Fatal(err)
	}
}

func freePort(t *testing.T) int {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

// With a write-ahead spool, reports parsed while the server is down are not lost: the crawl
// finishes, its pages are journaled as done (a recrawl gets 304s), and the next run loads the
// spooled reports. Without the spool they would be gone until the pages change.
func TestWriteAheadSurvivesServerOutage(t *testing.T) {
	srv := startPrivateServer(t)
	ctx := context.Background()
	sink, err := loader.Open(ctx, loader.Options{DSN: fmt.Sprintf("clickhouse://default@127.0.0.1:%d/govreports", srv.port),
		DialTimeout: time.Second, RetryFor: 200 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	defer sink.Close()
	if err := sink.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	spool, err := loader.OpenSpool(t.TempDir(), nil)
	if err != nil {
		t.Fatal(err)
	}
	p := simulator.New(simulator.Options{Stall: 50 * time.Millisecond})
	defer p.Close()
	cfg := crawlConfig(t, p)
	want := len(simulator.ExpectedReports())

	srv.script("stop")
	first, err := Run(ctx, cfg, Options{Sink: sink, WriteAhead: spool, BatchReports: 2, FlushEvery: 50 * time.Millisecond})
	if !errors.Is(err, ErrLoad) || !strings.Contains(err.Error(), "spool") {
		t.Fatalf("run with the server down: err = %v, want ErrLoad naming the spool", err)
	}
	if first.Parsed != want || first.Loaded.Reports != 0 || first.Crawl.Reports != want {
		t.Fatalf("first run: parsed %d, loaded %d, crawled %d reports", first.Parsed, first.Loaded.Reports, first.Crawl.Reports)
	}
	if files, _ := spool.Pending(); len(files) != want {
		t.Fatalf("%d spool files, want %d", len(files), want)
	}

	srv.script("start")
	second, err := Run(ctx, cfg, Options{Sink: sink, WriteAhead: spool, BatchReports: 2, FlushEvery: 50 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	if second.Parsed != 0 || second.Crawl.NotModified == 0 {
		t.Fatalf("second run parsed %d pages (want 0: unchanged pages answer 304)", second.Parsed)
	}
	if second.Loaded.Reports != want {
		t.Fatalf("second run loaded %d spooled reports, want %d", second.Loaded.Reports, want)
	}
	tab, err := sink.Query(ctx, "SELECT count() FROM reports FINAL")
	if err != nil {
		t.Fatal(err)
	}
	if got := fmt.Sprint(tab.Rows[0][0]); got != strconv.Itoa(want) {
		t.Fatalf("reports FINAL = %s, want %d", got, want)
	}
	if files, _ := spool.Pending(); len(files) != 0 {
		t.Fatalf("%d spool files left", len(files))
	}
}
