package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/url"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/govreports/govreports/crawler"
	"github.com/govreports/govreports/internal/frontier"
	"github.com/govreports/govreports/internal/pipeline"
	"github.com/govreports/govreports/internal/sitename"
)

// crawlFlags are the flags crawl and run share.
type crawlFlags struct {
	start    []string
	allow    []string
	delay    time.Duration
	maxPages int
	workers  int
	sites    int // most sites at once (0: config concurrency)
	inFlight int // most requests in flight over all sites (0: config in_flight)
}

func (f *crawlFlags) register(cmd *cobra.Command) {
	fl := cmd.Flags()
	fl.StringSliceVar(&f.start, "start", nil, "start URL (home or column page); repeat for several; with --sites, adds a site")
	fl.StringSliceVar(&f.allow, "allow", nil, "allowed host (default: the start URLs' hosts); repeat for several")
	fl.DurationVar(&f.delay, "delay", 0, "minimum gap between requests to one host (default 1s, or the sites file; robots.txt Crawl-delay wins when longer)")
	fl.IntVar(&f.maxPages, "max-pages", 0, "most distinct URLs requested per site; each URL counts once, robots.txt and retries not at all, so requests can be more (default 200000)")
	fl.IntVar(&f.workers, "workers", 0, "fetch goroutines per site (default 4)")
	fl.IntVar(&f.sites, "concurrency", 0, "most sites crawled at once (default: config concurrency, 64)")
	fl.IntVar(&f.inFlight, "in-flight", 0, "most requests in flight over all sites (default: config in_flight, 32)")
}

// fleet is what the sites of one crawl or run share: the caps on sites and requests at once,
// and one progress line (on a terminal) or progress logs (otherwise).
func (a *app) fleet(f *crawlFlags) *crawler.Fleet {
	o := crawler.FleetOptions{MaxSites: a.cfg.Concurrency, MaxInFlight: a.cfg.InFlight, Progress: a.stderr, Logger: a.log}
	if f.sites > 0 {
		o.MaxSites = f.sites
	}
	if f.inFlight > 0 {
		o.MaxInFlight = f.inFlight
	}
	return crawler.NewFleet(o)
}

// siteConfigs builds one crawler.Config per site: the sites file (--sites), then --start.
func (a *app) siteConfigs(f *crawlFlags) ([]crawler.Config, error) {
	base := a.crawlBase()
	base.Progress = a.stderr
	apply := func(c *crawler.Config) {
		if f.delay != 0 {
			c.Delay = f.delay
		}
		if f.maxPages != 0 {
			c.MaxPages = f.maxPages
		}
		if f.workers != 0 {
			c.Workers = f.workers
		}
	}
	var out []crawler.Config
	if a.cfg.Sites != "" {
		sites, err := crawler.LoadSites(a.cfg.Sites)
		if err != nil {
			return nil, usageError{err}
		}
		for i := range sites.Sites {
			c := sites.Config(i, base)
			apply(&c)
			out = append(out, c)
		}
	}
	if len(f.start) > 0 {
		c := base
		for _, s := range f.start {
			u, err := url.Parse(s)
			if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
				return nil, usageError{fmt.Errorf("--start %q: want an http or https URL", s)}
			}
		}
		c.StartURLs = f.start
		c.AllowedHosts = f.allow
		c.Site.Name = siteName(f.start[0])
		if err := sitename.Check(c.Site.Name); err != nil {
			return nil, usageError{fmt.Errorf("--start %q: %w", f.start[0], err)}
		}
		c.StateDir = joinState(base.StateDir, c.Site.Name)
		apply(&c)
		out = append(out, c)
	}
	if len(out) == 0 {
		return nil, usageError{errors.New("nothing to crawl: give --start URL or --sites FILE")}
	}
	return out, nil
}

// crawlBase is the crawler configuration every site starts from: the documented defaults with
// the User-Agent, archive and state directories of the configuration.
func (a *app) crawlBase() crawler.Config {
	base := crawler.Defaults()
	base.UserAgent = a.cfg.UserAgent
	base.ArchiveDir = a.cfg.Archive
	base.StateDir = a.cfg.State
	base.AllowPrivateNetworks = a.cfg.AllowPrivateNetworks
	return base
}

func siteName(start string) string {
	u, err := url.Parse(start)
	if err != nil {
		return "site"
	}
	return strings.NewReplacer(":", "_", "/", "_").Replace(u.Host)
}

// joinState is the state folder of a site: the same one Sites.Config gives (internal/sitename).
func joinState(dir, name string) string {
	if dir == "" {
		return ""
	}
	return filepath.Join(dir, sitename.Dir(name))
}

func (a *app) crawlCmd() *cobra.Command {
	var f crawlFlags
	cmd := &cobra.Command{
		Use:   "crawl --start URL... | --sites sites.yaml",
		Short: "Find and fetch annual reports on government portals (politely, resumably), archiving every response",
		Long: `crawl discovers the annual report columns of a portal, fetches every report page and its
attachments, and writes every request and response to WARC files under --archive. It obeys
robots.txt (Crawl-delay included), waits between requests to one host, honours Retry-After,
and keeps its state under --state: run it again to resume, or to recrawl with conditional
requests. Parse the archive later with: govreports parse|load|validate ARCHIVE_DIR.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			cfgs, err := a.siteConfigs(&f)
			if err != nil {
				return err
			}
			fr, err := a.openFrontier(cmd.Context(), false)
			if err != nil {
				return err
			}
			if fr != nil {
				defer fr.Close()
			}
			fleet := a.fleet(&f)
			// Summaries in the sites file's order, not in the order the sites finished.
			out := make([]crawler.Summary, len(cfgs))
			errs, outcomes := a.eachSite(cmd.Context(), fleet, fr, cfgs, nil, func(ctx context.Context, i int, c crawler.Config, claim *frontier.Claim) error {
				c.Fleet = fleet
				var flog *crawler.FetchLogWriter
				var err error
				if c.ArchiveDir != "" {
					// The fetch log beside the archive: `govreports load ARCHIVE` loads it later.
					if flog, err = crawler.NewFetchLogWriter(c.ArchiveDir, c.Site.Name, time.Now()); err != nil {
						return err
					}
					c.FetchLog = flog.Write
				}
				cr, err := crawler.New(c, a.log)
				if err != nil {
					return usageError{err}
				}
				s, err := cr.Run(ctx, func(crawler.Page) error { return nil })
				if flog != nil {
					err = errors.Join(err, flog.Close())
				}
				out[i] = s
				return err
			})
			var total crawler.Summary
			for i, c := range cfgs {
				if writeSiteOutcome(a.stdout, c.Site.Name, outcomes[i]) {
					continue
				}
				writeCrawlSummary(a.stdout, c.Site.Name, out[i])
				addSummary(&total, out[i])
			}
			if len(cfgs) > 1 {
				writeCrawlSummary(a.stdout, "all sites", total)
			}
			return siteErrors(cfgs, errs)
		},
	}
	f.register(cmd)
	return cmd
}

func (a *app) runCmd() *cobra.Command {
	var f crawlFlags
	cmd := &cobra.Command{
		Use:   "run --start URL... | --sites sites.yaml",
		Short: "Crawl, parse and load as one streaming pipeline",
		Long: `run is crawl, parse and load in one stream: each report page is parsed as soon as it
arrives and loaded into ClickHouse in batches, with the fetch log (table fetches). Interrupted,
it loads what it parsed, keeps its crawl state, and resumes on the next run.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			cfgs, err := a.siteConfigs(&f)
			if err != nil {
				return err
			}
			sink, err := a.openSink(cmd.Context())
			if err != nil {
				return err
			}
			defer sink.Close()
			fr, err := a.openFrontier(cmd.Context(), true)
			if err != nil {
				return err
			}
			if fr != nil {
				defer fr.Close()
			}
			fleet := a.fleet(&f)
			// One loading stream for every site: reports of all sites share the batches.
			stream := pipeline.NewStream(cmd.Context(), pipeline.Options{Sink: sink, Logger: a.log})
			out := make([]pipeline.Stats, len(cfgs))
			errs, outcomes := a.eachSite(cmd.Context(), fleet, fr, cfgs, sinkLoad(sink), func(ctx context.Context, i int, c crawler.Config, claim *frontier.Claim) error {
				c.Fleet = fleet
				spool, err := a.siteSpool(c.Site.Name)
				if err != nil {
					return err
				}
				var flog *crawler.FetchLogWriter
				if c.ArchiveDir != "" {
					if flog, err = crawler.NewFetchLogWriter(c.ArchiveDir, c.Site.Name, time.Now()); err != nil {
						return err
					}
					c.FetchLog = flog.Write
				}
				site := pipeline.Options{WriteAhead: spool}
				if claim != nil {
					site.Loads = claim.Loads()
				}
				st, err := stream.Run(ctx, c, site)
				if flog != nil {
					err = errors.Join(err, flog.Close())
				}
				out[i] = st
				return err
			})
			_, _, closeErr := stream.Close()
			for i, c := range cfgs {
				if writeSiteOutcome(a.stdout, c.Site.Name, outcomes[i]) {
					continue
				}
				st := out[i]
				writeCrawlSummary(a.stdout, c.Site.Name, st.Crawl)
				fmt.Fprintf(a.stdout, "  parsed %d report(s) (%s; %d from attachments, %d attachment(s) the same as their page), %d not parseable; loaded %d report(s), %d cell(s), %d issue(s), %d fetch row(s) into %s\n",
					st.Parsed, countsText(st.ReportStatus), st.Attachments, st.AttachmentsRedundant, st.ParseErrors, st.Loaded.Reports, st.Loaded.Cells, st.Loaded.Issues, st.Fetches, sink.Target())
			}
			failed := siteErrors(cfgs, errs)
			if closeErr != nil && !errors.Is(failed, pipeline.ErrLoad) {
				failed = errors.Join(failed, fmt.Errorf("%w: %w", pipeline.ErrLoad, closeErr))
			}
			return failed
		},
	}
	f.register(cmd)
	return cmd
}

// writeSiteOutcome prints what a frontier decided about a site; true when that is all there
// is to say (another node crawled it).
func writeSiteOutcome(w io.Writer, name string, o siteOutcome) bool {
	if o.takenOverFrom != "" {
		fmt.Fprintf(w, "%s: taken over from node %s, whose claim expired (the pages it had in flight were fetched again)\n", name, o.takenOverFrom)
	}
	if o.elsewhere {
		fmt.Fprintf(w, "%s: crawled by another node in this round\n", name)
	}
	return o.elsewhere
}

// siteErrors joins the errors of the sites that failed, each named.
func siteErrors(cfgs []crawler.Config, errs []error) error {
	var failed error
	for i, err := range errs {
		if err != nil {
			failed = errors.Join(failed, fmt.Errorf("site %s: %w", cfgs[i].Site.Name, err))
		}
	}
	return failed
}

func addSummary(t *crawler.Summary, s crawler.Summary) {
	t.Requests += s.Requests
	t.Pages += s.Pages
	t.Reports += s.Reports
	t.ReportsUnchanged += s.ReportsUnchanged
	t.Attachments += s.Attachments
	t.Duplicates += s.Duplicates
	t.NotModified += s.NotModified
	t.Bytes += s.Bytes
	for k, v := range s.Failures {
		if t.Failures == nil {
			t.Failures = map[crawler.Outcome]int{}
		}
		t.Failures[k] += v
	}
	for k, v := range s.OffsiteHosts {
		if t.OffsiteHosts == nil {
			t.OffsiteHosts = map[string]int{}
		}
		t.OffsiteHosts[k] += v
	}
	for k, v := range s.Columns { // column URLs are per site: no two sites share one
		if t.Columns == nil {
			t.Columns = map[string]crawler.ColumnCount{}
		}
		t.Columns[k] = v
	}
	t.ScriptPagers = append(t.ScriptPagers, s.ScriptPagers...)
}

// writeCrawlSummary prints what a user wants at the end: pages, reports, duplicates, failures
// by reason.
func writeCrawlSummary(w io.Writer, name string, s crawler.Summary) {
	fmt.Fprintf(w, "%s: %d request(s), %d page(s), %d report(s) (+%d unchanged), %d attachment(s), %d duplicate(s), %d not modified, %.1f MB",
		name, s.Requests, s.Pages, s.Reports, s.ReportsUnchanged, s.Attachments, s.Duplicates, s.NotModified, float64(s.Bytes)/1e6)
	if s.Resumed {
		fmt.Fprint(w, ", resumed")
	}
	fmt.Fprintln(w)
	if len(s.Failures) > 0 {
		m := map[string]int{}
		for k, v := range s.Failures {
			m[string(k)] = v
		}
		fmt.Fprintf(w, "  failures: %s\n", countsText(m))
	}
	if len(s.OffsiteHosts) > 0 {
		fmt.Fprintf(w, "  on-topic links to other hosts, not followed (add to allowed_hosts to crawl): %s\n", countsText(s.OffsiteHosts))
	}
	writeColumns(w, s)
}

// maxColumnLines bounds the columns listed one per line; the rest are counted.
const maxColumnLines = 20

// writeColumns says how fully the report columns were read: the totals, then each column read
// only in part (declared or listed more than was fetched), and the pagers that were not followed.
func writeColumns(w io.Writer, s crawler.Summary) {
	if len(s.Columns) == 0 {
		return
	}
	listed, fetched := 0, 0
	for _, c := range s.Columns {
		listed += max(c.Listed, c.Declared)
		fetched += c.Fetched
	}
	partial := s.PartialColumns()
	fmt.Fprintf(w, "  columns: %d listing %d report(s), %d fetched; %d read in part\n", len(s.Columns), listed, fetched, len(partial))
	for i, u := range partial {
		if i == maxColumnLines {
			fmt.Fprintf(w, "    … and %d more\n", len(partial)-i)
			break
		}
		c := s.Columns[u]
		fmt.Fprintf(w, "    %s: declared %d, listed %d, fetched %d\n", u, c.Declared, c.Listed, c.Fetched)
	}
	for i, p := range s.ScriptPagers {
		if i == maxColumnLines {
			fmt.Fprintf(w, "    … and %d more pager(s) not followed\n", len(s.ScriptPagers)-i)
			break
		}
		fmt.Fprintf(w, "    pager not followed: %s (%s): %s\n", p.URL, p.Kind, p.Reason)
	}
}

func countsText(m map[string]int) string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	parts := make([]string, 0, len(keys))
	for _, k := range keys {
		parts = append(parts, fmt.Sprintf("%s %d", k, m[k]))
	}
	if len(parts) == 0 {
		return "none"
	}
	return strings.Join(parts, ", ")
}
