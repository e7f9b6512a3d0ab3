package serve

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"sync/atomic"
	"time"

	"github.com/robfig/cron/v3"

	"github.com/govreports/govreports/crawler"
	"github.com/govreports/govreports/internal/frontier"
	"github.com/govreports/govreports/internal/pipeline"
	"github.com/govreports/govreports/loader"
)

// DefaultSchedule is the schedule of sites that name none: weekly, Monday 02:00 Beijing time
// (portals are quietest at night; annual reports appear once a year, by 31 January).
const DefaultSchedule = "CRON_TZ=Asia/Shanghai 0 2 * * 1"

// DefaultShutdownTimeout bounds a graceful stop when Options.ShutdownTimeout is zero.
const DefaultShutdownTimeout = 30 * time.Second

// Site is one site to schedule.
type Site struct {
	// Name labels the metrics and keys the scheduler record; usually Crawl.Site.Name.
	Name string
	// Schedule is a cron spec (see ParseSchedule); empty takes Options.DefaultSchedule.
	Schedule string
	// Crawl is the site's crawl configuration, state and archive directories included.
	Crawl crawler.Config
}

// Options configure a Server. Zero values take the documented defaults.
type Options struct {
	Sites []Site
	// Sink is where runs load; it is shared by all runs and probed by /readyz. Required.
	Sink   loader.Sink
	Logger *slog.Logger
	// Listen is the HTTP address, e.g. 127.0.0.1:9464 (port 0 picks one: see Server.Addr);
	// empty serves no HTTP.
	Listen string
	// StateFile keeps the per-site run records between restarts (govreports serve puts it in
	// the --state directory); empty keeps them in memory only.
	StateFile string
	// Concurrency is the most sites running at once (default crawler.DefaultMaxSites).
	Concurrency int
	// InFlight is the most requests on the wire over all running sites (default
	// crawler.DefaultMaxInFlight).
	InFlight int
	// DefaultSchedule applies to sites without a schedule (default DefaultSchedule).
	DefaultSchedule string
	// Jitter caps each site's fixed delay after its cron times (also at most a tenth of its
	// period); 0 means none.
	Jitter time.Duration
	// ShutdownTimeout bounds the graceful stop (default DefaultShutdownTimeout).
	ShutdownTimeout time.Duration
	// ReadyTimeout bounds the /readyz probe of ClickHouse (default 2s).
	ReadyTimeout time.Duration
	// SpoolDir, if set, holds one write-ahead spool per site (pipeline.Options.WriteAhead): what a
	// run parsed survives a crash, a kill -9 or a server outage and loads on the site's next run.
	SpoolDir string
	// BatchReports and FlushEvery tune each run's loading (pipeline.Options).
	BatchReports int
	FlushEvery   time.Duration
	// Run replaces the runs of the server's one loading stream (pipeline.Stream.Run; tests
	// wrap pipeline.Run to watch runs).
	Run RunFunc
	// Metrics to record into (default NewMetrics()).
	Metrics *Metrics
	// Frontier, if set, makes this server one of several nodes on one Redis
	// (internal/frontier): a site's scheduled round runs on one node only, the
	// first to claim it, with the site's crawl state in Redis (shared.go).
	Frontier *frontier.Frontier
}

// Server is the scheduled-crawl service. Build it with New, run it once with Run.
type Server struct {
	opts    Options
	log     *slog.Logger
	metrics *Metrics
	store   *store
	sched   *scheduler
	ln      net.Listener
	http    *http.Server

	stream *pipeline.Stream // nil when Options.Run replaces it

	stopping atomic.Bool
	probing  atomic.Bool // a /readyz probe is in flight (a hung server must not pile them up)
}

// New checks opts, parses every schedule, takes the state file's lock and binds the HTTP
// address, so that every mistake shows before anything runs.
func New(opts Options) (*Server, error) {
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	if opts.Concurrency <= 0 {
		opts.Concurrency = crawler.DefaultMaxSites
	}
	if opts.DefaultSchedule == "" {
		opts.DefaultSchedule = DefaultSchedule
	}
	if opts.ShutdownTimeout <= 0 {
		opts.ShutdownTimeout = DefaultShutdownTimeout
	}
	if opts.ReadyTimeout <= 0 {
		opts.ReadyTimeout = 2 * time.Second
	}
	if opts.Metrics == nil {
		opts.Metrics = NewMetrics()
	}
	if len(opts.Sites) == 0 {
		return nil, ErrNoSites
	}
	if opts.Sink == nil {
		return nil, errors.New("serve: no sink")
	}
	log := opts.Logger.With("component", "serve")
	now := time.Now()
	sites := make([]*siteSched, 0, len(opts.Sites))
	seen := map[string]bool{}
	for _, site := range opts.Sites {
		if site.Name == "" || seen[site.Name] {
			return nil, fmt.Errorf("serve: site name %q empty or repeated", site.Name)
		}
		seen[site.Name] = true
		spec := site.Schedule
		if spec == "" {
			spec = opts.DefaultSchedule
		}
		sched, err := ParseSchedule(spec)
		if err != nil {
			return nil, fmt.Errorf("site %s: %w", site.Name, err)
		}
		off := jitterOffset(site.Name, sched, opts.Jitter, now)
		sites = append(sites, &siteSched{Site: site, spec: spec, sched: jittered{sched, off}, offset: off})
	}
	st, err := openStore(opts.StateFile, log)
	if err != nil {
		return nil, err
	}
	for _, s := range sites {
		opts.Metrics.addSite(s.Name, st.get(s.Name))
	}
	ctx, cancel := context.WithCancel(context.Background())
	s := &Server{opts: opts, log: log, metrics: opts.Metrics, store: st}
	if opts.Run == nil {
		// One loading stream for every run: the reports of all running sites share batches.
		s.stream = pipeline.NewStream(ctx, pipeline.Options{Sink: opts.Sink, Logger: opts.Logger,
			BatchReports: opts.BatchReports, FlushEvery: opts.FlushEvery})
		opts.Run = s.stream.Run
	}
	s.sched = &scheduler{
		log: log, runLog: opts.Logger, sites: sites, store: st, metrics: opts.Metrics, sink: opts.Sink, run: opts.Run,
		pipe:     pipeline.Options{BatchReports: opts.BatchReports, FlushEvery: opts.FlushEvery},
		spoolDir: opts.SpoolDir, frontier: opts.Frontier,
		// The cron's own location only matters for specs without CRON_TZ; it is the process's.
		cron:  cron.New(cron.WithLogger(cronLogger{log})),
		slots: make(chan struct{}, opts.Concurrency),
		fleet: crawler.NewFleet(crawler.FleetOptions{MaxSites: opts.Concurrency, MaxInFlight: opts.InFlight, Logger: opts.Logger}),
		ctx:   ctx, cancel: cancel,
	}
	if opts.Listen != "" {
		ln, err := net.Listen("tcp", opts.Listen)
		if err != nil {
			cancel()
			if s.stream != nil {
				s.stream.Close()
			}
			st.close()
			return nil, fmt.Errorf("%w on %s: %w", ErrListen, opts.Listen, err)
		}
		s.ln = ln
		s.http = &http.Server{Handler: s.handler(), ReadHeaderTimeout: 10 * time.Second,
			ErrorLog: slog.NewLogLogger(log.Handler(), slog.LevelWarn)}
	}
	return s, nil
}

// Addr is the bound HTTP address (nil without Listen).
func (s *Server) Addr() net.Addr {
	if s.ln == nil {
		return nil
	}
	return s.ln.Addr()
}

// Metrics returns the server's metrics.
func (s *Server) Metrics() *Metrics { return s.metrics }

// Status returns every site's schedule, next time and record.
func (s *Server) Status() []SiteStatus { return s.sched.status() }

// Run serves until ctx is cancelled (or the HTTP server fails), then shuts down gracefully:
// no new runs; in-flight runs cancelled, which makes the crawler checkpoint its journal and the
// pipeline load what it already parsed; records saved; HTTP closed. It returns nil after a clean
// shutdown, ErrShutdownTimeout if that took longer than Options.ShutdownTimeout.
func (s *Server) Run(ctx context.Context) error {
	defer s.store.close()
	errc := make(chan error, 1)
	if s.http != nil {
		go func() {
			if err := s.http.Serve(s.ln); !errors.Is(err, http.ErrServerClosed) {
				errc <- err
			}
		}()
	}
	s.sched.start(time.Now())
	addr := ""
	if s.ln != nil {
		addr = s.ln.Addr().String()
	}
	s.log.Info("serving", "sites", len(s.sched.sites), "http", addr, "concurrency", s.opts.Concurrency, "state", s.opts.StateFile)
	for _, st := range s.sched.sites {
		s.log.Debug("site scheduled", "site", st.Name, "schedule", st.spec, "jitter", st.offset, "next", s.sched.cron.Entry(st.entry).Next)
	}

	var runErr error
	select {
	case <-ctx.Done():
		s.log.Info("shutting down: no new runs; interrupting runs in flight", "cause", context.Cause(ctx))
	case err := <-errc:
		runErr = fmt.Errorf("serve: HTTP: %w", err)
		s.log.Error("HTTP server failed; shutting down", "err", err)
	}
	s.stopping.Store(true)
	sctx, cancel := context.WithTimeout(context.Background(), s.opts.ShutdownTimeout)
	defer cancel()
	stopErr := s.sched.stop(sctx)
	if stopErr != nil {
		runErr = errors.Join(runErr, stopErr)
	}
	// Runs still draining after a timed-out stop may yet send to the stream: leave it open.
	if s.stream != nil && stopErr == nil {
		if _, _, err := s.stream.Close(); err != nil {
			runErr = errors.Join(runErr, err)
		}
	}
	if err := s.store.save(); err != nil {
		runErr = errors.Join(runErr, fmt.Errorf("serve: saving state: %w", err))
	}
	if s.http != nil {
		// The HTTP server outlives the runs so /metrics can be scraped while they drain.
		if err := s.http.Shutdown(sctx); err != nil {
			runErr = errors.Join(runErr, fmt.Errorf("%w: HTTP: %w", ErrShutdownTimeout, err))
		}
	}
	if runErr == nil {
		s.log.Info("shut down cleanly")
	}
	return runErr
}

// cronLogger sends cron's chatter (every wake-up) to debug and its errors (a panicking job)
// to error.
type cronLogger struct{ log *slog.Logger }

func (c cronLogger) Info(msg string, kv ...any) { c.log.Debug("cron: "+msg, kv...) }
func (c cronLogger) Error(err error, msg string, kv ...any) {
	c.log.Error("cron: "+msg, append(kv, "err", err)...)
}
