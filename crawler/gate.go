package crawler

import (
	"context"
	"sync"
	"time"
)

// startGate spaces the request starts to one host at the wire. The
// dispatcher already hands out a host's requests a delay apart, but a job
// then waits a moment for its worker, colly and a connection; on a loaded
// machine that moment varies by several milliseconds, so two requests
// dispatched 25ms apart could reach the portal 19ms apart (CI saw exactly
// that). The transport passes every request through the gate of its host
// just before it goes out, which makes the gap a guarantee rather than a
// schedule.
type startGate struct {
	mu   sync.Mutex
	last time.Time
}

// wait blocks until gap has passed since the previous start through this
// gate, then stamps and returns the new start. Requests queue on the mutex
// in turn; with a zero gap nobody waits.
func (g *startGate) wait(ctx context.Context, gap time.Duration) (time.Time, error) {
	g.mu.Lock()
	defer g.mu.Unlock()
	if gap > 0 && !g.last.IsZero() {
		if d := time.Until(g.last.Add(gap)); d > 0 {
			t := time.NewTimer(d)
			defer t.Stop()
			select {
			case <-t.C:
			case <-ctx.Done():
				return time.Time{}, context.Cause(ctx)
			}
		}
	}
	g.last = time.Now()
	return g.last, nil
}
