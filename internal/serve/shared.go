package serve

import (
	"errors"
	"time"

	"github.com/govreports/govreports/crawler"
	"github.com/govreports/govreports/internal/frontier"
	"github.com/govreports/govreports/internal/pipeline"
)

// runShared is a trigger's run when several serve nodes share a frontier. The round is the
// schedule's slot (lastActivation: the same on every node, the jitter being a hash of the
// site's name), so the nodes' triggers for one slot are one round: the first node to claim
// the site runs it, the others find it held and wait, then find it done and skip. A node that
// dies mid-run leaves its claim to expire; a waiting node then takes the site over and
// resumes its journal. Redis away, the run stops (crawler.ErrFrontier) and is claimed again
// when Redis answers; the trigger holds the site's busy flag all along, so triggers of the
// same site on this node do not pile up behind it.
func (s *scheduler) runShared(st *siteSched, reason string) {
	fr := s.frontier
	log := s.log.With("site", st.Name)
	slot := lastActivation(st.sched, time.Now())
	if slot.IsZero() {
		slot = time.Now().Truncate(time.Second)
	}
	round := frontier.Round{Kind: "serve", N: slot.Unix()}
	waitRedis := fr.Lease() / 4
	loggedHeld := false
	for s.ctx.Err() == nil {
		cl, state, wait, err := fr.Claim(s.ctx, st.Name, round)
		switch {
		case err != nil:
			log.Warn("frontier unavailable; waiting for it", "err", err, "retry_in", waitRedis)
			s.sleep(waitRedis)
			continue
		case state == frontier.DoneInRound:
			s.metrics.ranElsewhere(st.Name)
			log.Info("round already run by another node", "slot", slot, "reason", reason)
			return
		case state == frontier.HeldElsewhere:
			if !loggedHeld {
				log.Info("another node runs this round; waiting in case its claim expires", "slot", slot, "retry_in", wait)
				loggedHeld = true
			}
			s.sleep(wait)
			continue
		}
		if cl.TakenOverFrom != "" {
			reason = "taken over from node " + cl.TakenOverFrom + ", whose claim expired"
			s.metrics.takeover(st.Name)
		}
		if len(cl.Unloaded) > 0 {
			ls, err := pipeline.LoadRecovered(s.ctx, s.sink, cl.Unloaded, cl.Loads())
			if err != nil {
				_ = cl.Release(s.ctx)
				log.Warn("reports an earlier holder parsed but did not load could not be loaded; the run waits", "reports", len(cl.Unloaded), "err", err)
				s.sleep(waitRedis)
				continue
			}
			log.Warn("loaded reports an earlier holder of the site had parsed but not loaded", "reports", ls.Reports, "from_node", cl.TakenOverFrom)
		}
		err = s.runSite(st, reason, cl)
		switch {
		case err == nil || errors.Is(err, crawler.ErrRoundDone):
			if derr := cl.Done(s.ctx); derr != nil {
				log.Warn("round run but not marked done (the next claimant finds out from the journal)", "err", derr)
			}
			return
		case errors.Is(err, crawler.ErrFrontier) && s.ctx.Err() == nil:
			_ = cl.Release(s.ctx)
			log.Warn("frontier unavailable: the run stopped; it resumes from the shared journal when Redis is back", "err", err)
			s.sleep(waitRedis)
		default:
			_ = cl.Release(s.ctx)
			return
		}
	}
}

// sleep waits d or until stop.
func (s *scheduler) sleep(d time.Duration) {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
	case <-s.ctx.Done():
	}
}
