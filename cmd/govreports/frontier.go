package main

import (
	"context"
	"errors"
	"fmt"

	"github.com/govreports/govreports/crawler"
	"github.com/govreports/govreports/internal/frontier"
	"github.com/govreports/govreports/internal/pipeline"
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
// shared with the other nodes of the round (Fleet.EachShared): a site is claimed, crawled
// with the frontier's state, and marked done in the round, or left to the node that holds
// it. Redis going away stops the site's crawl (crawler.ErrFrontier); it is claimed again and
// resumed when Redis answers.
func (a *app) eachSite(ctx context.Context, fleet *crawler.Fleet, fr *frontier.Frontier, cfgs []crawler.Config, run siteRun) ([]error, []siteOutcome) {
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
	waitRedis := fr.Lease() / 4
	errs := fleet.EachShared(ctx, len(cfgs), func(ctx context.Context, i int) crawler.SiteTry {
		site := cfgs[i].Site.Name
		cl, state, wait, err := fr.Claim(ctx, site, round)
		switch {
		case err != nil && errors.Is(err, crawler.ErrFrontier) && ctx.Err() == nil:
			a.log.Warn("frontier unavailable; waiting for it", "site", site, "err", err, "retry_in", waitRedis)
			return crawler.SiteTry{Retry: waitRedis}
		case err != nil:
			return crawler.SiteTry{Done: true, Err: err}
		case state == frontier.DoneInRound:
			outcomes[i].elsewhere = true
			return crawler.SiteTry{Done: true}
		case state == frontier.HeldElsewhere:
			return crawler.SiteTry{Retry: wait}
		}
		if cl.TakenOverFrom != "" {
			outcomes[i].takenOverFrom = cl.TakenOverFrom
		}
		err = run(ctx, i, cl.Configure(cfgs[i]), cl)
		switch {
		case err == nil || errors.Is(err, crawler.ErrRoundDone):
			if err != nil {
				outcomes[i].elsewhere = true // completed by a node that could not mark it done
			}
			if derr := cl.Done(ctx); derr != nil {
				a.log.Warn("site crawled but not marked done in the round (the next claimant finds out from its journal)", "site", site, "err", derr)
			}
			return crawler.SiteTry{Done: true}
		case errors.Is(err, crawler.ErrFrontier) && ctx.Err() == nil:
			_ = cl.Release(ctx)
			a.log.Warn("frontier unavailable: the site's crawl stopped; it resumes from the shared journal when Redis is back", "site", site, "err", err)
			return crawler.SiteTry{Retry: waitRedis}
		default:
			if rerr := cl.Release(ctx); rerr != nil {
				a.log.Warn("site claim not released; it expires on its own", "site", site, "err", rerr)
			}
			return crawler.SiteTry{Done: true, Err: err}
		}
	})
	return errs, outcomes
}

// loadRecovered loads what an earlier holder of the claim's site parsed but did not load (it
// died with them in its spool). ClickHouse down, the site is not crawled now: the reports stay
// in the frontier and the site is claimed again later.
func (a *app) loadRecovered(ctx context.Context, sink loader.Sink, claim *frontier.Claim) error {
	if claim.Unloaded == 0 {
		return nil
	}
	n, err := claim.LoadUnloaded(ctx, func(ctx context.Context, rs []*parser.Result) error {
		_, err := sink.Load(ctx, rs)
		return err
	})
	if err != nil {
		return fmt.Errorf("%w: reports an earlier holder of the site parsed but did not load: %w", pipeline.ErrLoad, err)
	}
	a.log.Warn("loaded reports an earlier holder of the site had parsed but not loaded", "site", claim.Site(), "reports", n, "from_node", claim.TakenOverFrom)
	return nil
}
