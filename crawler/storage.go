package crawler

import (
	"net/url"
	"sync"

	"github.com/gocolly/colly/v2/storage"
)

// memStorage is the crawl's default colly storage.Storage: the visited set
// and the cookies of one site, in memory, made durable by the journal (so a
// crawl killed with -9 resumes with both). Config.Storage can stand in its
// place: internal/frontier's Redis storage, for crawler nodes that share one
// visited set.
//
// The visited set is the journal's "q" lines (every URL queued in the run is
// visited; a resumed run puts them back, restoreVisited), so Visited writes
// nothing of its own. Cookies go to the journal through cookieJournal.
//
// Request IDs are the crawler's urlKey: 64 bits of FNV-1a over the canonical
// URL (colly's requestHash of a GET is the same hash over its own
// normalisation; the crawler canonicalises first, so it keys by its own).
type memStorage struct {
	mu      sync.Mutex
	visited map[uint64]struct{}
	cookies map[string]string // host → colly's cookie string
}

var _ storage.Storage = (*memStorage)(nil)

func newMemStorage() *memStorage {
	return &memStorage{visited: map[uint64]struct{}{}, cookies: map[string]string{}}
}

// Init is colly's; the maps exist already.
func (s *memStorage) Init() error { return nil }

// Visited records a request ID.
func (s *memStorage) Visited(id uint64) error {
	s.mu.Lock()
	s.visited[id] = struct{}{}
	s.mu.Unlock()
	return nil
}

// IsVisited reports whether a request ID was recorded.
func (s *memStorage) IsVisited(id uint64) (bool, error) {
	s.mu.Lock()
	_, ok := s.visited[id]
	s.mu.Unlock()
	return ok, nil
}

// Cookies returns the cookies colly keeps for u's host.
func (s *memStorage) Cookies(u *url.URL) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.cookies[u.Host]
}

// SetCookies keeps the cookies of u's host.
func (s *memStorage) SetCookies(u *url.URL, cookies string) {
	s.mu.Lock()
	s.cookies[u.Host] = cookies
	s.mu.Unlock()
}

// cookieJournal is the storage colly is given: the crawl's storage, with the
// hosts whose cookies changed noted so the dispatcher journals them ("ck"
// lines) at its next flush (drainCookies), whatever the storage is. Cookies
// change on the workers' goroutines while the journal belongs to the
// dispatcher, hence the note instead of a write.
type cookieJournal struct {
	storage.Storage
	mu      sync.Mutex
	changed map[string]string // host → cookies not journaled yet
}

func newCookieJournal(s storage.Storage) *cookieJournal {
	return &cookieJournal{Storage: s, changed: map[string]string{}}
}

// SetCookies stores the cookies and notes the change.
func (c *cookieJournal) SetCookies(u *url.URL, cookies string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.Storage.Cookies(u) == cookies {
		return
	}
	c.Storage.SetCookies(u, cookies)
	c.changed[u.Host] = cookies
}

// restore puts back what the journal kept (on resume), without noting it.
func (c *cookieJournal) restore(host, cookies string) {
	c.Storage.SetCookies(&url.URL{Host: host}, cookies)
}

// drainCookies returns the cookie changes not yet journaled, host → cookies.
func (c *cookieJournal) drainCookies() map[string]string {
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.changed) == 0 {
		return nil
	}
	out := c.changed
	c.changed = map[string]string{}
	return out
}

// visit marks id visited and reports whether it was already: one call to a
// storage that can test and set at once (a shared one: one round trip, and no
// window in which another caller sees the URL unvisited), colly's
// IsVisited-then-Visited otherwise.
func (c *Crawler) visit(id uint64) (seen bool, err error) {
	if v, ok := c.store.(interface {
		VisitOnce(uint64) (bool, error)
	}); ok {
		return v.VisitOnce(id)
	}
	if seen, err = c.store.IsVisited(id); err != nil || seen {
		return seen, err
	}
	return false, c.store.Visited(id)
}
