package serve

import (
	"context"
	"time"

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

// claimAndRun is one attempt, in a slot (frontier.Try with this server's sink and run): it
// says how long to wait, out of the slot, before the next attempt.
func (s *scheduler) claimAndRun(a *sharedAttempt) (wait time.Duration, again bool) {
	load := func(ctx context.Context, rs []*parser.Result) error {
		_, err := s.sink.Load(ctx, rs)
		return err
	}
	t := s.frontier.Try(s.ctx, a.st.Name, a.round, load, func(_ context.Context, cl *frontier.Claim) error {
		if cl.TakenOverFrom != "" {
			a.reason = "taken over from node " + cl.TakenOverFrom + ", whose claim expired"
			s.metrics.takeover(a.st.Name)
		}
		return s.runSite(a.st, a.reason, cl)
	})
	switch {
	case t.Elsewhere:
		s.metrics.ranElsewhere(a.st.Name)
		s.log.Info("round already run by another node", "site", a.st.Name, "slot", a.slot, "reason", a.reason)
	case !t.Done && !a.loggedHeld:
		s.log.Info("site not run now: another node runs this round, or the frontier is away; trying again", "site", a.st.Name, "slot", a.slot, "retry_in", t.Retry)
		a.loggedHeld = true
	}
	return t.Retry, !t.Done
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
