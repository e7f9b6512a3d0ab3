// Package pipeline streams crawled pages through the parser into ClickHouse: a report is parsed
// as soon as its page arrives and queued for loading; batches go out by size or by time. It is
// the body of `govreports run` and of every scheduled run of `govreports serve`.
package pipeline

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/govreports/govreports/crawler"
	"github.com/govreports/govreports/loader"
	"github.com/govreports/govreports/parser"
)

// Options tune a pipeline. Zero values take the documented defaults.
type Options struct {
	// Sink receives reports and the fetch log; nil means crawl and parse only, nothing loaded.
	Sink   loader.Sink
	Logger *slog.Logger
	// BatchReports: reports per Load (default 200). FlushEvery: the longest a parsed report
	// waits before it is loaded (default 5s), so a slow crawl still lands steadily.
	BatchReports int
	FlushEvery   time.Duration
	// Parse turns pages into results (default parser.Parse); tests may count calls.
	Parse func([]byte, parser.Source) (*parser.Result, error)
	// OnResult, if set, sees every parsed report before it is queued for loading, so a
	// long-running caller (govreports serve) can count reports and issues while the crawl runs
	// instead of only from Stats at its end. Called from the crawl's emit goroutine, one call at a
	// time: keep it quick, and do not keep or change the result.
	OnResult func(*parser.Result)
	// OnLoaded, if set, is told the rows each successful insert wrote, by table ("reports",
	// "cells", "issues", "fetches"), from the loading goroutine. Fetch rows are also seen one by
	// one through crawler.Config.FetchLog.
	OnLoaded func(table string, rows int)
	// WriteAhead, if set, makes every parsed report durable before the crawler may mark its page
	// done: the report is written (fsync'd) to this spool, and loads are made from the spool in
	// groups. A crash or kill -9 then loses nothing: the next run loads what is left, and a
	// server outage does not stop the crawl (loads are retried on the next flush). Without it,
	// reports queued in memory when the process dies are lost until their pages change.
	WriteAhead *loader.Spool
	// Loads, if set, is told which reports wait to be loaded and when they are (per site, given
	// to Run like WriteAhead): internal/frontier keeps them in Redis, so a node that takes over
	// the site of a node that died fetches again what was only in the dead node's spool.
	Loads LoadTracker
}

// Stats is what one run did.
type Stats struct {
	Crawl       crawler.Summary
	Parsed      int // report pages and attachments parsed
	Attachments int // of which attachments (PDF, DOC, DOCX, WPS) read as reports
	// AttachmentsRedundant counts attachments parsed but not loaded (AttachmentLinker.Redundant):
	// their report is their page's (same content id), or they hold no tables and say nothing.
	AttachmentsRedundant int
	ParseErrors          int            // report pages the parser refused (too large, empty); kept in the archive
	Loaded               loader.Stats   // what reached ClickHouse
	Fetches              int            // fetch-log rows loaded
	ReportStatus         map[string]int // parsed reports by status (clean, warnings, errors, no_tables)
}

// ErrLoad wraps failures to write to ClickHouse; the crawl is stopped, its state kept for resume.
var ErrLoad = errors.New("pipeline: load failed")

func (o *Options) defaults() {
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	if o.BatchReports <= 0 {
		o.BatchReports = 200
	}
	if o.FlushEvery <= 0 {
		o.FlushEvery = 5 * time.Second
	}
	if o.Parse == nil {
		o.Parse = parser.Parse
	}
}

// Run crawls one site with cfg and streams its reports into the sink: a Stream of one site.
func Run(ctx context.Context, cfg crawler.Config, opts Options) (Stats, error) {
	s := NewStream(ctx, opts)
	st, err := s.Run(ctx, cfg, opts)
	if _, _, cerr := s.Close(); err == nil && cerr != nil {
		err = fmt.Errorf("%w: %w", ErrLoad, cerr)
	}
	return st, err
}

// Stream is one loading stream fed by the crawls of many sites at once (run --sites, serve):
// reports and fetch rows of every site go into the same batches, so a province of 300 portals
// makes one insert every FlushEvery or BatchReports, not 300. Start sites with Run, each from
// its own goroutine; Close when the last has returned. A failed load stops every site's crawl
// (their state is kept for resume).
type Stream struct {
	opts Options
	q    *queue
}

// NewStream starts the loading goroutine. Of opts, Sink, Logger, BatchReports, FlushEvery and
// Parse apply to the stream; WriteAhead, OnResult and OnLoaded are per site (given to Run).
func NewStream(ctx context.Context, opts Options) *Stream {
	opts.defaults()
	return &Stream{opts: opts, q: newQueue(ctx, opts)}
}

// Close loads what is queued and stops the loading goroutine; it returns what the stream
// loaded over all sites.
func (s *Stream) Close() (loader.Stats, int, error) { return s.q.close() }

// Run crawls one site with cfg into the stream. Of opts only WriteAhead, OnResult and OnLoaded
// are read (the rest is the stream's). It returns once the site's crawl has ended and
// everything it parsed has been loaded (or is safe in its write-ahead spool).
func (s *Stream) Run(ctx context.Context, cfg crawler.Config, site Options) (Stats, error) {
	opts := s.opts
	opts.WriteAhead, opts.OnResult, opts.OnLoaded, opts.Loads = site.WriteAhead, site.OnResult, site.OnLoaded, site.Loads
	st := Stats{ReportStatus: map[string]int{}}
	if err := s.q.failed(); err != nil {
		return st, fmt.Errorf("%w: %w", ErrLoad, err)
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	sr := &siteRun{name: cfg.Site.Name, opts: opts, cancel: cancel}
	if opts.WriteAhead != nil && opts.Sink != nil {
		sr.fetchSpool = opts.WriteAhead.Fetches()
	}
	s.q.join(sr)
	q := s.q

	userLog := cfg.FetchLog
	cfg.FetchLog = func(r crawler.FetchRecord) {
		if userLog != nil {
			userLog(r)
		}
		q.addFetch(sr, FetchRow(r))
	}
	c, err := crawler.New(cfg, opts.Logger)
	if err != nil {
		q.leave(sr)
		return st, err
	}
	var region *parser.Region
	if cfg.Site.RegionCode != "" || cfg.Site.RegionName != "" {
		region = &parser.Region{Code: cfg.Site.RegionCode, Name: cfg.Site.RegionName}
	}
	var mu sync.Mutex // emit may be called from several crawler workers
	linker := NewAttachmentLinker()
	summary, crawlErr := c.Run(ctx, func(p crawler.Page) error {
		attachment := p.Attachment && p.Complete()
		if !attachment && (!p.IsReport || !p.Complete()) {
			// Truncated pages and duplicates are in the archive and the fetch log; a page
			// titled like a report is remembered for the attachments it links.
			linker.Stub(p, SourceOf(p, region))
			return nil
		}
		src := SourceOf(p, region)
		if attachment {
			src = linker.Source(p, region)
		}
		res, err := opts.Parse(p.Body, src)
		if err == nil && !attachment {
			linker.Report(p, res)
		}
		mu.Lock()
		if err != nil {
			st.ParseErrors++
			mu.Unlock()
			opts.Logger.Warn("report page not parsed", "url", p.URL, "err", err)
			return nil
		}
		if attachment && linker.Redundant(p, res) {
			st.AttachmentsRedundant++
			mu.Unlock()
			return nil
		}
		st.Parsed++
		if attachment {
			st.Attachments++
		}
		st.ReportStatus[res.Report.Status]++
		if opts.OnResult != nil {
			opts.OnResult(res)
		}
		mu.Unlock()
		if opts.Loads != nil && opts.Sink != nil {
			// Before the page may be journaled done: were this node to die before the load,
			// whoever resumes the site learns the page must be fetched again.
			if err := opts.Loads.Pending(p.FinalURL, res); err != nil {
				return fmt.Errorf("pipeline: load tracking: %w", err)
			}
			sr.noteUnloaded(p.FinalURL)
		}
		if opts.WriteAhead != nil && opts.Sink != nil {
			// On disk before emit returns: only then may the crawler journal the page as done.
			if err := opts.WriteAhead.Put([]*parser.Result{res}); err != nil {
				return fmt.Errorf("pipeline: write-ahead spool: %w", err)
			}
			return q.addSpooled(sr)
		}
		return q.addReport(sr, res)
	})
	st.Crawl = summary
	loadErr := q.leave(sr)
	st.Loaded, st.Fetches = sr.loaded, sr.fetches
	if loadErr != nil {
		return st, fmt.Errorf("%w: %w", ErrLoad, loadErr)
	}
	return st, crawlErr
}

// SourceOf describes a crawled page to the parser.
func SourceOf(p crawler.Page, region *parser.Region) parser.Source {
	src := parser.Source{Name: p.URL, URL: p.FinalURL, Fetched: p.Fetched, Region: region}
	if src.URL == "" {
		src.URL = p.URL
	}
	if p.Header != nil {
		src.ContentType = p.Header.Get("Content-Type")
	}
	return src
}

// FetchRow is a fetch record as a row of the fetches table (the crawler does not depend on the
// loader; this is where the two meet).
func FetchRow(r crawler.FetchRecord) loader.Fetch {
	return loader.Fetch{URL: r.URL, Host: r.Host, Status: uint16(max(0, min(r.Status, 65535))), Bytes: uint64(max(0, r.Bytes)),
		Encoding: r.Encoding, FetchedAt: r.FetchedAt, Outcome: string(r.Outcome), Duration: r.Duration,
		ContentSHA256: r.ContentSHA256, Error: r.Error, Attempt: uint16(max(0, min(r.Attempts, 65535))),
		Kind: string(r.Kind), Referrer: r.Referrer, Depth: uint16(max(0, min(r.Depth, 65535))), IsReport: r.IsReport}
}

// siteRun is one site's share of a stream: its spool, hooks and what was loaded for it. Only
// the loading goroutine touches the counters until leave has returned.
type siteRun struct {
	name       string
	opts       Options // WriteAhead, OnLoaded of the site
	cancel     context.CancelFunc
	fetchSpool *loader.FetchSpool // nil without a write-ahead spool
	loaded     loader.Stats
	fetches    int
	pending    int   // reports in the write-ahead spool since the last flush
	spoolErr   error // the last failure to load from the spool (nil once it worked)

	// With opts.Loads: the URLs of the site's reports not yet known loaded, in the order
	// their messages reach the loading goroutine (emit appends under unloadedMu); applied
	// counts the site's report messages the loading goroutine has taken, acked those it
	// reported loaded.
	unloadedMu     sync.Mutex
	unloaded       []string
	applied, acked int
}

// LoadTracker follows a site's reports from emit to load (Options.Loads). Pending is called
// with the report before the crawler may count its page done (an error stops the site's
// crawl, the page not done); Loaded after the reports of those URLs are in the database (a
// failure there only means a node that resumes the site loads them again: idempotent).
type LoadTracker interface {
	Pending(url string, res *parser.Result) error
	Loaded(urls []string)
}

func (sr *siteRun) noteUnloaded(url string) {
	sr.unloadedMu.Lock()
	sr.unloaded = append(sr.unloaded, url)
	sr.unloadedMu.Unlock()
}

// ackLoaded tells the tracker that every report message taken so far is loaded.
func (sr *siteRun) ackLoaded() {
	n := sr.applied - sr.acked
	if n <= 0 || sr.opts.Loads == nil {
		return
	}
	sr.unloadedMu.Lock()
	n = min(n, len(sr.unloaded))
	urls := append([]string(nil), sr.unloaded[:n]...)
	sr.unloaded = append(sr.unloaded[:0], sr.unloaded[n:]...)
	sr.unloadedMu.Unlock()
	sr.acked += n
	sr.opts.Loads.Loaded(urls)
}

func (sr *siteRun) rows(table string, n int) {
	if sr.opts.OnLoaded != nil && n > 0 {
		sr.opts.OnLoaded(table, n)
	}
}

// message is what the sites send the loading goroutine; each kind says what it does to the
// batch (apply), so the loop has no type switch over an untyped channel.
type message interface {
	apply(q *queue, b *batcher)
}

// The messages of the loading goroutine.
type (
	report struct {
		site *siteRun
		res  *parser.Result
	}
	fetchRow struct {
		site *siteRun
		f    loader.Fetch
	}
	spooled struct{ site *siteRun } // one report written to the site's write-ahead spool
	joined  struct{ site *siteRun }
	left    struct {
		site *siteRun
		done chan error
	}
)

// queue batches results and fetch rows of every site and loads them from one goroutine, so a
// crawl never waits on an insert unless the queue is full (back-pressure bounds memory).
type queue struct {
	opts Options
	in   chan message
	done chan struct{}
	mu   sync.Mutex
	err  error
	// sites are the running sites, by the loading goroutine's count.
	sites  map[*siteRun]bool
	sumMu  sync.Mutex
	total  loader.Stats
	totalF int
}

func newQueue(ctx context.Context, opts Options) *queue {
	q := &queue{opts: opts, in: make(chan message, 4*opts.BatchReports), done: make(chan struct{}), sites: map[*siteRun]bool{}}
	go q.loop(context.WithoutCancel(ctx))
	return q
}

func (q *queue) join(sr *siteRun) { q.in <- joined{sr} }

// leave flushes what the site queued and returns the site's load error, if any.
func (q *queue) leave(sr *siteRun) error {
	done := make(chan error, 1)
	q.in <- left{sr, done}
	return <-done
}

func (q *queue) addReport(sr *siteRun, r *parser.Result) error {
	if err := q.failed(); err != nil {
		return err
	}
	q.in <- report{sr, r}
	return nil
}

func (q *queue) addSpooled(sr *siteRun) error {
	if err := q.failed(); err != nil {
		return err
	}
	q.in <- spooled{sr}
	return nil
}

func (q *queue) addFetch(sr *siteRun, f loader.Fetch) {
	if q.failed() == nil {
		q.in <- fetchRow{sr, f}
	}
}

func (q *queue) failed() error {
	q.mu.Lock()
	defer q.mu.Unlock()
	return q.err
}

// close flushes what is queued and waits for the loader goroutine.
func (q *queue) close() (loader.Stats, int, error) {
	close(q.in)
	<-q.done
	q.sumMu.Lock()
	defer q.sumMu.Unlock()
	return q.total, q.totalF, q.failed()
}

// loop runs until the input closes. Its context is not cancelled with the crawls: what was
// parsed before an interrupt is still loaded (graceful shutdown flushes).
func (q *queue) loop(ctx context.Context) {
	defer close(q.done)
	b := &batcher{q: q, ctx: ctx}
	tick := time.NewTicker(q.opts.FlushEvery)
	defer tick.Stop()
	for {
		select {
		case v, ok := <-q.in:
			if !ok {
				b.flush()
				return
			}
			v.apply(q, b)
			if len(b.reports) >= q.opts.BatchReports || b.pending >= q.opts.BatchReports || len(b.fetches) >= 50*q.opts.BatchReports {
				b.flush()
			}
		case <-tick.C:
			b.flush()
		}
	}
}

func (m report) apply(_ *queue, b *batcher) {
	m.site.applied++
	b.reports = append(b.reports, m)
}
func (m fetchRow) apply(_ *queue, b *batcher) { b.fetches = append(b.fetches, m) }

func (m spooled) apply(_ *queue, b *batcher) {
	m.site.applied++
	m.site.pending++
	b.pending++
}

func (m joined) apply(q *queue, b *batcher) {
	q.sites[m.site] = true
	if m.site.opts.WriteAhead != nil && m.site.opts.Sink != nil {
		b.flush() // leftovers of an earlier run that was killed
	}
}

func (m left) apply(q *queue, b *batcher) {
	b.flush()
	m.done <- b.siteErr(m.site)
	delete(q.sites, m.site)
	if len(q.sites) == 0 {
		// Every site the failure stopped has gone: a long-lived stream (serve) takes new sites
		// again, as a fresh run would after an outage.
		q.mu.Lock()
		q.err = nil
		q.mu.Unlock()
	}
}

func (q *queue) fail(err error) {
	q.mu.Lock()
	if q.err == nil {
		q.err = err
		q.opts.Logger.Error("load failed; stopping the crawl (its state is kept: run again to resume)", "err", err)
		for sr := range q.sites {
			sr.cancel()
		}
	}
	q.mu.Unlock()
}
