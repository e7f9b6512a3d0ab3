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
	// Sink receives reports and the fetch log; nil means crawl and parse only (govreports crawl
	// with --parse), nothing loaded.
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
}

// Stats is what one run did.
type Stats struct {
	Crawl        crawler.Summary
	Parsed       int            // report pages parsed
	ParseErrors  int            // report pages the parser refused (too large, empty); kept in the archive
	Loaded       loader.Stats   // what reached ClickHouse
	Fetches      int            // fetch-log rows loaded
	ReportStatus map[string]int // parsed reports by status (clean, warnings, errors, no_tables)
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
	q := newQueue(ctx, opts, cancel)

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
	summary, crawlErr := c.Run(ctx, func(p crawler.Page) error {
		if !p.IsReport || !p.Complete() {
			return nil // truncated pages and duplicates are in the archive and the fetch log
		}
		res, err := opts.Parse(p.Body, SourceOf(p, region))
		mu.Lock()
		if err != nil {
			st.ParseErrors++
			mu.Unlock()
			opts.Logger.Warn("report page not parsed", "url", p.URL, "err", err)
			return nil
		}
		st.Parsed++
		st.ReportStatus[res.Report.Status]++
		if opts.OnResult != nil {
			opts.OnResult(res)
		}
		mu.Unlock()
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
		ContentSHA256: r.ContentSHA256, Error: r.Error}
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
}

func newQueue(ctx context.Context, opts Options, cancel context.CancelFunc) *queue {
	q := &queue{opts: opts, in: make(chan any, 4*opts.BatchReports), done: make(chan struct{}), cancel: cancel}
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

// close flushes what is queued and waits for the loader goroutine.
func (q *queue) close() (loader.Stats, int, error) {
	close(q.in)
	<-q.done
	return q.loaded, q.fetches, q.failed()
}

// loop runs until the input closes. Its context is not cancelled with the crawl: what was parsed
// before an interrupt is still loaded (graceful shutdown flushes).
func (q *queue) loop(ctx context.Context) {
	defer close(q.done)
	var reports []*parser.Result
	var fetches []loader.Fetch
	tick := time.NewTicker(q.opts.FlushEvery)
	defer tick.Stop()
	flush := func() {
		if q.failed() != nil || q.opts.Sink == nil {
			reports, fetches = reports[:0], fetches[:0]
			return
		}
		if len(reports) > 0 {
			st, err := q.opts.Sink.Load(ctx, reports)
			if err != nil {
				q.fail(err)
				return
			}
			q.loaded.Reports += st.Reports
			q.loaded.Cells += st.Cells
			q.loaded.Issues += st.Issues
			q.loaded.Elapsed += st.Elapsed
			q.loadedRows("reports", st.Reports)
			q.loadedRows("cells", st.Cells)
			q.loadedRows("issues", st.Issues)
			reports = reports[:0]
		}
		if len(fetches) > 0 {
			if err := q.opts.Sink.LoadFetches(ctx, fetches); err != nil {
				q.fail(err)
				return
			}
			q.fetches += len(fetches)
			q.loadedRows("fetches", len(fetches))
			fetches = fetches[:0]
		}
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
			}
			if len(reports) >= q.opts.BatchReports || len(fetches) >= 50*q.opts.BatchReports {
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
