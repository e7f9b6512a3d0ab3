package crawler

import (
	"context"
	"sync"
	"time"
)

// SiteTry is one attempt at a site in EachShared: done says the site needs
// nothing more from this process (crawled here, crawled by another node, or
// failed with err); otherwise the site is another node's for now and is tried
// again after retry.
type SiteTry struct {
	Done  bool
	Retry time.Duration
	Err   error
}

// EachShared is Each for sites that several crawler nodes share
// (internal/frontier): try(ctx, i) claims site i and crawls it, or says it
// is another node's for now. MaxSites workers take the sites in turn, so a
// site held elsewhere never keeps a worker waiting: the worker goes on to
// the next site due, and comes back to the held one after its Retry (when a
// dead node's claim may have expired). It returns when every site is done,
// with each site's error; cancel ctx to stop (sites not done get ctx's error).
func (f *Fleet) EachShared(ctx context.Context, n int, try func(ctx context.Context, i int) SiteTry) []error {
	errs := make([]error, n)
	f.prog.expect(n)
	q := &sharedQueue{due: make([]time.Time, n), left: n, wake: make(chan struct{}, 1)}
	for i := range q.due {
		q.pending = append(q.pending, i)
	}
	workers := min(cap(f.sites), n)
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i, ok := q.next(ctx)
				if !ok {
					return
				}
				f.prog.siteStarted()
				t := try(ctx, i)
				f.prog.running.Add(-1)
				if t.Done || ctx.Err() != nil {
					if !t.Done {
						t.Err = context.Cause(ctx)
					}
					errs[i] = t.Err
					f.prog.siteDone(t.Err, false)
					q.finish()
					continue
				}
				q.later(i, time.Now().Add(t.Retry))
			}
		}()
	}
	wg.Wait()
	for _, i := range q.pending { // cancelled before their turn
		errs[i] = context.Cause(ctx)
		f.prog.siteDone(errs[i], false)
	}
	f.prog.finish()
	return errs
}

// sharedQueue hands out the sites of EachShared: the first whose due time
// has come, in turn.
type sharedQueue struct {
	mu      sync.Mutex
	pending []int // waiting, in turn order
	due     []time.Time
	left    int // sites not done
	wake    chan struct{}
}

// next waits for a site that is due; false when none is left or ctx ended.
func (q *sharedQueue) next(ctx context.Context) (int, bool) {
	for {
		q.mu.Lock()
		if q.left == 0 || ctx.Err() != nil {
			q.mu.Unlock()
			q.signal() // let the other workers see it too
			return 0, false
		}
		now := time.Now()
		var soonest time.Time
		for k, i := range q.pending {
			if !q.due[i].After(now) {
				q.pending = append(q.pending[:k], q.pending[k+1:]...)
				q.mu.Unlock()
				return i, true
			}
			if soonest.IsZero() || q.due[i].Before(soonest) {
				soonest = q.due[i]
			}
		}
		q.mu.Unlock()
		wait := time.Hour
		if !soonest.IsZero() {
			wait = time.Until(soonest)
		}
		t := time.NewTimer(wait)
		select {
		case <-t.C:
		case <-q.wake:
		case <-ctx.Done():
		}
		t.Stop()
	}
}

func (q *sharedQueue) later(i int, at time.Time) {
	q.mu.Lock()
	q.due[i] = at
	q.pending = append(q.pending, i)
	q.mu.Unlock()
	q.signal()
}

func (q *sharedQueue) finish() {
	q.mu.Lock()
	q.left--
	q.mu.Unlock()
	q.signal()
}

func (q *sharedQueue) signal() {
	select {
	case q.wake <- struct{}{}:
	default:
	}
}
