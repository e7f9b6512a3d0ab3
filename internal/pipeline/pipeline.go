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

// Run crawls one site with cfg and streams its reports into the sink.
func Run(ctx context.Context, cfg crawler.Config, opts Options) (Stats, error) {
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	if opts.BatchReports <= 0 {
		opts.BatchReports = 200
	}
	if opts.FlushEvery <= 0 {
		opts.FlushEvery = 5 * time.Second
	}
	if opts.Parse == nil {
		opts.Parse = parser.Parse
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	st := Stats{ReportStatus: map[string]int{}}
	var fetchSpool *loader.FetchSpool
	if opts.WriteAhead != nil && opts.Sink != nil {
		fetchSpool = opts.WriteAhead.Fetches()
	}
	q := newQueue(ctx, opts, fetchSpool, cancel)

	userLog := cfg.FetchLog
	cfg.FetchLog = func(r crawler.FetchRecord) {
		if userLog != nil {
			userLog(r)
		}
		q.addFetch(fetchOf(r))
	}
	c, err := crawler.New(cfg, opts.Logger)
	if err != nil {
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
		if opts.WriteAhead != nil && opts.Sink != nil {
			// On disk before emit returns: only then may the crawler journal the page as done.
			if err := opts.WriteAhead.Put([]*parser.Result{res}); err != nil {
				return fmt.Errorf("pipeline: write-ahead spool: %w", err)
			}
			return q.addSpooled()
		}
		return q.addReport(res)
	})
	st.Crawl = summary
	loaded, fetches, loadErr := q.close()
	st.Loaded, st.Fetches = loaded, fetches
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

func fetchOf(r crawler.FetchRecord) loader.Fetch {
	return loader.Fetch{URL: r.URL, Host: r.Host, Status: uint16(max(0, min(r.Status, 65535))), Bytes: uint64(max(0, r.Bytes)),
		Encoding: r.Encoding, FetchedAt: r.FetchedAt, Outcome: string(r.Outcome), Duration: r.Duration,
		ContentSHA256: r.ContentSHA256, Error: r.Error, Attempt: uint16(max(0, min(r.Attempts, 65535))),
		Kind: string(r.Kind), Referrer: r.Referrer, Depth: uint16(max(0, min(r.Depth, 65535))), IsReport: r.IsReport}
}

// queue batches results and fetch rows and loads them from one goroutine, so the crawl never
// waits on an insert unless the queue is full (back-pressure bounds memory).
type queue struct {
	opts    Options
	in      chan any
	done    chan struct{}
	cancel  context.CancelFunc
	mu      sync.Mutex
	err     error
	loaded  loader.Stats
	fetches int
	// fetchSpool keeps fetch-log rows while the server is down (with a write-ahead spool only).
	fetchSpool *loader.FetchSpool
	// lastSpoolErr is the last failure to load from the write-ahead spool (nil once it worked).
	lastSpoolErr error
}

func newQueue(ctx context.Context, opts Options, fetchSpool *loader.FetchSpool, cancel context.CancelFunc) *queue {
	q := &queue{opts: opts, in: make(chan any, 4*opts.BatchReports), done: make(chan struct{}), cancel: cancel, fetchSpool: fetchSpool}
	go q.loop(context.WithoutCancel(ctx))
	return q
}

func (q *queue) addReport(r *parser.Result) error {
	if err := q.failed(); err != nil {
		return err
	}
	q.in <- r
	return nil
}

// spooled marks one report written to the write-ahead spool.
type spooled struct{}

func (q *queue) addSpooled() error {
	if err := q.failed(); err != nil {
		return err
	}
	q.in <- spooled{}
	return nil
}

func (q *queue) addFetch(f loader.Fetch) {
	if q.failed() == nil {
		q.in <- f
	}
}

func (q *queue) failed() error {
	q.mu.Lock()
	defer q.mu.Unlock()
	return q.err
}

// close flushes what is queued and waits for the loader goroutine. With a write-ahead spool, a
// final load that still cannot reach the server is an error, but nothing is lost: the reports
// stay in the spool for the next run.
func (q *queue) close() (loader.Stats, int, error) {
	close(q.in)
	<-q.done
	err := q.failed()
	q.mu.Lock()
	if err == nil && q.lastSpoolErr != nil && q.opts.WriteAhead != nil {
		n, _ := q.opts.WriteAhead.Pending()
		err = fmt.Errorf("%d batch file(s) stay in the spool %s and load on the next run: %w", len(n), q.opts.WriteAhead.Dir(), q.lastSpoolErr)
	}
	q.mu.Unlock()
	return q.loaded, q.fetches, err
}

// loop runs until the input closes. Its context is not cancelled with the crawl: what was parsed
// before an interrupt is still loaded (graceful shutdown flushes).
func (q *queue) loop(ctx context.Context) {
	defer close(q.done)
	var reports []*parser.Result
	var fetches []loader.Fetch
	pending := 0 // reports in the write-ahead spool since the last flush
	tick := time.NewTicker(q.opts.FlushEvery)
	defer tick.Stop()
	load := func(ctx context.Context, rs []*parser.Result) error {
		st, err := q.opts.Sink.Load(ctx, rs)
		if err != nil {
			return err
		}
		q.loaded.Reports += st.Reports
		q.loaded.Cells += st.Cells
		q.loaded.Issues += st.Issues
		q.loaded.Elapsed += st.Elapsed
		q.loadedRows("reports", st.Reports)
		q.loadedRows("cells", st.Cells)
		q.loadedRows("issues", st.Issues)
		return nil
	}
	// spoolFetches keeps the pending fetch rows on disk until the server is back.
	spoolFetches := func(cause error) {
		if len(fetches) == 0 {
			return
		}
		if err := q.fetchSpool.Put(fetches); err != nil {
			q.fail(err)
			return
		}
		q.opts.Logger.Warn("ClickHouse unreachable; fetch-log rows wait in the spool", "rows", len(fetches), "spool", q.fetchSpool.Dir(), "err", cause)
		fetches = fetches[:0]
	}
	flush := func() {
		if q.failed() != nil || q.opts.Sink == nil {
			reports, fetches = reports[:0], fetches[:0]
			return
		}
		var down error // the server just failed to answer: spool fetch rows without another wait
		if q.opts.WriteAhead != nil {
			pending = 0
			// Everything in the spool, leftovers of a killed run included, oldest first.
			if _, err := q.opts.WriteAhead.ReplayGrouped(ctx, q.opts.BatchReports, load); err != nil {
				if !errors.Is(err, loader.ErrUnreachable) {
					q.fail(err)
					return
				}
				// The reports are safe on disk; the crawl goes on and the next flush retries.
				down = err
				q.opts.Logger.Warn("ClickHouse unreachable; parsed reports stay in the spool until it is back", "spool", q.opts.WriteAhead.Dir(), "err", err)
				q.mu.Lock()
				q.lastSpoolErr = err
				q.mu.Unlock()
			} else {
				q.mu.Lock()
				q.lastSpoolErr = nil
				q.mu.Unlock()
			}
		}
		if len(reports) > 0 {
			if err := load(ctx, reports); err != nil {
				q.fail(err)
				return
			}
			reports = reports[:0]
		}
		if q.fetchSpool != nil && down != nil {
			spoolFetches(down)
			return
		}
		if q.fetchSpool != nil {
			// Rows spooled while the server was down go first (oldest first).
			n, err := q.fetchSpool.Replay(ctx, q.opts.Sink.LoadFetches)
			q.fetches += n
			q.loadedRows("fetches", n)
			switch {
			case err == nil:
			case errors.Is(err, loader.ErrUnreachable):
				spoolFetches(err)
				return
			case errors.Is(err, loader.ErrSpoolCorrupt):
				// Moved aside for inspection; the others were loaded. Not a reason to stop a crawl.
				q.opts.Logger.Error("fetch spool file unreadable; moved aside", "err", err)
			default:
				q.fail(err)
				return
			}
		}
		if len(fetches) > 0 {
			if err := q.opts.Sink.LoadFetches(ctx, fetches); err != nil {
				if q.fetchSpool != nil && errors.Is(err, loader.ErrUnreachable) {
					spoolFetches(err)
					return
				}
				q.fail(err)
				return
			}
			q.fetches += len(fetches)
			q.loadedRows("fetches", len(fetches))
			fetches = fetches[:0]
		}
	}
	if q.opts.WriteAhead != nil {
		flush() // leftovers of an earlier run that was killed
	}
	for {
		select {
		case v, ok := <-q.in:
			if !ok {
				flush()
				return
			}
			switch x := v.(type) {
			case *parser.Result:
				reports = append(reports, x)
			case loader.Fetch:
				fetches = append(fetches, x)
			case spooled:
				pending++
			}
			if len(reports) >= q.opts.BatchReports || pending >= q.opts.BatchReports || len(fetches) >= 50*q.opts.BatchReports {
				flush()
			}
		case <-tick.C:
			flush()
		}
	}
}

func (q *queue) loadedRows(table string, n int) {
	if q.opts.OnLoaded != nil && n > 0 {
		q.opts.OnLoaded(table, n)
	}
}

func (q *queue) fail(err error) {
	q.mu.Lock()
	if q.err == nil {
		q.err = err
		q.opts.Logger.Error("load failed; stopping the crawl (its state is kept: run again to resume)", "err", err)
		q.cancel()
	}
	q.mu.Unlock()
}
