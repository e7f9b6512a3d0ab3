// Package serve runs scheduled crawls as a long-lived service: the body of `govreports serve`.
//
// Each site runs on its own cron schedule (robfig/cron/v3, standard five fields, plus a
// per-site jitter that is the same on every start), one run per site at a time and at most
// Options.Concurrency sites at once. A run is pipeline.Run: crawl → parse → load. The scheduler
// keeps a record per site (last start, end, success, error) in a JSON file beside the crawl
// state, so a restart reports what happened and re-runs at once a site whose last run was
// interrupted, crashed or missed while the process was down; the crawler's own journal makes
// that re-run resume where the last one stopped.
//
// Over HTTP it serves /metrics (Prometheus text, from a registry of its own), /healthz (the
// process is alive), /readyz (ClickHouse answers SELECT 1) and /status (the site records as
// JSON). Cancelling the context passed to Serve is a graceful stop: no new runs, in-flight runs
// cancelled so they checkpoint and flush what they parsed, records saved, HTTP closed.
package serve
