package crawler

import (
	"fmt"
	"time"
)

// HostLeases share hosts among several crawler nodes (Config.Hosts;
// internal/frontier keeps them in Redis): a crawl sends a request to a host
// only while it holds the host's lease, so two nodes never ask one host at
// once and its delay holds across them. A lease is renewed by its holder
// while the crawl runs and expires when the holder dies, so another node can
// take the host over.
type HostLeases interface {
	// Hold makes sure this crawl holds host's lease, taking it if it is free
	// or expired: 0 when held, else how long to wait before asking again (the
	// host is another's). Hold is called before every request, from the
	// dispatcher: a lease already held must be answered without a round trip.
	// An error means the leases cannot be asked at all (the frontier is down).
	Hold(host string) (wait time.Duration, err error)
	// Release gives up host's lease at the end of the crawl, keeping the host
	// reserved for keep more (its delay), so that the next holder's first
	// request still keeps the gap after this crawl's last.
	Release(host string, keep time.Duration)
}

// holdsLease reports whether h may be sent to now as far as the leases go.
// A host held elsewhere is paused until it is worth asking again.
func (r *run) holdsLease(h *hostState, now time.Time) bool {
	if r.cfg.Hosts == nil {
		return true
	}
	wait, err := r.cfg.Hosts.Hold(h.host)
	if err != nil {
		r.halt(fmt.Errorf("%w: host lease of %s: %w", ErrFrontier, h.host, err))
		return false
	}
	if wait > 0 {
		if h.leased || !h.leaseWaitLogged {
			r.log.Info("host held by another crawler node; waiting for its lease", "host", h.host, "retry_in", wait)
			h.leaseWaitLogged = true
		}
		h.leased = false
		h.pause(now.Add(wait))
		return false
	}
	h.leased = true
	return true
}

// releaseLeases gives up the leases of the run's hosts when it ends.
func (r *run) releaseLeases() {
	if r.cfg.Hosts == nil {
		return
	}
	for _, h := range r.order {
		if h.leased {
			r.cfg.Hosts.Release(h.host, h.delay)
			h.leased = false
		}
	}
}
