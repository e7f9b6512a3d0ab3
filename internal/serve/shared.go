package serve

import (
	"context"
	"errors"
	"time"

	"github.com/govreports/govreports/crawler"
	"github.com/govreports/govreports/internal/frontier"
	"github.com/govreports/govreports/parser"
)

// runShared is a trigger's run when several serve nodes share a frontier. The round is the
// schedule's slot (lastActivation: the same on every node, the jitter being a hash of the
// site's name), so the nodes' triggers for one slot are one round: the first node to claim
// the site runs it, the others find it held and wait, then find it done and skip. A node that
// dies mid-run leaves its claim to expire; a waiting node then takes the site over, loads what
// the dead node had parsed but not loaded, and resumes its journal. Redis away, the run stops
// (crawler.ErrFrontier) and is claimed again when Redis answers. The trigger holds the site's
// busy flag all along, so triggers of the same site on this node do not pile up behind it, but
// a slot only from the claim to the end of the run: a trigger waiting on another node's claim
// leaves its slot to the sites this node can run (else a node could sit with every slot
// waiting, and its share of the sites would go to the others).
func (s *scheduler) runShared(st *siteSched, reason string) {
	slot := lastActivation(st.sched, time.Now())
	if slot.IsZero() {
		slot = time.Now().Truncate(time.Second)
	}
	a := &sharedAttempt{st: st, reason: reason, round: frontier.Round{Kind: "serve", N: slot.Unix()}, slot: slot}
	for s.ctx.Err() == nil {
		if !s.takeSlot() {
			return
		}
		wait, again := s.claimAndRun(a)
		s.freeSlot()
		if !again {
			return
		}
		s.sleep(wait)
	}
}

// sharedAttempt is what the attempts of one runShared share.
type sharedAttempt struct {
	st         *siteSched
	reason     string
	round      frontier.Round
	slot       time.Time
	loggedHeld bool
}

// claimAndRun is one attempt, in a slot: claim the site's round and run it, or say how long to
// wait (out of the slot) before the next attempt.
func (s *scheduler) claimAndRun(a *sharedAttempt) (wait time.Duration, again bool) {
	fr := s.frontier
	log := s.log.With("site", a.st.Name)
	waitRedis := fr.Lease() / 4
	cl, state, held, err := fr.Claim(s.ctx, a.st.Name, a.round)
	switch {
	case err != nil:
		log.Warn("frontier unavailable; waiting for it", "err", err, "retry_in", waitRedis)
		return waitRedis, true
	case state == frontier.DoneInRound:
		s.metrics.ranElsewhere(a.st.Name)
		log.Info("round already run by another node", "slot", a.slot, "reason", a.reason)
		return 0, false
	case state == frontier.HeldElsewhere:
		if !a.loggedHeld {
			log.Info("another node runs this round; waiting in case its claim expires", "slot", a.slot, "retry_in", held)
			a.loggedHeld = true
		}
		return held, true
	}
	if cl.TakenOverFrom != "" {
		a.reason = "taken over from node " + cl.TakenOverFrom + ", whose claim expired"
		s.metrics.takeover(a.st.Name)
	}
	if cl.Unloaded > 0 {
		n, err := cl.LoadUnloaded(s.ctx, func(ctx context.Context, rs []*parser.Result) error {
			_, err := s.sink.Load(ctx, rs)
			return err
		})
		if err != nil {
			_ = cl.Release(s.ctx)
			log.Warn("reports an earlier holder parsed but did not load could not be loaded; the run waits", "reports", cl.Unloaded, "err", err)
			return waitRedis, true
		}
		log.Warn("loaded reports an earlier holder of the site had parsed but not loaded", "reports", n, "from_node", cl.TakenOverFrom)
	}
	err = s.runSite(a.st, a.reason, cl)
	switch {
	case err == nil || errors.Is(err, crawler.ErrRoundDone):
		if derr := cl.Done(s.ctx); derr != nil {
			log.Warn("round run but not marked done (the next claimant finds out from the journal)", "err", derr)
		}
		return 0, false
	case errors.Is(err, crawler.ErrFrontier) && s.ctx.Err() == nil:
		_ = cl.Release(s.ctx)
		log.Warn("frontier unavailable: the run stopped; it resumes from the shared journal when Redis is back", "err", err)
		return waitRedis, true
	default:
		_ = cl.Release(s.ctx)
		return 0, false
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
