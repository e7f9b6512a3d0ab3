package crawler

import (
	"fmt"
	"io"
	"log/slog"
	"os"
	"time"

	"github.com/mattn/go-isatty"
	"github.com/schollz/progressbar/v3"
)

// progress shows a spinner line (pages, reports, errors, rate) when the
// output is a terminal, and otherwise logs the same numbers with slog every
// logEvery, so a crawl under cron or systemd still shows it is alive. A crawl
// that is part of a Fleet shows nothing of its own: the fleet's line covers
// every site (fleet.go).
type progress struct {
	bar     *bar
	log     *slog.Logger
	last    time.Time
	started time.Time
	quiet   bool // part of a fleet: log the end only
}

const logEvery = 30 * time.Second

// bar is a progressbar spinner on a terminal; newBar returns nil otherwise.
type bar struct{ b *progressbar.ProgressBar }

func newBar(w io.Writer) *bar {
	f, ok := w.(*os.File)
	if !ok || !(isatty.IsTerminal(f.Fd()) || isatty.IsCygwinTerminal(f.Fd())) {
		return nil
	}
	return &bar{progressbar.NewOptions64(-1,
		progressbar.OptionSetWriter(f),
		progressbar.OptionSetDescription("crawling"),
		progressbar.OptionShowCount(),
		progressbar.OptionShowIts(),
		progressbar.OptionSetItsString("req"),
		progressbar.OptionThrottle(200*time.Millisecond),
		progressbar.OptionSpinnerType(14),
		progressbar.OptionClearOnFinish(),
	)}
}

func (b *bar) describe(line string, requests int64) {
	b.b.Describe(line)
	_ = b.b.Set64(requests)
}

func (b *bar) finish() { _ = b.b.Finish() }

func newProgress(w io.Writer, log *slog.Logger, inFleet bool) *progress {
	p := &progress{log: log, last: time.Now(), started: time.Now(), quiet: inFleet}
	if !inFleet {
		p.bar = newBar(w)
	}
	return p
}

func (p *progress) line(s *Summary) string {
	fails := 0
	for _, n := range s.Failures {
		fails += n
	}
	return fmt.Sprintf("pages %d · reports %d · dup %d · 304 %d · errors %d", s.Pages, s.Reports, s.Duplicates, s.NotModified, fails)
}

func (p *progress) update(s *Summary) {
	if p == nil || p.quiet {
		return
	}
	if p.bar != nil {
		p.bar.describe(p.line(s), int64(s.Requests))
		return
	}
	if time.Since(p.last) >= logEvery {
		p.last = time.Now()
		rate := float64(s.Requests) / time.Since(p.started).Seconds()
		p.log.Info("crawl progress", "requests", s.Requests, "pages", s.Pages, "reports", s.Reports,
			"duplicates", s.Duplicates, "not_modified", s.NotModified, "req_per_s", fmt.Sprintf("%.1f", rate))
	}
}

func (p *progress) finish(s *Summary) {
	if p.bar != nil {
		p.bar.finish()
	}
	p.log.Info("crawl finished", "requests", s.Requests, "pages", s.Pages, "reports", s.Reports,
		"reports_unchanged", s.ReportsUnchanged, "attachments", s.Attachments, "duplicates", s.Duplicates,
		"not_modified", s.NotModified, "bytes", s.Bytes, "failures", s.Failures,
		"elapsed", s.Finished.Sub(s.Started).Round(time.Millisecond))
	if len(s.OffsiteHosts) > 0 {
		p.log.Info("on-topic links to hosts outside allowed_hosts were not followed; add a host to allowed_hosts to crawl it",
			"hosts", s.OffsiteHosts)
	}
}
