package serve

import (
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"

	"github.com/govreports/govreports/crawler"
	"github.com/govreports/govreports/parser"
)

// Metrics are the service's Prometheus metrics, on a registry of their own: nothing registers
// into client_golang's global default, so two Servers (or tests) in one process never clash.
type Metrics struct {
	Registry *prometheus.Registry

	fetches      *prometheus.CounterVec
	bytes        *prometheus.CounterVec
	fetchErrors  *prometheus.CounterVec
	reports      *prometheus.CounterVec
	parseErrors  *prometheus.CounterVec
	issues       *prometheus.CounterVec
	rows         *prometheus.CounterVec
	runs         *prometheus.CounterVec
	runDuration  *prometheus.HistogramVec
	skipped      *prometheus.CounterVec
	inFlight     *prometheus.GaugeVec
	lastSuccess  *prometheus.GaugeVec
	lastRunStart *prometheus.GaugeVec
	spooled      *prometheus.GaugeVec
	elsewhere    *prometheus.CounterVec
	takeovers    *prometheus.CounterVec
}

// NewMetrics builds the metrics and registers them, with the Go runtime and process
// collectors, on a new registry.
func NewMetrics() *Metrics {
	m := &Metrics{
		Registry: prometheus.NewRegistry(),
		fetches: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "govreports_fetches_total",
			Help: "URLs the crawler finished, by site and outcome (ok, not_modified, http_error, timeout, robots_disallowed, retry, ...).",
		}, []string{"site", "outcome"}),
		bytes: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "govreports_fetch_bytes_total",
			Help: "Body bytes received by the crawler, by site.",
		}, []string{"site"}),
		fetchErrors: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "govreports_fetch_errors_total",
			Help: "Requests that were sent and failed for good (after retries), by site and reason.",
		}, []string{"site", "reason"}),
		reports: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "govreports_reports_parsed_total",
			Help: "Report pages parsed, by site and report status (clean, warnings, errors, no_tables).",
		}, []string{"site", "status"}),
		parseErrors: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "govreports_report_parse_errors_total",
			Help: "Report pages the parser refused (too large, empty); they stay in the archive.",
		}, []string{"site"}),
		issues: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "govreports_issues_total",
			Help: "Validation issues found in parsed reports, by rule and severity (docs/validation-rules.md).",
		}, []string{"rule", "severity"}),
		rows: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "govreports_rows_loaded_total",
			Help: "Rows written to ClickHouse, by site and table (reports, cells, issues, fetches).",
		}, []string{"site", "table"}),
		runs: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "govreports_runs_total",
			Help: "Scheduled runs (crawl, parse, load) that ended, by site and result (success, failure, interrupted).",
		}, []string{"site", "result"}),
		runDuration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "govreports_run_duration_seconds",
			Help: "Duration of runs, by site.",
			// 1s to ~3 days: a recrawl of an unchanged site is seconds, a first crawl of a large
			// portal at a polite delay is days.
			Buckets: prometheus.ExponentialBuckets(1, 4, 10),
		}, []string{"site"}),
		skipped: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "govreports_triggers_skipped_total",
			Help: "Scheduled triggers skipped because the site's previous run was still running or waiting for a slot.",
		}, []string{"site"}),
		inFlight: prometheus.NewGaugeVec(prometheus.GaugeOpts{
			Name: "govreports_runs_in_flight",
			Help: "Runs in progress, by site (0 or 1: a site never runs twice at once).",
		}, []string{"site"}),
		lastSuccess: prometheus.NewGaugeVec(prometheus.GaugeOpts{
			Name: "govreports_last_success_timestamp_seconds",
			Help: "Unix time at which the site's last successful run ended (kept across restarts; absent if it never succeeded).",
		}, []string{"site"}),
		lastRunStart: prometheus.NewGaugeVec(prometheus.GaugeOpts{
			Name: "govreports_last_run_start_timestamp_seconds",
			Help: "Unix time at which the site's last run started.",
		}, []string{"site"}),
		spooled: prometheus.NewGaugeVec(prometheus.GaugeOpts{
			Name: "govreports_spool_pending_files",
			Help: "Batch files waiting in a site's spool after its last run, by kind (reports, fetches): above 0, ClickHouse was unreachable and they load on the next run.",
		}, []string{"site", "kind"}),
		elsewhere: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "govreports_rounds_elsewhere_total",
			Help: "With a frontier: scheduled rounds of the site that another node ran (this one found the round claimed or done).",
		}, []string{"site"}),
		takeovers: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "govreports_site_takeovers_total",
			Help: "With a frontier: runs that took the site over from a node whose claim expired (it died or lost Redis); its pages in flight were fetched again.",
		}, []string{"site"}),
	}
	m.Registry.MustRegister(m.elsewhere, m.takeovers, m.fetches, m.bytes, m.fetchErrors, m.reports, m.parseErrors, m.issues,
		m.rows, m.runs, m.runDuration, m.skipped, m.inFlight, m.lastSuccess, m.lastRunStart, m.spooled,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return m
}

// addSite creates a site's series at zero, so a dashboard sees "0 failures" rather than no
// data, and restores what the scheduler record knows.
func (m *Metrics) addSite(name string, rec Record) {
	for _, r := range []string{ResultSuccess, ResultFailure, ResultInterrupted} {
		m.runs.WithLabelValues(name, r)
	}
	m.skipped.WithLabelValues(name)
	m.elsewhere.WithLabelValues(name)
	m.takeovers.WithLabelValues(name)
	m.inFlight.WithLabelValues(name)
	m.parseErrors.WithLabelValues(name)
	m.bytes.WithLabelValues(name)
	for _, t := range []string{"reports", "cells", "issues", "fetches"} {
		m.rows.WithLabelValues(name, t)
	}
	if !rec.LastSuccess.IsZero() {
		m.lastSuccess.WithLabelValues(name).Set(unix(rec.LastSuccess))
	}
	if !rec.LastStart.IsZero() {
		m.lastRunStart.WithLabelValues(name).Set(unix(rec.LastStart))
	}
}

// fetch counts one fetch-log record.
func (m *Metrics) fetch(site string, r crawler.FetchRecord) {
	m.fetches.WithLabelValues(site, string(r.Outcome)).Inc()
	if r.Bytes > 0 {
		m.bytes.WithLabelValues(site).Add(float64(r.Bytes))
	}
	if fetchFailed(r.Outcome) {
		m.fetchErrors.WithLabelValues(site, string(r.Outcome)).Inc()
	}
}

// fetchFailed: a request went out (or was about to) and the URL was given up. Outcomes the
// crawler chose not to request (robots_disallowed, trap, max_pages) are not errors of the site,
// and retry is not final; both are still in govreports_fetches_total.
func fetchFailed(o crawler.Outcome) bool {
	switch o {
	case crawler.OutcomeTruncated, crawler.OutcomeHTTPError, crawler.OutcomeTimeout, crawler.OutcomeNetworkError,
		crawler.OutcomeTooManyRetries, crawler.OutcomeOffsiteRedirect, crawler.OutcomeBadScheme, crawler.OutcomeInvalidURL:
		return true
	}
	return false
}

// result counts one parsed report and its issues.
func (m *Metrics) result(site string, r *parser.Result) {
	m.reports.WithLabelValues(site, r.Report.Status).Inc()
	for _, is := range r.Issues {
		m.issues.WithLabelValues(is.Rule, string(is.Severity)).Inc()
	}
}

func (m *Metrics) loaded(site, table string, n int) {
	m.rows.WithLabelValues(site, table).Add(float64(n))
}

func (m *Metrics) runStarted(site string, at time.Time) {
	m.inFlight.WithLabelValues(site).Inc()
	m.lastRunStart.WithLabelValues(site).Set(unix(at))
}

func (m *Metrics) runEnded(site, result string, took time.Duration, end time.Time, parseErrors int) {
	m.inFlight.WithLabelValues(site).Dec()
	m.runs.WithLabelValues(site, result).Inc()
	m.runDuration.WithLabelValues(site).Observe(took.Seconds())
	m.parseErrors.WithLabelValues(site).Add(float64(parseErrors))
	if result == ResultSuccess {
		m.lastSuccess.WithLabelValues(site).Set(unix(end))
	}
}

// spool records how many batch files a site's spool holds.
func (m *Metrics) spool(site, kind string, files int) {
	m.spooled.WithLabelValues(site, kind).Set(float64(files))
}

func (m *Metrics) skip(site string) { m.skipped.WithLabelValues(site).Inc() }

func (m *Metrics) ranElsewhere(site string) { m.elsewhere.WithLabelValues(site).Inc() }

func (m *Metrics) takeover(site string) { m.takeovers.WithLabelValues(site).Inc() }

func unix(t time.Time) float64 { return float64(t.UnixNano()) / 1e9 }
