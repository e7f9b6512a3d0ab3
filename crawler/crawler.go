package crawler

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/url"
	"strings"
	"sync/atomic"
	"time"

	"github.com/gocolly/colly/v2"
	"github.com/gocolly/colly/v2/storage"
)

// Crawler finds and fetches the annual reports of one site. Build it with
// New, run it once with Run.
type Crawler struct {
	cfg Config
	log *slog.Logger
	col *colly.Collector
	tr  *recordingTransport
	// store is the storage of the visited set and cookies (storage.go);
	// colly has it through cookies, which notes cookie changes for the journal.
	store   storage.Storage
	cookies *cookieJournal
	warc    *warcWriter
	pats    patterns
	seq     atomic.Uint64
	ran     atomic.Bool
}

// New validates cfg and prepares the crawler, with the defaults filled in on
// its own copy of cfg: the WARC writer (if ArchiveDir is set) and the colly
// collector over the recording transport. logger may be nil.
func New(cfg Config, logger *slog.Logger) (*Crawler, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	cfg = cfg.withDefaults()
	if logger == nil {
		logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	c := &Crawler{cfg: cfg, log: logger.With("component", "crawler", "site", cfg.Site.Name), pats: compilePatterns(&cfg)}
	if cfg.ArchiveDir != "" {
		w, err := openWARC(cfg.ArchiveDir, cfg.Site.Name, *cfg.ArchiveCompress, cfg.ArchiveMaxFileSize, cfg.UserAgent)
		if err != nil {
			return nil, fmt.Errorf("crawler: archive: %w", err)
		}
		c.warc = w
	}
	c.tr = newTransport(&c.cfg, c.warc, c.log)
	c.col = newCollector(&c.cfg, c.tr)
	c.store = cfg.Storage
	if c.store == nil {
		c.store = newMemStorage()
	}
	c.cookies = newCookieJournal(c.store)
	if err := c.col.SetStorage(c.cookies); err != nil {
		return nil, fmt.Errorf("crawler: storage: %w", err)
	}
	c.col.OnHTML("html", c.onHTML)
	c.col.OnResponse(c.onResponse)
	c.col.OnScraped(c.onScraped)
	c.col.OnError(c.onError)
	return c, nil
}

// Config returns the validated configuration (defaults filled in).
func (c *Crawler) Config() Config { return c.cfg }

// Run crawls until the frontier is empty, ctx is cancelled or emit fails.
// emit is called from one goroutine, in fetch order, for every page and
// attachment fetched with a 2xx answer (duplicates and truncated pages
// included, flagged); the crawl waits while emit runs. A page whose emit
// returned is recorded as done in the state journal only afterwards, so a
// crash re-delivers at most the pages in flight (at-least-once).
//
// On cancellation Run returns the summary so far and ctx's error; running
// again with the same StateDir resumes. A Crawler runs once.
func (c *Crawler) Run(ctx context.Context, emit func(Page) error) (Summary, error) {
	if !c.ran.CompareAndSwap(false, true) {
		return Summary{}, errors.New("crawler: Run called twice")
	}
	defer func() {
		if err := c.warc.close(); err != nil {
			c.log.Warn("closing WARC", "err", err)
		}
		c.tr.base.CloseIdleConnections()
	}()
	if emit == nil {
		emit = func(Page) error { return nil }
	}
	r, err := c.newRun(ctx, emit)
	if err != nil {
		return Summary{}, err
	}
	return r.loop(ctx)
}

// run is the state of one Run; only the dispatcher goroutine touches it.
type run struct {
	c    *Crawler
	cfg  *Config
	log  *slog.Logger
	emit func(Page) error
	j    *journal

	prev       map[string]*prevInfo
	hosts      map[string]*hostState
	order      []*hostState
	rr         int
	traps      *trapGuard
	reportText map[uint64]string // main-text sha (first 8 bytes) → first report URL
	attachSHA  map[string]string // body sha → first attachment URL
	started    int               // distinct URLs sent (for MaxPages)
	busy       int
	sum        Summary
	prog       *progress
	results    chan *result
	cancelled  bool
	emitErr    error
	haltErr    error // a failed archive or journal write (ErrArchive, ErrJournal): the site stops
}

func (c *Crawler) newRun(ctx context.Context, emit func(Page) error) (*run, error) {
	r := &run{
		c: c, cfg: &c.cfg, log: c.log, emit: emit,
		prev:       map[string]*prevInfo{},
		hosts:      map[string]*hostState{},
		traps:      newTrapGuard(c.cfg.MaxQueryVariants),
		reportText: map[uint64]string{},
		attachSHA:  map[string]string{},
		sum:        Summary{Started: time.Now(), Outcomes: map[Outcome]int{}, Failures: map[Outcome]int{}},
	}
	var st *loadedState
	if store, err := c.journalStore(); err != nil {
		return nil, fmt.Errorf("crawler: state: %w", err)
	} else if store != nil {
		j, loaded, err := openJournalOn(store, c.cfg.Round)
		if errors.Is(err, ErrRoundDone) {
			return nil, err
		}
		if err != nil {
			return nil, fmt.Errorf("crawler: state: %w", err)
		}
		r.j, st = j, loaded
		r.prev = st.prev
	}
	if cl, ok := c.store.(interface{ Clear() error }); ok {
		// A shared storage outlives runs: start from what the journal says.
		if err := cl.Clear(); err != nil {
			r.closeJournal()
			return nil, fmt.Errorf("crawler: storage: %w", err)
		}
	}
	for u, p := range r.prev {
		if p.report && p.mainSHA != "" {
			if _, ok := r.reportText[shaKey(p.mainSHA)]; !ok {
				r.reportText[shaKey(p.mainSHA)] = u
			}
		}
	}
	if st != nil && st.resume {
		r.sum.Resumed = true
		r.started = st.finished
		if err := c.restoreVisited(st.visited); err != nil {
			r.closeJournal()
			return nil, fmt.Errorf("crawler: storage: %w", err)
		}
		for host, ck := range st.cookies {
			c.cookies.restore(host, ck)
		}
		for _, q := range st.pending {
			u, post := splitID(q.U)
			if pu, err := url.Parse(u); err == nil {
				r.push(pu, &item{url: u, orig: u, ref: q.R, depth: q.D, stray: q.S, attachment: q.K == kindAttachment, report: q.K == kindReport, post: post, jpTotal: q.N, tree: q.K == kindTree})
			}
		}
		r.log.Info("resuming interrupted crawl", "pending", len(st.pending), "done", st.finished)
	}
	for _, s := range c.cfg.StartURLs {
		u, err := normalizeURL(nil, s)
		if err != nil {
			continue // Validate checked them
		}
		r.enqueue(u, &item{url: u.String(), orig: u.String()}, false)
	}
	r.prog = newProgress(c.cfg.Progress, c.log, c.cfg.Fleet != nil)
	return r, nil
}

// journalStore is Config.Journal, or the file journal under StateDir, or nil
// (state in memory only).
func (c *Crawler) journalStore() (JournalStore, error) {
	switch {
	case c.cfg.Journal != nil:
		return c.cfg.Journal, nil
	case c.cfg.StateDir != "":
		return openFileJournal(c.cfg.StateDir)
	}
	return nil, nil
}

// restoreVisited puts a resumed run's visited set into the storage, in one
// call if the storage takes a batch (a shared one: one round trip, not one per URL).
func (c *Crawler) restoreVisited(urls []string) error {
	ids := make([]uint64, len(urls))
	for i, u := range urls {
		ids[i] = urlKey(u)
	}
	if b, ok := c.store.(interface{ VisitedAll([]uint64) error }); ok {
		return b.VisitedAll(ids)
	}
	for _, id := range ids {
		if err := c.store.Visited(id); err != nil {
			return err
		}
	}
	return nil
}

// closeJournal closes the journal of a run that will not start.
func (r *run) closeJournal() {
	if r.j != nil {
		r.j.close()
		r.j = nil
	}
}

// noteOffsite counts an on-topic link to a host that is not allowed (Summary.OffsiteHosts).
func (r *run) noteOffsite(host string) {
	if r.sum.OffsiteHosts == nil {
		r.sum.OffsiteHosts = map[string]int{}
	}
	if _, ok := r.sum.OffsiteHosts[host]; ok || len(r.sum.OffsiteHosts) < maxOffsiteHosts {
		r.sum.OffsiteHosts[host]++
	}
}

// enqueue adds a new URL unless it was seen, is off-site or is a trap.
// Seeds pass checkLimits=false.
// It reports whether it queued the URL.
func (r *run) enqueue(u *url.URL, it *item, checkLimits bool) bool {
	if checkLimits && (it.depth > r.cfg.MaxDepth || it.stray > r.cfg.MaxStray) {
		return false
	}
	if !hostAllowed(r.cfg.AllowedHosts, u.Host) {
		if it.stray == 0 && !it.attachment {
			r.noteOffsite(strings.ToLower(u.Host))
		}
		return false
	}
	seen, err := r.c.visit(urlKey(it.id()))
	if err != nil {
		r.halt(fmt.Errorf("crawler: visited set: %w", err))
		return false
	}
	if seen {
		return false
	}
	// Data proxy batches are bounded by their column's total (hanweb.go), not
	// by the query-variant count of one proxy path that every column shares.
	if reason := r.traps.check(u); reason != "" && it.post == "" {
		r.record(FetchRecord{URL: it.url, Host: u.Host, Outcome: OutcomeTrap, Depth: it.depth, Error: reason, Kind: fetchKind(it), Referrer: it.ref})
		return false
	}
	if r.j != nil {
		r.j.add(jrec{T: "q", U: it.id(), D: it.depth, S: it.stray, K: it.kind(), R: it.ref, N: it.jpTotal})
	}
	r.push(u, it)
	return true
}

func (r *run) push(u *url.URL, it *item) {
	h := r.hosts[u.Host]
	if h == nil {
		h = r.c.newHost(u)
		r.hosts[u.Host] = h
		r.order = append(r.order, h)
	}
	h.queue[queueOf(it)].push(it)
}

// loop is the dispatcher: it owns all crawl state, hands requests of ready
// hosts to the async collector (at most Workers in flight) and handles their
// results. colly's goroutines only fetch and analyse.
func (r *run) loop(ctx context.Context) (Summary, error) {
	c := r.c
	c.col.Context = ctx
	workers := r.cfg.Workers
	r.results = make(chan *result, workers)
	timer := time.NewTimer(time.Hour)
	defer timer.Stop()

	for {
		if !r.cancelled && r.emitErr == nil && r.haltErr == nil {
			r.dispatch(time.Now())
		}
		if r.busy == 0 && (r.cancelled || r.emitErr != nil || r.haltErr != nil || !r.hasWork()) {
			break
		}
		var wake <-chan time.Time
		if d, ok := r.nextWake(time.Now()); ok && r.busy < workers && !r.cancelled {
			timer.Reset(d)
			wake = timer.C
		}
		select {
		case res := <-r.results:
			r.busy--
			r.handle(ctx, res)
		case <-wake:
		case <-ctx.Done():
			if !r.cancelled {
				r.cancelled = true
				r.log.Info("crawl cancelled; waiting for requests in flight", "in_flight", r.busy)
			}
		}
		r.flushJournal(false)
		r.prog.update(&r.sum)
	}
	c.col.Wait() // every colly goroutine has delivered (busy is 0) and returned
	r.releaseLeases()

	r.sum.Finished = time.Now()
	r.prog.finish(&r.sum)
	var err error
	switch {
	case r.haltErr != nil:
		err = r.haltErr
	case r.emitErr != nil:
		err = r.emitErr
	case r.cancelled:
		err = ctx.Err()
	}
	if r.j != nil {
		if err == nil {
			if ferr := r.j.finish(); ferr != nil {
				err = ferr
			}
		}
		if cerr := r.j.close(); err == nil && cerr != nil {
			err = cerr
		}
	}
	return r.sum, err
}

// halt stops the site at the first failed archive or journal write: dispatching ends, requests
// in flight are waited for, the journal is not marked complete, and Run returns err.
func (r *run) halt(err error) {
	if r.haltErr == nil {
		r.haltErr = err
		r.log.Error("stopping the site: a write failed", "err", err)
	}
}

func (r *run) flushJournal(sync bool) {
	if r.j == nil {
		return
	}
	for host, ck := range r.c.cookies.drainCookies() {
		r.j.add(jrec{T: "ck", U: host, Ck: ck})
	}
	if err := r.j.flush(sync); err != nil {
		r.halt(fmt.Errorf("%w: %w", ErrJournal, err))
	}
}

func (r *run) hasWork() bool {
	for _, h := range r.order {
		if h.pending() > 0 || h.robotsBusy {
			return true
		}
	}
	return false
}

// nextWake is how long until some host may send again.
func (r *run) nextWake(now time.Time) (time.Duration, bool) {
	var best time.Time
	for _, h := range r.order {
		if h.pending() == 0 || h.robotsBusy || h.inflight >= h.slots() {
			continue
		}
		t := h.pausedUntil
		if h.queued() == 0 {
			if rt := h.earliestRetry(); rt.After(t) {
				t = rt
			}
		}
		if best.IsZero() || t.Before(best) {
			best = t
		}
	}
	if best.IsZero() {
		return 0, false
	}
	d := best.Sub(now)
	if d < 0 {
		d = 0
	}
	return d, true
}

// dispatch sends every due request to idle workers, hosts taken in turn.
func (r *run) dispatch(now time.Time) {
	for r.busy < r.cfg.Workers {
		sent := false
		for n := 0; n < len(r.order) && r.busy < r.cfg.Workers; n++ {
			h := r.order[r.rr%len(r.order)]
			r.rr++
			if r.dispatchHost(h, now) {
				sent = true
			}
		}
		if !sent {
			return
		}
	}
}

// dispatchHost sends at most one request to h; it reports whether it did.
func (r *run) dispatchHost(h *hostState, now time.Time) bool {
	if h.robotsBusy || h.inflight >= h.slots() || now.Before(h.pausedUntil) || h.pending() == 0 {
		return false
	}
	if !r.holdsLease(h, now) {
		return false
	}
	if h.robots == nil {
		// robots.txt first, before any other request to the host.
		h.robotsBusy = true
		u := h.scheme + "://" + h.host + "/robots.txt"
		r.send(&job{it: &item{url: u, orig: u}, host: h, robots: true}, now)
		return true
	}
	for {
		it := h.pop(now)
		if it == nil {
			return false
		}
		u, err := url.Parse(it.url)
		if err != nil {
			continue
		}
		if !h.robots.allowed(u.RequestURI()) {
			r.finish(it, nil, FetchRecord{URL: it.url, Host: h.host, Outcome: OutcomeRobotsDisallowed, Depth: it.depth, Error: ErrRobots.Error() + " (" + h.robots.note + ")", Kind: fetchKind(it), Referrer: it.ref})
			continue
		}
		if it.attempt == 0 {
			if r.started >= r.cfg.MaxPages {
				r.finish(it, nil, FetchRecord{URL: it.url, Host: h.host, Outcome: OutcomeMaxPages, Depth: it.depth, Kind: fetchKind(it), Referrer: it.ref})
				continue
			}
			r.started++
		}
		j := &job{it: it, host: h}
		if p := r.prev[it.id()]; p != nil {
			j.prev = p
			delete(r.prev, it.id()) // used once; memory shrinks as the recrawl advances
		}
		r.send(j, now)
		return true
	}
}

// send hands a job to a worker. The host's pacing is colly's (its
// LimitRule, hosts.go): the job's worker waits out the delay after the
// response, holding the host's slot, so the host stays busy — and is not
// handed out again — until it may be asked again.
func (r *run) send(j *job, now time.Time) {
	j.host.inflight++
	r.busy++
	r.c.start(j, r.results)
}

// record counts a fetch outcome and passes it to the fetch log.
func (r *run) record(fr FetchRecord) {
	if fr.FetchedAt.IsZero() {
		fr.FetchedAt = time.Now()
	}
	r.sum.Outcomes[fr.Outcome]++
	if fr.Outcome.failure() {
		r.sum.Failures[fr.Outcome]++
	}
	if r.cfg.FetchLog != nil {
		r.cfg.FetchLog(fr)
	}
	if r.cfg.Fleet != nil {
		r.cfg.Fleet.prog.fetched(fr)
	}
	if fr.Outcome.failure() {
		r.log.Debug("fetch", "url", fr.URL, "outcome", fr.Outcome, "status", fr.Status, "err", fr.Error)
	}
}

// finish records the final outcome of an item and journals it as done.
func (r *run) finish(it *item, f *jrec, fr FetchRecord) {
	r.record(fr)
	if r.j == nil {
		return
	}
	rec := jrec{T: "f", U: it.id(), O: fr.Outcome, St: fr.Status}
	if f != nil {
		rec = *f
		rec.T, rec.U, rec.O, rec.St = "f", it.id(), fr.Outcome, fr.Status
	}
	r.j.add(rec)
}
