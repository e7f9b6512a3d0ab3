package crawler

import (
	"net/url"
	"sync"

	"github.com/gocolly/colly/v2/storage"
)

// stateStorage is the crawl's colly storage.Storage: the visited set and the
// cookies of one site, backed by the crawl state on disk, so a crawl killed
// with -9 resumes with both. It is set on the collector (SetStorage), which
// keeps its cookie jar in it; the frontier asks it whether a URL was seen.
// Another storage.Storage (Config.Storage: colly's Redis storage, say) can
// stand in its place for crawler nodes that share one visited set.
//
// On disk: the visited set is the journal's "q" lines (every URL queued in
// the run is visited; readJournal restores them on resume), so Visited
// writes nothing of its own. Cookies change on the workers' goroutines while
// the journal belongs to the dispatcher, so SetCookies keeps the change and
// the dispatcher journals it ("ck" lines) at its next flush (drainCookies);
// on resume they are read back.
//
// Request IDs are the crawler's urlKey: 64 bits of FNV-1a over the canonical
// URL (colly's requestHash of a GET is the same hash over its own
// normalisation; the crawler canonicalises first, so it keys by its own).
type stateStorage struct {
	mu      sync.Mutex
	visited map[uint64]struct{}
	cookies map[string]string // host → colly's cookie string
	changed map[string]bool   // hosts whose cookies are not journaled yet
}

var _ storage.Storage = (*stateStorage)(nil)

func newStateStorage() *stateStorage {
	return &stateStorage{visited: map[uint64]struct{}{}, cookies: map[string]string{}, changed: map[string]bool{}}
}

// Init is colly's; the maps exist already.
func (s *stateStorage) Init() error { return nil }

// Visited records a request ID.
func (s *stateStorage) Visited(id uint64) error {
	s.mu.Lock()
	s.visited[id] = struct{}{}
	s.mu.Unlock()
	return nil
}

// IsVisited reports whether a request ID was recorded.
func (s *stateStorage) IsVisited(id uint64) (bool, error) {
	s.mu.Lock()
	_, ok := s.visited[id]
	s.mu.Unlock()
	return ok, nil
}

// Cookies returns the cookies colly keeps for u's host.
func (s *stateStorage) Cookies(u *url.URL) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.cookies[u.Host]
}

// SetCookies keeps the cookies of u's host, to be journaled.
func (s *stateStorage) SetCookies(u *url.URL, cookies string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.cookies[u.Host] == cookies {
		return
	}
	s.cookies[u.Host] = cookies
	s.changed[u.Host] = true
}

// restoreCookies puts back what the journal kept (on resume).
func (s *stateStorage) restoreCookies(host, cookies string) {
	s.mu.Lock()
	s.cookies[host] = cookies
	s.mu.Unlock()
}

// drainCookies returns the cookie changes not yet journaled, host → cookies.
func (s *stateStorage) drainCookies() map[string]string {
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.changed) == 0 {
		return nil
	}
	out := make(map[string]string, len(s.changed))
	for h := range s.changed {
		out[h] = s.cookies[h]
	}
	clear(s.changed)
	return out
}
