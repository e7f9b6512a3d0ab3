package pipeline

import (
	"context"
	"errors"
	"fmt"

	"github.com/govreports/govreports/loader"
	"github.com/govreports/govreports/parser"
)

// batcher is the loading goroutine's pending work: reports and fetch rows of every site, in
// arrival order, and the count of reports waiting in the sites' write-ahead spools.
type batcher struct {
	q       *queue
	ctx     context.Context
	reports []report
	fetches []fetchRow
	pending int
}

// flush loads everything pending: the write-ahead spools of the running sites (oldest first),
// the reports in memory, the fetch rows. Loads made from memory mix the sites' rows; what each
// site gets is credited to it (credit).
func (b *batcher) flush() {
	q := b.q
	if q.failed() != nil || q.opts.Sink == nil {
		b.reports, b.fetches, b.pending = b.reports[:0], b.fetches[:0], 0
		return
	}
	var down error // the server just failed to answer: spool fetch rows without another wait
	b.pending = 0
	for sr := range q.sites {
		if sr.opts.WriteAhead == nil {
			continue
		}
		sr.pending = 0
		// Everything in the spool, leftovers of a killed run included, oldest first.
		_, err := sr.opts.WriteAhead.Replay(b.ctx, q.opts.BatchReports, func(ctx context.Context, rs []*parser.Result) error {
			st, err := q.opts.Sink.Load(ctx, rs)
			if err == nil {
				b.creditOne(sr, st)
			}
			return err
		})
		switch {
		case err == nil:
			sr.spoolErr = nil
			sr.ackLoaded()
		case errors.Is(err, loader.ErrUnreachable):
			// The reports are safe on disk; the crawl goes on and the next flush retries.
			down, sr.spoolErr = err, err
			q.opts.Logger.Warn("ClickHouse unreachable; parsed reports stay in the spool until it is back", "spool", sr.opts.WriteAhead.Dir(), "err", err)
		default:
			q.fail(err)
			return
		}
	}
	if len(b.reports) > 0 {
		rs := make([]*parser.Result, len(b.reports))
		for i, r := range b.reports {
			rs[i] = r.res
		}
		st, err := q.opts.Sink.Load(b.ctx, rs)
		if err != nil {
			q.fail(err)
			return
		}
		b.credit(st)
		for _, r := range b.reports {
			r.site.ackLoaded() // once per site: the second call finds nothing new
		}
		b.reports = b.reports[:0]
	}
	if down != nil {
		b.spoolFetches(down)
		return
	}
	// Rows spooled while the server was down go first (oldest first).
	for sr := range q.sites {
		if sr.fetchSpool == nil {
			continue
		}
		n, err := sr.fetchSpool.Replay(b.ctx, q.opts.Sink.LoadFetches)
		b.creditFetches(sr, n)
		switch {
		case err == nil:
		case errors.Is(err, loader.ErrUnreachable):
			b.spoolFetches(err)
			return
		case errors.Is(err, loader.ErrSpoolCorrupt):
			// Moved aside for inspection; the others were loaded. Not a reason to stop a crawl.
			q.opts.Logger.Error("fetch spool file unreadable; moved aside", "err", err)
		default:
			q.fail(err)
			return
		}
	}
	if len(b.fetches) > 0 {
		fs := make([]loader.Fetch, len(b.fetches))
		for i, f := range b.fetches {
			fs[i] = f.f
		}
		if err := q.opts.Sink.LoadFetches(b.ctx, fs); err != nil {
			if errors.Is(err, loader.ErrUnreachable) && b.spoolFetches(err) {
				return
			}
			q.fail(err)
			return
		}
		per := map[*siteRun]int{}
		for _, f := range b.fetches {
			per[f.site]++
		}
		for sr, n := range per {
			b.creditFetches(sr, n)
		}
		b.fetches = b.fetches[:0]
	}
}

// spoolFetches keeps the pending fetch rows in their sites' fetch spools until the server is
// back. It reports false (and keeps the rows) when a site has no spool to keep them in.
func (b *batcher) spoolFetches(cause error) bool {
	per := map[*siteRun][]loader.Fetch{}
	for _, f := range b.fetches {
		if f.site.fetchSpool == nil {
			return false
		}
		per[f.site] = append(per[f.site], f.f)
	}
	for sr, fs := range per {
		if err := sr.fetchSpool.Put(fs); err != nil {
			b.q.fail(err)
			return true
		}
		b.q.opts.Logger.Warn("ClickHouse unreachable; fetch-log rows wait in the spool", "rows", len(fs), "spool", sr.fetchSpool.Dir(), "err", cause)
	}
	b.fetches = b.fetches[:0]
	return true
}

// siteErr is the error a leaving site reports: the stream's load failure, or reports of its
// own still waiting in its write-ahead spool because the server is down. Nothing is lost in the
// latter case: the spool is loaded on the site's next run.
func (b *batcher) siteErr(sr *siteRun) error {
	if err := b.q.failed(); err != nil {
		return err
	}
	if sr.spoolErr != nil && sr.opts.WriteAhead != nil {
		n, _ := sr.opts.WriteAhead.Pending()
		return fmt.Errorf("%d batch file(s) stay in the spool %s and load on the next run: %w", len(n), sr.opts.WriteAhead.Dir(), sr.spoolErr)
	}
	return nil
}

// credit shares the stats of one load made from memory among the sites whose reports it held:
// reports by count, cells and issues by each report's rows (the last site takes the rounding),
// so the per-site figures add up to what was written.
func (b *batcher) credit(st loader.Stats) {
	type share struct{ reports, cells, issues int }
	per := map[*siteRun]*share{}
	var order []*siteRun
	cells, issues := 0, 0
	for _, r := range b.reports {
		sh := per[r.site]
		if sh == nil {
			sh = &share{}
			per[r.site] = sh
			order = append(order, r.site)
		}
		sh.reports++
		sh.cells += len(r.res.Cells)
		sh.issues += len(r.res.Issues)
		cells += len(r.res.Cells)
		issues += len(r.res.Issues)
	}
	if len(order) == 1 {
		b.creditOne(order[0], st)
		return
	}
	leftC, leftI, leftR := st.Cells, st.Issues, st.Reports
	for i, sr := range order {
		sh := per[sr]
		part := loader.Stats{Reports: min(sh.reports, leftR), Cells: ratio(st.Cells, sh.cells, cells), Issues: ratio(st.Issues, sh.issues, issues)}
		if i == len(order)-1 {
			part = loader.Stats{Reports: leftR, Cells: leftC, Issues: leftI}
		}
		leftR, leftC, leftI = leftR-part.Reports, leftC-part.Cells, leftI-part.Issues
		b.creditOne(sr, part)
	}
}

func ratio(total, part, whole int) int {
	if whole == 0 {
		return 0
	}
	return total * part / whole
}

func (b *batcher) creditOne(sr *siteRun, st loader.Stats) {
	sr.loaded.Reports += st.Reports
	sr.loaded.Cells += st.Cells
	sr.loaded.Issues += st.Issues
	sr.loaded.Elapsed += st.Elapsed
	sr.rows("reports", st.Reports)
	sr.rows("cells", st.Cells)
	sr.rows("issues", st.Issues)
	b.q.sumMu.Lock()
	b.q.total.Reports += st.Reports
	b.q.total.Cells += st.Cells
	b.q.total.Issues += st.Issues
	b.q.total.Elapsed += st.Elapsed
	b.q.sumMu.Unlock()
}

func (b *batcher) creditFetches(sr *siteRun, n int) {
	if n <= 0 {
		return
	}
	sr.fetches += n
	sr.rows("fetches", n)
	b.q.sumMu.Lock()
	b.q.totalF += n
	b.q.sumMu.Unlock()
}
