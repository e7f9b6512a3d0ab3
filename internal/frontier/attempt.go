package frontier

import (
	"context"
	"errors"
	"time"

	"github.com/govreports/govreports/crawler"
	"github.com/govreports/govreports/parser"
)

// Attempt is how one try at a site's round ended (Frontier.Try).
type Attempt struct {
	// Done: the site needs nothing more from this node in the round (crawled here, crawled
	// elsewhere, or failed with Err). Otherwise try again after Retry.
	Done  bool
	Retry time.Duration
	Err   error
	// Elsewhere: another node crawled the site in this round (Done is set).
	Elsewhere bool
	// TakenOverFrom: the node whose expired claim this try took over ("" if none).
	TakenOverFrom string
}

// Try is one attempt at site in round, as every node does it: claim it; load what an earlier
// holder parsed but did not load (load may be nil: a crawl that loads nothing); run the crawl
// with the claim (its Configure); mark the site done, or release it for another try. A claim
// held elsewhere, or Redis away (crawler.ErrFrontier, before or during the crawl), asks to be
// tried again: after the holder's lease could expire, or a quarter of a lease.
func (f *Frontier) Try(ctx context.Context, site string, round Round,
	load func(context.Context, []*parser.Result) error, run func(context.Context, *Claim) error) Attempt {
	log := f.log.With("site", site)
	waitRedis := f.lease / 4
	cl, state, held, err := f.Claim(ctx, site, round)
	switch {
	case err != nil && ctx.Err() == nil:
		log.Warn("frontier unavailable; waiting for it", "err", err, "retry_in", waitRedis)
		return Attempt{Retry: waitRedis}
	case err != nil:
		return Attempt{Done: true, Err: err}
	case state == DoneInRound:
		return Attempt{Done: true, Elsewhere: true}
	case state == HeldElsewhere:
		return Attempt{Retry: held}
	}
	a := Attempt{TakenOverFrom: cl.TakenOverFrom}
	if cl.Unloaded > 0 && load != nil {
		n, err := cl.LoadUnloaded(ctx, load)
		if err != nil {
			_ = cl.Release(ctx)
			log.Warn("reports an earlier holder of the site parsed but did not load could not be loaded; the site waits", "reports", cl.Unloaded, "err", err, "retry_in", waitRedis)
			a.Retry = waitRedis
			return a
		}
		log.Warn("loaded reports an earlier holder of the site had parsed but not loaded", "reports", n, "from_node", cl.TakenOverFrom)
	}
	err = run(ctx, cl)
	switch {
	case err == nil || errors.Is(err, crawler.ErrRoundDone):
		// ErrRoundDone: completed by a node that could not mark it done.
		a.Done, a.Elsewhere = true, err != nil
		if derr := cl.Done(ctx); derr != nil {
			log.Warn("site crawled but not marked done in the round (the next claimant finds out from its journal)", "err", derr)
		}
	case errors.Is(err, crawler.ErrFrontier) && ctx.Err() == nil:
		_ = cl.Release(ctx)
		log.Warn("frontier unavailable: the site's crawl stopped; it resumes from the shared journal when Redis is back", "err", err, "retry_in", waitRedis)
		a.Retry = waitRedis
	default:
		if rerr := cl.Release(ctx); rerr != nil {
			log.Warn("site claim not released; it expires on its own", "err", rerr)
		}
		a.Done, a.Err = true, err
	}
	return a
}
