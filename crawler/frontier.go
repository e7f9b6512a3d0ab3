package crawler

import "time"

// item is one URL waiting to be fetched.
type item struct {
	url        string // canonical URL to request
	orig       string // URL as first linked, before redirects (Page.URL)
	ref        string // referrer
	depth      int
	stray      int // consecutive off-topic hops
	attachment bool
	attempt    int // failed attempts so far
	redirects  int
	notBefore  time.Time
}

// hostState is the politeness and queue state of one host. Only the
// dispatcher goroutine touches it.
type hostState struct {
	host     string
	scheme   string
	queue    [2]fifo // 0: on-topic first, 1: off-topic
	retry    []*item // waiting for their notBefore
	inflight int
	next     time.Time // earliest next request start

	robots         *robotsRules
	robotsBusy     bool
	robotsAttempts int
	delay          time.Duration
	gate           *startGate // shared with the workers; see gate.go
}

func (h *hostState) pending() int {
	return h.queue[0].len() + h.queue[1].len() + len(h.retry)
}

// pop returns the next item that may go now: a due retry first (it is
// older), then on-topic, then off-topic work. nil if none is due.
func (h *hostState) pop(now time.Time) *item {
	for i, it := range h.retry {
		if !it.notBefore.After(now) {
			h.retry = append(h.retry[:i], h.retry[i+1:]...)
			return it
		}
	}
	for q := range h.queue {
		if it := h.queue[q].pop(); it != nil {
			return it
		}
	}
	return nil
}

// earliestRetry is the time the first retry becomes due (zero if none).
func (h *hostState) earliestRetry() time.Time {
	var t time.Time
	for _, it := range h.retry {
		if t.IsZero() || it.notBefore.Before(t) {
			t = it.notBefore
		}
	}
	return t
}

// fifo is a slice-backed queue that reuses its array once drained.
type fifo struct {
	items []*item
	head  int
}

func (f *fifo) len() int { return len(f.items) - f.head }

func (f *fifo) push(it *item) { f.items = append(f.items, it) }

func (f *fifo) pop() *item {
	if f.head >= len(f.items) {
		return nil
	}
	it := f.items[f.head]
	f.items[f.head] = nil
	f.head++
	if f.head == len(f.items) {
		f.items, f.head = f.items[:0], 0
	} else if f.head > 1024 && f.head*2 > len(f.items) {
		n := copy(f.items, f.items[f.head:])
		f.items, f.head = f.items[:n], 0
	}
	return it
}
