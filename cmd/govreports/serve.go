package main

import (
	"errors"
	"fmt"
	"path/filepath"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/govreports/govreports/crawler"
	"github.com/govreports/govreports/internal/serve"
)

// serveStateFile is the scheduler's run record, beside the per-site crawl journals in --state.
const serveStateFile = "serve-state.json"

// serveFlagKeys maps serve's own flags to configuration keys. They are applied after the
// common configure step, so the order stays defaults → file → env → flags.
var serveFlagKeys = map[string]string{
	"listen": "listen", "concurrency": "concurrency", "in-flight": "in_flight", "jitter": "jitter",
	"default-schedule": "default_schedule", "shutdown-timeout": "shutdown_timeout",
}

func (a *app) serveCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "serve --sites sites.yaml",
		Short: "Run scheduled crawls with metrics and health endpoints",
		Long: `serve crawls, parses and loads every site of the sites file on the site's cron schedule
(its "schedule", else --default-schedule), one run per site at a time and at most --concurrency
sites at once; each site's times are shifted by a fixed per-site jitter. On start it runs at once
every site that never ran, whose last run was interrupted, or whose scheduled run was missed.
HTTP on --listen: /metrics (Prometheus), /healthz, /readyz (ClickHouse reachable), /status.
SIGTERM or SIGINT stops it gracefully: runs in flight checkpoint and load what they parsed,
and the next start resumes them. See docs/serve.md.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if err := a.applyServeFlags(cmd.Flags()); err != nil {
				return err
			}
			sites, err := a.serveSites()
			if err != nil {
				return err
			}
			// Every usage mistake before connecting to anything.
			if _, err := serve.ParseSchedule(a.cfg.DefaultSchedule); err != nil {
				return usageError{fmt.Errorf("default_schedule: %w", err)}
			}
			sink, err := a.openSink(cmd.Context())
			if err != nil {
				return err
			}
			defer sink.Close()
			state := ""
			if a.cfg.State != "" {
				state = filepath.Join(a.cfg.State, serveStateFile)
			}
			fr, err := a.openFrontier(cmd.Context(), true)
			if err != nil {
				return err
			}
			if fr != nil {
				defer fr.Close()
			}
			srv, err := serve.New(serve.Options{Frontier: fr,
				Sites: sites, Sink: sink, Logger: a.log, Listen: a.cfg.Listen, StateFile: state,
				Concurrency: a.cfg.Concurrency, InFlight: a.cfg.InFlight, DefaultSchedule: a.cfg.DefaultSchedule,
				Jitter: a.cfg.Jitter, ShutdownTimeout: a.cfg.ShutdownTimeout, SpoolDir: a.cfg.Spool,
			})
			if errors.Is(err, serve.ErrSchedule) || errors.Is(err, serve.ErrNoSites) {
				return usageError{err}
			}
			if err != nil {
				return err
			}
			return srv.Run(cmd.Context())
		},
	}
	d := a.cfg // the defaults: configure has not run yet
	fl := cmd.Flags()
	fl.String("listen", d.Listen, "HTTP address for /metrics, /healthz, /readyz, /status (env GOVREPORTS_LISTEN)")
	fl.Int("concurrency", d.Concurrency, "most sites crawled at once (env GOVREPORTS_CONCURRENCY)")
	fl.Int("in-flight", d.InFlight, "most requests on the wire over all sites (env GOVREPORTS_IN_FLIGHT)")
	fl.Duration("jitter", d.Jitter, "most delay added to a site's cron times, fixed per site, at most a tenth of its period; 0 for none (env GOVREPORTS_JITTER)")
	fl.String("default-schedule", d.DefaultSchedule, "cron schedule of sites without one (env GOVREPORTS_DEFAULT_SCHEDULE)")
	fl.Duration("shutdown-timeout", d.ShutdownTimeout, "longest graceful stop on SIGTERM (env GOVREPORTS_SHUTDOWN_TIMEOUT)")
	return cmd
}

// applyServeFlags sets the serve flags given on the command line over the configuration and
// validates it again.
func (a *app) applyServeFlags(fs *pflag.FlagSet) error {
	var err error
	fs.Visit(func(f *pflag.Flag) {
		if key, ok := serveFlagKeys[f.Name]; ok && err == nil {
			err = a.cfg.Set(key, f.Value.String())
		}
	})
	if err == nil {
		err = a.cfg.Validate()
	}
	if err != nil {
		return usageError{err}
	}
	return nil
}

// serveSites reads the sites file into scheduled sites, each with its crawl configuration.
func (a *app) serveSites() ([]serve.Site, error) {
	if a.cfg.Sites == "" {
		return nil, usageError{errors.New("serve needs a sites file: --sites FILE (or sites: in --config, or GOVREPORTS_SITES); see examples/sites.yaml")}
	}
	file, err := crawler.LoadSites(a.cfg.Sites)
	if err != nil {
		return nil, usageError{err}
	}
	base := a.crawlBase()
	// No Progress: serve runs unattended; its progress is in the logs and /metrics.
	sites := make([]serve.Site, 0, len(file.Sites))
	for i, s := range file.Sites {
		sites = append(sites, serve.Site{Name: s.Name, Schedule: s.Schedule, Crawl: file.Config(i, base)})
	}
	return sites, nil
}
