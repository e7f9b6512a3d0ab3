package crawler

import (
	"time"

	"github.com/gocolly/colly/v2"
)

// item is one URL waiting to be fetched.
type item struct {
	url        string // canonical URL to request
	orig       string // URL as first linked, before redirects (Page.URL)
	ref        string // referrer
	depth      int
	stray      int // consecutive off-topic hops
	attachment bool
	report     bool // linked with a report's title (journaled as kind "r")
	attempt    int  // failed attempts so far
	redirects  int
	notBefore  time.Time
	// post is the form body of a POST (a Hanweb data proxy batch, hanweb.go;
	// "" for a GET) and jpTotal the records its column lists: see id.
	post    string
	jpTotal int
	tree    bool // a column tree's JSON (scriptpagers.go)
	// column is the list page whose pager, batch or entry this is, entry
	// whether it is an entry (a report-titled link) of it (columns.go).
	column string
	entry  bool
}

// hostState is the politeness and queue state of one host. Only the
// dispatcher goroutine touches it.
type hostState struct {
	host   string
	scheme string
	queue  [3]fifo // see the queue* constants

	retry    []*item // waiting for their notBefore
	inflight int
	// pausedUntil: the host asked us to wait (Retry-After) or its robots.txt
	// failed and is retried later. Not pacing: that is the LimitRule's.
	pausedUntil time.Time

	robots         *robotsRules
	robotsBusy     bool
	robotsAttempts int
	delay          time.Duration    // the rule's delay as of robots.txt (for logs and slots)
	parallelism    int              // Config.Parallelism
	rule           *colly.LimitRule // the host's pacing, in the collector (hosts.go)

	// leased: this crawl holds the host's lease among crawler nodes
	// (Config.Hosts, leases.go); leaseWaitLogged: waiting for it was logged.
	leased, leaseWaitLogged bool
}

// slots is how many requests the frontier lets the host have at once: with a
// delay, one (the delay is colly's, waited out after each response while the
// host's slot is held, so two requests in parallel would start less than a
// delay apart); without, the site's parallelism.
func (h *hostState) slots() int {
	if h.delay > 0 {
		return 1
	}
	return h.parallelism
}

// pause keeps the host from being handed out before t.
func (h *hostState) pause(t time.Time) {
	if t.After(h.pausedUntil) {
		h.pausedUntil = t
	}
}

// The three queues of a host, served in this order. Likely reports and their attachments go
// before the columns and pagers that list them: a column page links a few dozen reports and
// its pager links every other column page, so a breadth-first crawl of a 20,000-report site
// held ~20,000 report URLs in its queue at the peak (visited only after every list page). With
// leaves first the queue holds the list pages and one page's worth of reports, so memory stays
// flat as the site grows, and reports reach the pipeline sooner (and first, under MaxPages).
const (
	queueLeaf    = iota // on-topic links titled like a report, and attachments
	queueOnTopic        // other on-topic links: columns, pagers, navigation
	queueStray          // off-topic links (MaxStray hops at most)
)

// queued is how many items wait in the host's queues (retries not included).
func (h *hostState) queued() int {
	n := 0
	for q := range h.queue {
		n += h.queue[q].len()
	}
	return n
}

func (h *hostState) pending() int {
	return h.queued() + len(h.retry)
}

// queueOf is the queue an item waits in.
func queueOf(it *item) int {
	switch {
	case it.stray > 0:
		return queueStray
	case it.report || it.attachment:
		return queueLeaf
	default:
		return queueOnTopic
	}
}

// pop returns the next item that may go now: a due retry first (it is
// older), then the queues in order. nil if none is due.
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
