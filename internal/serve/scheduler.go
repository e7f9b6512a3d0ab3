package serve

import (
	"context"
	"errors"
	"log/slog"
	"path/filepath"
	"sync"
	"sync/atomic"
	"time"

	"github.com/robfig/cron/v3"

	"github.com/govreports/govreports/crawler"
	"github.com/govreports/govreports/internal/frontier"
	"github.com/govreports/govreports/internal/pipeline"
	"github.com/govreports/govreports/internal/sitename"
	"github.com/govreports/govreports/loader"
	"github.com/govreports/govreports/parser"
)

// RunFunc is one run of one site; pipeline.Run is the real one.
type RunFunc func(ctx context.Context, cfg crawler.Config, opts pipeline.Options) (pipeline.Stats, error)

// siteSched is a site with its parsed schedule and its run guard.
type siteSched struct {
	Site
	spec   string        // the schedule as written (the default filled in)
	sched  cron.Schedule // jittered
	offset time.Duration // the jitter
	entry  cron.EntryID
	// busy is held from a trigger until its run ends, waiting for a slot included: a trigger
	// that finds it held is skipped and counted, so a site that runs longer than its period
	// never accumulates a queue of runs.
	busy atomic.Bool
}

// scheduler fires site runs from cron and from start-up catch-up, one per site at a time and
// at most cap(slots) at once.
type scheduler struct {
	log     *slog.Logger // component=serve
	runLog  *slog.Logger // for the pipeline and crawler, which name their own component
	sites   []*siteSched
	store   *store
	metrics *Metrics
	sink    loader.Sink
	run     RunFunc
	pipe    pipeline.Options // BatchReports, FlushEvery; the rest is set per run
	// spoolDir holds a write-ahead spool per site ("" for none).
	spoolDir string
	cron     *cron.Cron
	slots    chan struct{}
	// fleet caps the requests in flight over all running sites.
	fleet *crawler.Fleet
	// frontier, if set, is shared with other serve nodes (shared.go).
	frontier *frontier.Frontier

	// ctx is the runs' context, cancelled by stop: separate from the caller's so that stop
	// first closes the door to new runs and only then interrupts the ones in flight.
	ctx    context.Context
	cancel context.CancelFunc

	mu       sync.Mutex
	stopping bool
	wg       sync.WaitGroup // triggers in progress
}

// start schedules every site with cron and fires the start-up runs.
func (s *scheduler) start(now time.Time) {
	for _, st := range s.sites {
		st.entry = s.cron.Schedule(st.sched, cron.FuncJob(func() { s.trigger(st, "schedule") }))
	}
	s.cron.Start()
	for _, st := range s.sites {
		if reason := startupReason(s.store.get(st.Name), st.sched, now); reason != "" {
			go s.trigger(st, reason)
		}
	}
}

// startupReason says why a site should run right after start-up, or "" if it should wait for
// its schedule. The crawler's journal makes such a run resume an interrupted crawl rather than
// start over.
func startupReason(rec Record, sched cron.Schedule, now time.Time) string {
	switch {
	case rec.Running:
		return "last run did not finish (process stopped without shutting down)"
	case rec.LastResult == ResultInterrupted:
		return "last run was interrupted by a shutdown"
	case rec.LastStart.IsZero():
		return "first run"
	}
	if next := sched.Next(rec.LastStart); !next.IsZero() && !next.After(now) {
		return "a scheduled run was missed while not running"
	}
	return ""
}

// trigger runs a site unless it is already running (or waiting to), in which case the trigger
// is skipped and counted.
func (s *scheduler) trigger(st *siteSched, reason string) {
	s.mu.Lock()
	if s.stopping {
		s.mu.Unlock()
		return
	}
	s.wg.Add(1)
	s.mu.Unlock()
	defer s.wg.Done()

	if !st.busy.CompareAndSwap(false, true) {
		s.metrics.skip(st.Name)
		s.log.Info("trigger skipped: the site's previous run is still in progress", "site", st.Name, "reason", reason)
		return
	}
	defer st.busy.Store(false)
	if s.frontier != nil {
		s.runShared(st, reason) // takes a slot only while it claims and runs
		return
	}
	if !s.takeSlot() {
		return
	}
	defer s.freeSlot()
	s.runSite(st, reason, nil)
}

// takeSlot waits for one of the Concurrency slots; false if stop began first.
func (s *scheduler) takeSlot() bool {
	select {
	case s.slots <- struct{}{}:
	case <-s.ctx.Done():
		return false
	}
	if s.ctx.Err() != nil {
		s.freeSlot()
		return false // stop began while this trigger waited for a slot
	}
	return true
}

func (s *scheduler) freeSlot() { <-s.slots }

// runSite is one run: record the start (so a crash is detectable), run the pipeline with the
// metric hooks, record the end.
func (s *scheduler) runSite(st *siteSched, reason string, shared *frontier.Claim) error {
	log := s.log.With("site", st.Name)
	start := time.Now()
	s.store.update(st.Name, func(r *Record) { r.LastStart, r.Running = start, true })
	s.metrics.runStarted(st.Name, start)
	log.Info("run started", "reason", reason)

	cfg := st.Crawl
	if shared != nil {
		cfg = shared.Configure(cfg)
	}
	cfg.Fleet = s.fleet
	userLog := cfg.FetchLog
	cfg.FetchLog = func(r crawler.FetchRecord) {
		s.metrics.fetch(st.Name, r)
		if userLog != nil {
			userLog(r)
		}
	}
	opts := s.pipe
	opts.Sink, opts.Logger = s.sink, s.runLog
	if shared != nil {
		opts.Loads = shared.Loads()
	}
	var flog *crawler.FetchLogWriter
	if s.spoolDir != "" {
		sp, err := loader.OpenSpool(filepath.Join(s.spoolDir, sitename.Dir(st.Name)), s.runLog)
		if err != nil {
			log.Error("spool not usable; the run loads without it", "err", err)
		} else {
			opts.WriteAhead = sp
		}
	}
	if cfg.ArchiveDir != "" {
		// The fetch log beside the archive: rows the server could not take load later.
		if w, err := crawler.NewFetchLogWriter(cfg.ArchiveDir, st.Name, start); err == nil {
			flog = w
			inner := cfg.FetchLog
			cfg.FetchLog = func(r crawler.FetchRecord) { inner(r); w.Write(r) }
		} else {
			log.Warn("fetch log file not writable", "err", err)
		}
	}
	opts.OnResult = func(r *parser.Result) { s.metrics.result(st.Name, r) }
	opts.OnLoaded = func(table string, n int) { s.metrics.loaded(st.Name, table, n) }
	stats, err := s.run(s.ctx, cfg, opts)
	if flog != nil {
		if cerr := flog.Close(); cerr != nil {
			log.Warn("fetch log file", "err", cerr)
		}
	}

	end := time.Now()
	result := ResultSuccess
	switch {
	case err == nil:
	case s.ctx.Err() != nil && errors.Is(err, context.Canceled):
		result = ResultInterrupted
	default:
		result = ResultFailure
	}
	s.store.update(st.Name, func(r *Record) {
		r.LastEnd, r.Running, r.LastResult, r.LastError = end, false, result, ""
		r.Runs++
		r.LastParsed, r.LastLoaded = stats.Parsed, stats.Loaded.Reports
		if err != nil {
			r.LastError = err.Error()
		}
		if result == ResultSuccess {
			r.LastSuccess = end
		}
	})
	s.metrics.runEnded(st.Name, result, end.Sub(start), end, stats.ParseErrors)
	if opts.WriteAhead != nil {
		if names, err := opts.WriteAhead.Pending(); err == nil {
			s.metrics.spool(st.Name, "reports", len(names))
		}
		if names, err := opts.WriteAhead.Fetches().Pending(); err == nil {
			s.metrics.spool(st.Name, "fetches", len(names))
		}
	}
	attrs := []any{"result", result, "took", end.Sub(start).Round(time.Millisecond), "requests", stats.Crawl.Requests,
		"parsed", stats.Parsed, "loaded_reports", stats.Loaded.Reports, "loaded_cells", stats.Loaded.Cells,
		"fetch_rows", stats.Fetches, "resumed", stats.Crawl.Resumed}
	switch result {
	case ResultFailure:
		log.Error("run failed (crawl state kept: the next run resumes)", append(attrs, "err", err)...)
	case ResultInterrupted:
		log.Info("run interrupted by shutdown (checkpointed: it resumes on the next start)", attrs...)
	default:
		log.Info("run finished", attrs...)
	}
	return err
}

// stop closes the door to new triggers, cancels the runs in flight and waits for them to
// checkpoint and flush, or for ctx to end.
func (s *scheduler) stop(ctx context.Context) error {
	s.mu.Lock()
	s.stopping = true
	s.mu.Unlock()
	s.cron.Stop() // no more cron triggers; the ones in progress are in wg
	s.cancel()
	done := make(chan struct{})
	go func() {
		s.wg.Wait()
		close(done)
	}()
	select {
	case <-done:
		return nil
	case <-ctx.Done():
		return ErrShutdownTimeout
	}
}

// SiteStatus is one site as /status shows it.
type SiteStatus struct {
	Name     string    `json:"name"`
	Schedule string    `json:"schedule"`
	Jitter   string    `json:"jitter"` // the site's fixed offset, e.g. "37m12s"
	Next     time.Time `json:"next,omitzero"`
	Busy     bool      `json:"busy"`
	Record   Record    `json:"record"`
}

func (s *scheduler) status() []SiteStatus {
	recs := s.store.all()
	out := make([]SiteStatus, 0, len(s.sites))
	for _, st := range s.sites {
		out = append(out, SiteStatus{Name: st.Name, Schedule: st.spec, Jitter: st.offset.String(),
			Next: s.cron.Entry(st.entry).Next, Busy: st.busy.Load(), Record: recs[st.Name]})
	}
	return out
}
