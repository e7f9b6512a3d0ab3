package crawler

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"
)

// Fleet is what the crawls of many sites share when they run at once in one
// process (crawl --sites, run --sites, serve): a cap on the requests on the
// wire over all sites, a cap on the sites crawled at once, and one progress
// display for the whole run.
//
// Why caps at this level and not only per host: politeness is per host, so
// hosts are independent and a province of 300 portals can be crawled in the
// time of its slowest portal — but every request in flight holds a socket and
// up to BodyLimit of body, so their sum is what bounds open files and memory.
// A host's pacing (Delay, Crawl-delay, Retry-After) is waited out before a
// request takes a fleet slot, so a slow host never holds one while it waits.
//
// Put the same *Fleet in Config.Fleet of every site, and run the sites with
// Each (a caller with its own scheduler, such as serve, may start the
// crawls itself: the request cap and the progress counts still apply).
type Fleet struct {
	inflight chan struct{}
	sites    chan struct{}
	prog     *fleetProgress
}

// FleetOptions size a Fleet. Zero values take the documented defaults.
type FleetOptions struct {
	// MaxInFlight: requests on the wire over all sites (default DefaultMaxInFlight).
	MaxInFlight int
	// MaxSites: site crawls running at once; the others wait for a slot
	// (default DefaultMaxSites).
	MaxSites int
	// Progress, if a terminal, shows one progress line for the whole run;
	// otherwise (and for nil) progress is logged every 30s.
	Progress io.Writer
	Logger   *slog.Logger
}

// Defaults of FleetOptions. One site crawl holds about eight file descriptors
// (WARC file, journal and its lock, fetch log, a connection or two), so 64
// sites stay far below the usual 1024; 32 requests in flight bound the bodies
// held at once to 32 × BodyLimit in the worst case (a few MB in practice) and
// keep two cores busy parsing.
const (
	DefaultMaxInFlight = 32
	DefaultMaxSites    = 64
)

// NewFleet makes a Fleet.
func NewFleet(o FleetOptions) *Fleet {
	if o.MaxInFlight <= 0 {
		o.MaxInFlight = DefaultMaxInFlight
	}
	if o.MaxSites <= 0 {
		o.MaxSites = DefaultMaxSites
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	return &Fleet{
		inflight: make(chan struct{}, o.MaxInFlight),
		sites:    make(chan struct{}, o.MaxSites),
		prog:     newFleetProgress(o.Progress, o.Logger),
	}
}

// acquire takes a request slot; it fails only when ctx ends first.
func (f *Fleet) acquire(ctx context.Context) error {
	if f == nil {
		return nil
	}
	select {
	case f.inflight <- struct{}{}:
		return nil
	case <-ctx.Done():
		return context.Cause(ctx)
	}
}

func (f *Fleet) release() {
	if f != nil {
		<-f.inflight
	}
}

// Each runs fn(ctx, i) for i in [0, n), each in its own goroutine, at most
// MaxSites at a time, and returns when all have returned. A site that fails
// does not stop the others: its error is errs[i]. Cancel ctx to stop them
// all (sites still waiting for a slot then return ctx's error unstarted).
func (f *Fleet) Each(ctx context.Context, n int, fn func(ctx context.Context, i int) error) []error {
	errs := make([]error, n)
	f.prog.expect(n)
	var wg sync.WaitGroup
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			select {
			case f.sites <- struct{}{}:
			case <-ctx.Done():
				errs[i] = ctx.Err()
				f.prog.siteDone(errs[i], false)
				return
			}
			defer func() { <-f.sites }()
			f.prog.siteStarted()
			errs[i] = fn(ctx, i)
			f.prog.siteDone(errs[i], true)
		}()
	}
	wg.Wait()
	f.prog.finish()
	return errs
}

// fleetProgress counts for the whole run; every crawl adds to it from its
// own goroutine, so the counters are atomic.
type fleetProgress struct {
	log                       *slog.Logger
	bar                       *bar
	started                   time.Time
	sites, running, done, bad atomic.Int64
	requests, pages, reports  atomic.Int64
	errors                    atomic.Int64
	lastLog                   atomic.Int64 // unix nanos
	mu                        sync.Mutex   // the bar
}

func newFleetProgress(w io.Writer, log *slog.Logger) *fleetProgress {
	p := &fleetProgress{log: log, started: time.Now(), bar: newBar(w)}
	p.lastLog.Store(time.Now().UnixNano())
	return p
}

func (p *fleetProgress) expect(n int) { p.sites.Add(int64(n)); p.show() }
func (p *fleetProgress) siteStarted() { p.running.Add(1); p.show() }

func (p *fleetProgress) siteDone(err error, started bool) {
	if err != nil && !errors.Is(err, context.Canceled) {
		p.bad.Add(1)
	}
	p.done.Add(1)
	if started {
		p.running.Add(-1)
	}
	p.show()
}

// fetched counts one fetch record of any site.
func (p *fleetProgress) fetched(fr FetchRecord) {
	if fr.Status > 0 || fr.Outcome == OutcomeNetworkError || fr.Outcome == OutcomeTimeout {
		p.requests.Add(1)
	}
	if fr.Outcome.failure() {
		p.errors.Add(1)
	}
	p.show()
}

// emitted counts one page given to a site's emit.
func (p *fleetProgress) emitted(pg *Page) {
	p.pages.Add(1)
	if pg.IsReport && pg.Complete() {
		p.reports.Add(1)
	}
}

func (p *fleetProgress) line() string {
	el := time.Since(p.started).Seconds()
	rate := 0.0
	if el > 0 {
		rate = float64(p.requests.Load()) / el
	}
	return fmt.Sprintf("sites %d/%d done, %d running, %d failed · pages %d · reports %d · errors %d · %.1f req/s",
		p.done.Load(), p.sites.Load(), p.running.Load(), p.bad.Load(), p.pages.Load(), p.reports.Load(), p.errors.Load(), rate)
}

func (p *fleetProgress) show() {
	if p.bar != nil {
		p.mu.Lock()
		p.bar.describe(p.line(), p.requests.Load())
		p.mu.Unlock()
		return
	}
	if p.sites.Load() == 0 {
		return // crawls started by a scheduler of their own (serve), which reports them itself
	}
	now := time.Now().UnixNano()
	last := p.lastLog.Load()
	if time.Duration(now-last) >= logEvery && p.lastLog.CompareAndSwap(last, now) {
		p.log.Info("crawl progress", "sites", p.sites.Load(), "done", p.done.Load(), "running", p.running.Load(),
			"failed", p.bad.Load(), "requests", p.requests.Load(), "pages", p.pages.Load(), "reports", p.reports.Load(),
			"errors", p.errors.Load())
	}
}

func (p *fleetProgress) finish() {
	if p.bar != nil {
		p.mu.Lock()
		p.bar.finish()
		p.mu.Unlock()
	}
	p.log.Info("all sites finished", "sites", p.sites.Load(), "failed", p.bad.Load(), "requests", p.requests.Load(),
		"pages", p.pages.Load(), "reports", p.reports.Load(), "errors", p.errors.Load(),
		"elapsed", time.Since(p.started).Round(time.Millisecond))
}
