package simulator

import (
	"net/http"
	"strings"
	"sync"
	"time"
)

// inflight records the portal's politeness as the portal sees it, whoever the clients are
// (several crawler processes included): how many requests it is serving at this moment, the
// most it ever served at once, how many requests arrived while another was being served, and
// the shortest quiet gap between the end of one request and the start of the next. A request
// counts from the moment its handler starts until the handler returns, which is before the
// response's last bytes leave, so one client's sequential requests never show as an overlap.
type inflight struct {
	mu       sync.Mutex
	now      int
	max      int
	overlaps int
	served   int
	lastEnd  time.Time
	minGap   time.Duration // -1 until a second request has come after a quiet moment
}

func newInflight() *inflight { return &inflight{minGap: -1} }

func (f *inflight) enter() {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.now > 0 {
		f.overlaps++
	} else if !f.lastEnd.IsZero() {
		if g := time.Since(f.lastEnd); f.minGap < 0 || g < f.minGap {
			f.minGap = g
		}
	}
	f.now++
	f.max = max(f.max, f.now)
	f.served++
}

func (f *inflight) leave() {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.now--
	f.lastEnd = time.Now()
}

// Politeness is what a portal recorded of how it was crawled.
type Politeness struct {
	// Requests is how many requests the portal served (robots.txt and 404s included).
	Requests int
	// MaxInFlight is the most requests it was serving at once: 1 for a polite crawl.
	MaxInFlight int
	// Overlaps is how many requests arrived while another was being served.
	Overlaps int
	// MinGap is the shortest time between the end of one request and the start of the next
	// when none overlapped; -1 when there were fewer than two.
	MinGap time.Duration
}

func (f *inflight) snapshot() Politeness {
	f.mu.Lock()
	defer f.mu.Unlock()
	return Politeness{Requests: f.served, MaxInFlight: f.max, Overlaps: f.overlaps, MinGap: f.minGap}
}

// counted wraps the portal's handler with the recorder and the portal's Latency.
func (p *Portal) counted(h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		p.flight.enter()
		defer p.flight.leave()
		if p.opts.Latency > 0 {
			select {
			case <-time.After(p.opts.Latency):
			case <-r.Context().Done():
				return
			}
		}
		h(w, r)
	}
}

// Politeness is what the portal recorded so far (see Politeness). Unlike Requests it is kept
// with NoRequestLog too: it costs a few words, not a record per request.
func (p *Portal) Politeness() Politeness { return p.flight.snapshot() }

// InFlight is how many requests the portal is serving now.
func (p *Portal) InFlight() int {
	p.flight.mu.Lock()
	defer p.flight.mu.Unlock()
	return p.flight.now
}

// Counts is how many times each request URI was requested of the portal (not of its off-site
// host), for the "fetched once" checks.
func (p *Portal) Counts() map[string]int {
	p.mu.Lock()
	defer p.mu.Unlock()
	out := make(map[string]int, len(p.count))
	for k, n := range p.count {
		if uri, ok := strings.CutPrefix(k, "portal "); ok {
			out[uri] = n
		}
	}
	return out
}
