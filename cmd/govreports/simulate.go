package main

import (
	"errors"
	"os"
	"path/filepath"
	"time"

	"github.com/spf13/cobra"

	"github.com/govreports/govreports/crawler/simulator"
	"github.com/govreports/govreports/internal/durable"
)

// simulateCmd serves a made province on 127.0.0.1 for `make demo` (hidden: it is a fixture, not
// a feature). Every portal is crawler/simulator's: TRS-style report columns with createPageHTML
// pagers and complete reports on the 2021 form, robots.txt with Crawl-delay 0, each portal on a
// port of its own. It writes a sites file naming them and serves until interrupted.
func (a *app) simulateCmd() *cobra.Command {
	var (
		portals, reports int
		parallelism      int
		delay            time.Duration
		out              string
	)
	cmd := &cobra.Command{
		Use:    "simulate --sites-out FILE",
		Short:  "Serve a made province of government portals on 127.0.0.1 (for make demo and trials)",
		Hidden: true,
		Args:   cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if out == "" || portals <= 0 || portals > 500 || reports <= 0 || reports > 10000 {
				return usageError{errors.New("simulate: want --sites-out FILE, 1 ≤ --portals ≤ 500, 1 ≤ --reports ≤ 10000")}
			}
			// Portal k publishes reports+k reports, so the portals differ in size like real ones.
			prov := simulator.NewProvince(portals, func(k int) int { return reports + k }, simulator.Options{CrawlDelay: "0", NoRequestLog: true})
			defer prov.Close()
			if err := os.MkdirAll(filepath.Dir(out), 0o755); err != nil {
				return err
			}
			// Whole or absent: a script waiting for the file never reads half of it.
			if err := durable.WriteFile(out, prov.SitesYAML(delay, parallelism), 0o644); err != nil {
				return err
			}
			a.log.Info("made province serving; stop with SIGINT or SIGTERM", "portals", portals, "sites", out, "first", prov.StartURL(0))
			<-cmd.Context().Done()
			return nil
		},
	}
	fl := cmd.Flags()
	fl.IntVar(&portals, "portals", 6, "portals in the province")
	fl.IntVar(&reports, "reports", 10, "reports on the smallest portal (portal k has this many + k)")
	fl.DurationVar(&delay, "delay", 200*time.Millisecond, "per-host delay written into the sites file (negative: none, for benchmarks)")
	fl.IntVar(&parallelism, "parallelism", 0, "per-host parallelism written into the sites file (applies without a delay)")
	fl.StringVar(&out, "sites-out", "", "write the sites file here")
	return cmd
}
