package main

import (
	"context"

	"github.com/govreports/govreports/crawler"
	"github.com/govreports/govreports/internal/frontier"
	"github.com/govreports/govreports/loader"
	"github.com/govreports/govreports/parser"
)

// openFrontier connects to the configured frontier (--frontier), nil without one. loads says
// whether the command loads what it crawls (run, serve; not crawl).
func (a *app) openFrontier(ctx context.Context, loads bool) (*frontier.Frontier, error) {
	if a.cfg.Frontier == "" {
		return nil, nil
	}
	frontier.ClientLog(a.log)
	fr, err := frontier.Open(ctx, frontier.Options{URL: a.cfg.Frontier, Node: a.cfg.Node, Lease: a.cfg.FrontierLease, Logger: a.log})
	if err != nil {
		return nil, err
	}
	if loads && a.cfg.ClickHouse == "" {
		a.log.Warn("a frontier with the embedded ClickHouse (chDB): each node loads only the sites it crawls, into a database of its own; give every node the same --clickhouse server to have the round in one place", "node", fr.Node())
	}
	a.log.Info("frontier", "url", frontier.Redacted(a.cfg.Frontier), "node", fr.Node(), "lease", fr.Lease())
	return fr, nil
}

// siteRun is one site's crawl as crawl and run do it: the site's config (with the shared
// state of a frontier claim in it, if any) and the claim (nil without a frontier) → its error.
type siteRun func(ctx context.Context, i int, cfg crawler.Config, claim *frontier.Claim) error

// siteOutcome is how a site ended for this process, beyond its error.
type siteOutcome struct {
	elsewhere     bool   // another node crawled it in this round
	takenOverFrom string // this node took it over from a node whose claim expired
}

// eachSite runs every site: all on this machine without a frontier (Fleet.Each); with one,
// shared with the other nodes of the round (Fleet.EachShared, each attempt a Frontier.Try): a
// site is claimed, crawled with the frontier's state, and marked done in the round, or left to
// the node that holds it. Redis going away stops the site's crawl (crawler.ErrFrontier); it is
// claimed again and resumed when Redis answers. load takes the reports a dead holder of a site
// left unloaded (nil for crawl, which loads nothing).
func (a *app) eachSite(ctx context.Context, fleet *crawler.Fleet, fr *frontier.Frontier, cfgs []crawler.Config,
	load func(context.Context, []*parser.Result) error, run siteRun) ([]error, []siteOutcome) {
	outcomes := make([]siteOutcome, len(cfgs))
	if fr == nil {
		return fleet.Each(ctx, len(cfgs), func(ctx context.Context, i int) error { return run(ctx, i, cfgs[i], nil) }), outcomes
	}
	names := make([]string, len(cfgs))
	for i, c := range cfgs {
		names[i] = c.Site.Name
	}
	round, err := fr.JoinRound(ctx, names)
	if err != nil {
		errs := make([]error, len(cfgs))
		for i := range errs {
			errs[i] = err
		}
		return errs, outcomes
	}
	errs := fleet.EachShared(ctx, len(cfgs), func(ctx context.Context, i int) crawler.SiteTry {
		t := fr.Try(ctx, cfgs[i].Site.Name, round, load, func(ctx context.Context, cl *frontier.Claim) error {
			return run(ctx, i, cl.Configure(cfgs[i]), cl)
		})
		if t.TakenOverFrom != "" {
			outcomes[i].takenOverFrom = t.TakenOverFrom
		}
		outcomes[i].elsewhere = outcomes[i].elsewhere || t.Elsewhere
		return crawler.SiteTry{Done: t.Done, Retry: t.Retry, Err: t.Err}
	})
	return errs, outcomes
}

// sinkLoad is a load for eachSite: the reports into sink.
func sinkLoad(sink loader.Sink) func(context.Context, []*parser.Result) error {
	return func(ctx context.Context, rs []*parser.Result) error {
		_, err := sink.Load(ctx, rs)
		return err
	}
}
