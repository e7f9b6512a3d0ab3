package crawler_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/govreports/govreports/crawler"
	"github.com/govreports/govreports/crawler/simulator"
)

// emittedComplete maps the paths of pages emitted complete.
func emittedPaths(pages []crawler.Page) map[string]bool {
	m := map[string]bool{}
	for _, p := range pages {
		m[pathOf(p.FinalURL)] = true
	}
	return m
}

// recrawl crawls p twice with one state directory and returns both crawls and the paths the
// first one got with 200 (robots.txt aside); p's request log then holds the second crawl's
// requests only.
func recrawl(t *testing.T, p *simulator.Portal) (first, second *crawlResult, okFirst map[string]bool) {
	t.Helper()
	cfg := testConfig(t, p)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	first = crawl(t, ctx, cfg, nil)
	if first.err != nil {
		t.Fatal(first.err)
	}
	okFirst = map[string]bool{}
	for _, r := range p.Requests() {
		if r.Status == 200 && r.Path != simulator.PathRobots {
			okFirst[r.Path] = true
		}
	}
	p.ResetLog()
	second = crawl(t, ctx, cfg, nil)
	if second.err != nil {
		t.Fatal(second.err)
	}
	return first, second, okFirst
}

func TestRecrawlUnchangedSiteGets304s(t *testing.T) {
	p := simulator.New(simulator.Options{})
	defer p.Close()
	first, second, okFirst := recrawl(t, p)
	// Never cacheable on the simulator: cut short, over the limit, stalled.
	uncacheable := map[string]bool{simulator.PathReportTrunc: true, simulator.PathReportBig: true,
		simulator.PathReportStalled: true, simulator.PathRobots: true, simulator.PathMirrorRedir: true,
		simulator.PathShortLink: true}
	var notMod int
	for _, r := range p.Requests() {
		switch {
		case r.Status == 304:
			notMod++
			if r.IfNoneMatch == "" {
				t.Errorf("%s: 304 without If-None-Match", r.Path)
			}
		case uncacheable[r.Path], r.Status == 404:
		default:
			t.Errorf("recrawl downloaded %s (status %d)", r.Path, r.Status)
		}
	}
	// Every page that was fetched fine the first time is revalidated, pages
	// below unchanged column pages included.
	second304 := map[string]int{}
	for _, r := range p.Requests() {
		if r.Status == 304 {
			second304[r.Path]++
		}
	}
	for path := range okFirst {
		if !uncacheable[path] && second304[path] != 1 {
			t.Errorf("%s: %d revalidations on recrawl, want 1", path, second304[path])
		}
	}
	if second.sum.Reports != 0 || second.sum.ReportsUnchanged != len(simulator.ExpectedReports()) {
		t.Errorf("recrawl summary: reports %d unchanged %d", second.sum.Reports, second.sum.ReportsUnchanged)
	}
	if second.sum.NotModified != notMod || notMod < 15 {
		t.Errorf("not modified: summary %d, server %d", second.sum.NotModified, notMod)
	}
	t.Logf("first crawl %d requests %d bytes; recrawl %d requests, %d answered 304, %d bytes (the over-limit, cut-short and stalled pages again)",
		first.sum.Requests, first.sum.Bytes, second.sum.Requests, notMod, second.sum.Bytes)
	for _, path := range simulator.NeverRequested() {
		if p.Count(path) != 0 {
			t.Errorf("%s requested on recrawl", path)
		}
	}
}

// TestResumeAfterCancel stops a crawl after a few pages (as Ctrl-C would)
// and runs it again: together the runs find every report, and nothing the
// first run delivered is fetched again.
func TestResumeAfterCancel(t *testing.T) {
	for _, stopAfter := range []int{1, 4, 9} {
		t.Run(fmt.Sprint(stopAfter), func(t *testing.T) {
			p := simulator.New(simulator.Options{})
			defer p.Close()
			cfg := testConfig(t, p)
			cfg.Workers, cfg.Parallelism = 2, 2
			ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
			defer cancel()
			runCtx, stop := context.WithCancel(ctx)
			n := 0
			first := crawl(t, runCtx, cfg, func(crawler.Page) error {
				if n++; n == stopAfter {
					stop()
				}
				return nil
			})
			if !errors.Is(first.err, context.Canceled) {
				t.Fatalf("first run: err %v", first.err)
			}
			firstReqs := p.Requests()
			p.ResetLog()

			second := crawl(t, ctx, cfg, nil)
			if second.err != nil {
				t.Fatal(second.err)
			}
			if !second.sum.Resumed {
				t.Error("second run did not resume")
			}
			all := append(first.reports(), second.reports()...)
			sort.Strings(all)
			if !slices.Equal(all, sortedExpected()) {
				t.Errorf("reports over both runs:\n got  %q\n want %q", all, sortedExpected())
			}
			done := emittedPaths(first.pages)
			for _, r := range p.Requests() {
				if done[r.Path] {
					t.Errorf("%s emitted in run 1 and requested again in run 2", r.Path)
				}
			}
			if len(firstReqs)+len(p.Requests()) > 60 {
				t.Errorf("%d + %d requests", len(firstReqs), len(p.Requests()))
			}
		})
	}
}

const childEnv = "GOVREPORTS_CRAWLER_CHILD"

// TestMain runs the child crawl of TestResumeAfterSIGKILL when this test binary is started as
// that child (GOVREPORTS_CRAWLER_CHILD set), and the tests otherwise. A dispatch here rather than
// a test function that skips itself: no test is ever skipped.
func TestMain(m *testing.M) {
	if spec := os.Getenv(childEnv); spec != "" {
		if err := killResumeChild(spec); err != nil {
			fmt.Fprintln(os.Stderr, "child crawl:", err)
			os.Exit(1)
		}
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// killResumeChild is the crawl that TestResumeAfterSIGKILL kills: it appends each emitted page to
// a file with one write(2) per page, which survives SIGKILL once it returned.
func killResumeChild(spec string) error {
	parts := strings.Split(spec, "|") // base URL | state dir | archive dir | emitted file
	if len(parts) != 4 {
		return fmt.Errorf("bad %s %q", childEnv, spec)
	}
	out, err := os.OpenFile(parts[3], os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		return err
	}
	cfg := crawler.Config{
		StartURLs: []string{parts[0] + "/"}, StateDir: parts[1], ArchiveDir: parts[2],
		Delay: 15 * time.Millisecond, MaxCrawlDelay: time.Millisecond, MaxRetryAfter: 100 * time.Millisecond,
		Workers: 1, Parallelism: 1, MaxRetries: 2, BackoffInitial: 10 * time.Millisecond, BackoffMax: 50 * time.Millisecond,
		ReadTimeout: 300 * time.Millisecond, BodyLimit: 64 << 10, AllowPrivateNetworks: true,
	}
	c, err := crawler.New(cfg, nil)
	if err != nil {
		return err
	}
	_, err = c.Run(context.Background(), func(p crawler.Page) error {
		line := fmt.Sprintf("%s\t%v\n", p.FinalURL, p.IsReport && p.Complete())
		_, err := out.WriteString(line)
		return err
	})
	return err
}

// TestResumeAfterSIGKILL kills a crawling child process with SIGKILL in the
// middle of the crawl, then resumes in this process from its state dir.
func TestResumeAfterSIGKILL(t *testing.T) {
	p := simulator.New(simulator.Options{})
	defer p.Close()
	dir := t.TempDir()
	state, archive, emitted := filepath.Join(dir, "state"), filepath.Join(dir, "warc"), filepath.Join(dir, "emitted")
	cmd := exec.Command(os.Args[0])
	cmd.Env = append(os.Environ(), childEnv+"="+strings.Join([]string{p.URL(), state, archive, emitted}, "|"))
	cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(20 * time.Second)
	for len(p.Requests()) < 12 {
		if time.Now().After(deadline) {
			cmd.Process.Kill()
			t.Fatal("child made no progress")
		}
		time.Sleep(2 * time.Millisecond)
	}
	if err := cmd.Process.Kill(); err != nil { // SIGKILL: no deferred cleanup runs
		t.Fatal(err)
	}
	_ = cmd.Wait()
	childReqs := p.Requests()
	p.ResetLog()

	b, err := os.ReadFile(emitted)
	if err != nil {
		t.Fatal(err)
	}
	childDone := map[string]bool{}
	var reports []string
	for _, line := range strings.Split(strings.TrimSpace(string(b)), "\n") {
		if line == "" {
			continue
		}
		u, isReport, _ := strings.Cut(line, "\t")
		childDone[pathOf(u)] = true
		if isReport == "true" {
			reports = append(reports, pathOf(u))
		}
	}
	if len(childDone) == 0 || len(reports) == len(simulator.ExpectedReports()) {
		t.Fatalf("kill did not land mid-crawl: %d pages, %d reports before the kill", len(childDone), len(reports))
	}

	cfg := testConfig(t, p)
	cfg.StateDir, cfg.ArchiveDir = state, archive
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	res := crawl(t, ctx, cfg, nil)
	if res.err != nil {
		t.Fatal(res.err)
	}
	if !res.sum.Resumed {
		t.Error("did not resume")
	}
	reports = append(reports, res.reports()...)
	sort.Strings(reports)
	if !slices.Equal(reports, sortedExpected()) {
		t.Errorf("reports over both runs:\n got  %q\n want %q", reports, sortedExpected())
	}
	// A page delivered by the child may be fetched again only if the kill
	// fell between its delivery and the journal write (at most one page).
	again := 0
	for _, r := range p.Requests() {
		if childDone[r.Path] {
			again++
			t.Logf("refetched after kill: %s", r.Path)
		}
	}
	if again > 1 {
		t.Errorf("%d pages delivered before the kill were fetched again", again)
	}
	t.Logf("child: %d requests, %d pages delivered; resumed run: %d requests", len(childReqs), len(childDone), len(p.Requests()))

	// The archive of the killed run is still readable up to the kill.
	var warcReports int
	err = crawler.ReadWARC(archive, func(pg crawler.Page) error {
		if pg.IsReport && pg.Complete() {
			warcReports++
		}
		return nil
	})
	if err != nil && !errors.Is(err, crawler.ErrTornWARC) {
		t.Errorf("ReadWARC after kill: %v", err)
	}
	if warcReports < len(simulator.ExpectedReports()) {
		t.Errorf("archive holds %d complete reports, want ≥ %d", warcReports, len(simulator.ExpectedReports()))
	}
}
