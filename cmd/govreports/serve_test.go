package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/govreports/govreports/crawler/simulator"
	"github.com/govreports/govreports/loader"
	"github.com/govreports/govreports/parser"
)

// `govreports serve` as a real child process: SIGTERM in the middle of a run, then a restart,
// against a made portal on 127.0.0.1 and the test ClickHouse server.

// buildGovreports builds this command into a test directory (removed with the test).
func buildGovreports(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "govreports")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// slowPortal serves a column of n made reports (the simulator's report template), each
// answered after a pause, so a crawl takes a few seconds and can be stopped half-way. Its
// robots.txt asks for no crawl delay. served counts report pages sent in full.
type slowPortal struct {
	*httptest.Server
	mu     sync.Mutex
	served map[string]int
	pages  map[string]string
	specs  []simulator.ReportSpec
}

func newSlowPortal(t *testing.T, n int, pause time.Duration) *slowPortal {
	p := &slowPortal{served: map[string]int{}, pages: map[string]string{}}
	var items [][2]string
	for i := range n {
		spec := simulator.ReportSpec{Agency: fmt.Sprintf("示例县第%d局", i+1), Year: 2022, Form: "2021", Seed: 100 + i}
		path := fmt.Sprintf("/zwgk/zfxxgknb/202301/t20230118_%d.html", 500+i)
		p.pages[path] = simulator.ReportPage(spec, `<meta charset="utf-8">`, "")
		p.specs = append(p.specs, spec)
		items = append(items, [2]string{path, spec.Title()})
	}
	p.pages["/"] = `<html><head><meta charset="utf-8"><title>示例县人民政府</title></head><body><a href="/zwgk/zfxxgknb/index.html">政府信息公开年报</a></body></html>`
	p.pages["/zwgk/zfxxgknb/index.html"] = simulator.ListPage("政府信息公开年报", items, `<meta charset="utf-8">`, "")
	p.pages["/robots.txt"] = "User-agent: *\nDisallow: /private/\n"
	p.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, ok := p.pages[r.URL.Path]
		if !ok {
			http.NotFound(w, r)
			return
		}
		if strings.HasPrefix(r.URL.Path, "/zwgk/zfxxgknb/2023") {
			select {
			case <-time.After(pause):
			case <-r.Context().Done():
				return
			}
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		io.WriteString(w, body)
		p.mu.Lock()
		p.served[r.URL.Path]++
		p.mu.Unlock()
	}))
	t.Cleanup(p.Close)
	return p
}

// reportsServed is how many report pages were sent, repeats included.
func (p *slowPortal) reportsServed() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	n := 0
	for path, c := range p.served {
		if strings.HasPrefix(path, "/zwgk/zfxxgknb/2023") {
			n += c
		}
	}
	return n
}

// child is a running `govreports serve`.
type child struct {
	cmd  *exec.Cmd
	addr chan string
	mu   sync.Mutex
	log  strings.Builder
	done chan struct{}
}

func startServe(t *testing.T, bin string, env []string, args ...string) *child {
	t.Helper()
	c := &child{cmd: exec.Command(bin, args...), addr: make(chan string, 1), done: make(chan struct{})}
	// The test's portal is on 127.0.0.1, which the crawler refuses unless told.
	c.cmd.Env = append(append(os.Environ(), "GOVREPORTS_ALLOW_PRIVATE_NETWORKS=true"), env...)
	stderr, err := c.cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := c.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() {
		defer close(c.done)
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			line := sc.Text()
			c.mu.Lock()
			c.log.WriteString(line + "\n")
			c.mu.Unlock()
			var rec struct{ Msg, HTTP string }
			if json.Unmarshal([]byte(line), &rec) == nil && rec.Msg == "serving" {
				c.addr <- rec.HTTP
			}
		}
	}()
	t.Cleanup(func() {
		if c.cmd.ProcessState == nil {
			c.cmd.Process.Kill()
			c.cmd.Wait()
		}
	})
	return c
}

func (c *child) logs() string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.log.String()
}

func (c *child) waitAddr(t *testing.T) string {
	t.Helper()
	select {
	case a := <-c.addr:
		return "http://" + a
	case <-time.After(30 * time.Second):
		t.Fatalf("serve did not start:\n%s", c.logs())
		return ""
	}
}

// terminate sends SIGTERM and returns the exit code.
func (c *child) terminate(t *testing.T) int {
	t.Helper()
	if err := c.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { <-c.done; exited <- c.cmd.Wait() }()
	select {
	case <-exited:
	case <-time.After(30 * time.Second):
		t.Fatalf("no exit 30s after SIGTERM:\n%s", c.logs())
	}
	return c.cmd.ProcessState.ExitCode()
}

// metricSum scrapes /metrics and adds the series of name whose labels contain every fragment.
func metricSum(t *testing.T, base, name string, labels ...string) float64 {
	t.Helper()
	resp, err := http.Get(base + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var sum float64
	sc := bufio.NewScanner(resp.Body)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		line := sc.Text()
		if !strings.HasPrefix(line, name+"{") && !strings.HasPrefix(line, name+" ") {
			continue
		}
		ok := true
		for _, l := range labels {
			ok = ok && strings.Contains(line, l)
		}
		var v float64
		if ok {
			fmt.Sscan(line[strings.LastIndexByte(line, ' ')+1:], &v)
			sum += v
		}
	}
	return sum
}

func TestServeSIGTERMThenRestartLosesNothing(t *testing.T) {
	const n = 10
	bin := buildGovreports(t)
	portal := newSlowPortal(t, n, 150*time.Millisecond)
	dsn := testDSN(t)
	db := dsn[strings.LastIndexByte(dsn, '/')+1:]
	ctx := context.Background()
	sink, err := loader.Open(ctx, loader.Options{DSN: dsn})
	if err != nil {
		t.Fatalf("%v (scripts/clickhouse.sh start)", err)
	}
	defer sink.Close()
	defer sink.Query(ctx, "DROP DATABASE IF EXISTS "+db)
	query := func(sql string) string {
		t.Helper()
		tab, err := sink.Query(ctx, strings.ReplaceAll(sql, "DB.", db+"."))
		if err != nil {
			t.Fatalf("%s: %v", sql, err)
		}
		var b strings.Builder
		tab.Write(&b, "csv")
		lines := strings.Split(strings.TrimSpace(b.String()), "\n")
		return strings.Trim(lines[len(lines)-1], `"`)
	}

	dir := t.TempDir()
	sites := filepath.Join(dir, "sites.yaml")
	os.WriteFile(sites, []byte(fmt.Sprintf(`# test sites: one made portal on 127.0.0.1
defaults:
  delay: 1ms
sites:
  - name: 示例县人民政府
    region: {code: "320582", name: 江苏省张家港市}
    start_urls: [%s/]
    schedule: "@every 1h"
`, portal.URL)), 0o644)
	env := []string{"GOVREPORTS_CLICKHOUSE=" + dsn}
	args := []string{"--sites", sites, "--state", filepath.Join(dir, "state"), "--archive", filepath.Join(dir, "archive"),
		"--spool", filepath.Join(dir, "spool"),
		"--log-format", "json", "serve", "--listen", "127.0.0.1:0", "--jitter", "0s", "--shutdown-timeout", "20s"}

	// First start: the site never ran, so it runs at once; SIGTERM once a few reports are in.
	first := startServe(t, bin, env, args...)
	first.waitAddr(t)
	deadline := time.Now().Add(30 * time.Second)
	for portal.reportsServed() < 3 {
		if time.Now().After(deadline) {
			t.Fatalf("the crawl did not reach the reports:\n%s", first.logs())
		}
		time.Sleep(10 * time.Millisecond)
	}
	if code := first.terminate(t); code != 0 {
		t.Fatalf("exit %d after SIGTERM, want 0:\n%s", code, first.logs())
	}
	if !strings.Contains(first.logs(), "run interrupted by shutdown") || !strings.Contains(first.logs(), "shut down cleanly") {
		t.Fatalf("first process did not report an interrupted run and a clean shutdown:\n%s", first.logs())
	}
	before := query("SELECT count() FROM DB.reports FINAL")
	servedFirst := portal.reportsServed()
	t.Logf("after SIGTERM: %s of %d reports loaded, %d report pages served", before, n, servedFirst)
	if before == fmt.Sprint(n) {
		t.Fatalf("all %d reports loaded before SIGTERM: the test did not stop a run in the middle", n)
	}
	var state struct {
		Sites map[string]struct {
			LastResult string `json:"last_result"`
			Running    bool
		}
	}
	b, _ := os.ReadFile(filepath.Join(dir, "state", "serve-state.json"))
	if err := json.Unmarshal(b, &state); err != nil || state.Sites["示例县人民政府"].LastResult != "interrupted" {
		t.Fatalf("state file after SIGTERM: %v\n%s", err, b)
	}

	// Restart: the interrupted site runs at once and resumes.
	second := startServe(t, bin, env, args...)
	base := second.waitAddr(t)
	deadline = time.Now().Add(60 * time.Second)
	for metricSum(t, base, "govreports_runs_total", `result="success"`) < 1 {
		if time.Now().After(deadline) {
			t.Fatalf("the resumed run did not succeed:\n%s", second.logs())
		}
		time.Sleep(50 * time.Millisecond)
	}
	loadedSecond := metricSum(t, base, "govreports_rows_loaded_total", `table="reports"`)
	if code := second.terminate(t); code != 0 {
		t.Fatalf("exit %d, want 0:\n%s", code, second.logs())
	}
	if !strings.Contains(second.logs(), `"resumed":true`) {
		t.Errorf("the second run did not resume the crawl:\n%s", second.logs())
	}

	// Nothing lost, nothing twice: ClickHouse holds exactly the portal's reports and cells.
	var ids []string
	cells := 0
	for _, spec := range portal.specs {
		res, err := parser.Parse([]byte(simulator.ReportPage(spec, `<meta charset="utf-8">`, "")), parser.Source{Name: "x.html", ContentType: "text/html; charset=utf-8"})
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, res.Report.ID)
		cells += len(res.Cells)
	}
	slices.Sort(ids)
	if got := query("SELECT count() FROM DB.reports FINAL"); got != fmt.Sprint(n) {
		t.Errorf("reports FINAL %s, want %d", got, n)
	}
	if got := query("SELECT arrayStringConcat(groupArray(id), ' ') FROM (SELECT id FROM DB.reports FINAL ORDER BY id)"); got != strings.Join(ids, " ") {
		t.Errorf("report ids %s, want %s", got, strings.Join(ids, " "))
	}
	if got := query("SELECT count() FROM DB.cells FINAL"); got != fmt.Sprint(cells) {
		t.Errorf("cells FINAL %s, want %d", got, cells)
	}
	// The restart did not crawl from scratch: report pages finished before SIGTERM were not
	// fetched again (a page in flight at SIGTERM may be).
	servedAll := portal.reportsServed()
	if servedAll > n+1 {
		t.Errorf("%d report pages served over both runs for %d reports: the restart refetched finished pages", servedAll, n)
	}
	t.Logf("restart loaded %v more reports; %d report pages served in all", loadedSecond, servedAll)
}

func TestServeUsage(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "good.yaml")
	os.WriteFile(good, []byte("sites:\n  - name: a\n    start_urls: [http://127.0.0.1:1/]\n"), 0o644)
	badSchedule := filepath.Join(dir, "bad.yaml")
	os.WriteFile(badSchedule, []byte("sites:\n  - name: a\n    start_urls: [http://127.0.0.1:1/]\n    schedule: \"every monday\"\n"), 0o644)
	tests := []struct {
		name string
		args []string
		msg  string
	}{
		{"no sites file", []string{"serve"}, "sites file"},
		{"bad site schedule", []string{"--sites", badSchedule, "serve"}, "schedule"},
		{"bad default schedule", []string{"--sites", good, "serve", "--default-schedule", "2am"}, "schedule"},
		{"zero concurrency", []string{"--sites", good, "serve", "--concurrency", "0"}, "concurrency"},
		{"negative jitter", []string{"--sites", good, "serve", "--jitter", "-1s"}, "jitter"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := runCmd(t, nil, tt.args...)
			if r.code != exitUsage || !strings.Contains(r.stderr, tt.msg) {
				t.Fatalf("exit %d, want %d; stderr %q should say %q", r.code, exitUsage, r.stderr, tt.msg)
			}
		})
	}
}
