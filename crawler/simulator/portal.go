// Package simulator is a made-up government portal for crawler tests: an
// httptest server on 127.0.0.1 that behaves like the TRS and Hanweb CMS
// portals the crawler meets (paths, paginated columns, GBK pages, robots.txt,
// traps, flaky answers, conditional requests), plus an off-site host that
// must never be contacted. NewCounty starts a second, differently styled
// portal (site2.go). Nothing here touches the network beyond loopback.
package simulator

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/http"
	"net/http/httptest"
	"sort"
	"sync"
	"time"
)

// Options tune the portal's timing so tests stay fast.
type Options struct {
	// RetryAfter is the Retry-After header value of the 429 answer (default "1").
	RetryAfter string
	// SlowGap is the pause between the chunks of the slow page (default 20ms).
	SlowGap time.Duration
	// Stall is how long the stalled page hangs mid-body (default 5s; it is
	// meant to exceed the crawler's read timeout).
	Stall time.Duration
	// OversizeBytes is the size of the page that exceeds the body limit
	// (default 200 KiB).
	OversizeBytes int
	// Big adds a synthetic column of this many report pages under /big/
	// (for benchmarks); 0 adds none.
	Big int
	// CrawlDelay is the Crawl-delay of robots.txt, in seconds (default "2").
	CrawlDelay string
	// BigAgency prefixes the agencies of the /big/ reports (default
	// "示例单位"), so the portals of a made province publish distinct reports
	// (report ids are content ids: equal reports would collapse into one).
	BigAgency string
	// BigComplete makes the /big/ reports complete (ReportSpec.Complete).
	BigComplete bool
	// BigOnly serves only robots.txt and the /big/ column (404 elsewhere),
	// so a benchmark measures throughput, not the deliberately slow pages.
	BigOnly bool
	// NoRequestLog keeps no record of requests at all (no Request list, no
	// per-URL counts), so a memory benchmark in the same process measures
	// the crawler alone. The once-behaviours (503/429 then 200) then fire on
	// every request: use it with BigOnly.
	NoRequestLog bool
	// LastModified is the Last-Modified of every page (default 2023-01-18).
	LastModified time.Time
	// Latency holds every request of the portal (not of its off-site host) this long before it
	// is answered, so a crawl of a few pages takes a measurable time and two requests sent at
	// once really overlap (Politeness sees them).
	Latency time.Duration
}

// Request is one request the portal received.
type Request struct {
	Host            string // "portal" or "offsite"
	Path            string // request URI (path and query)
	Status          int
	Time            time.Time
	UserAgent       string
	IfNoneMatch     string
	IfModifiedSince string
	Bytes           int
	Method          string // GET unless a data proxy was POSTed to
	Body            string // a POST's form body
}

// Portal is the running simulator.
type Portal struct {
	Server  *httptest.Server
	Offsite *httptest.Server

	opts   Options
	flight *inflight // politeness as served (inflight.go)
	mu     sync.Mutex
	reqs   []Request
	count  map[string]int
	pages  map[string]page
	// dynamic are handlers by path (query aside): the Hanweb data proxy
	// (hanweb.go), which answers POSTs by their form.
	dynamic map[string]http.HandlerFunc
}

type page struct {
	body        []byte
	contentType string
	behaviour   string // "", "503once", "429once", "slow", "stall", "truncate"
	redirect    string
	header      http.Header // extra response headers (Content-Disposition, …)
}

// New starts the portal and the off-site host.
func New(opts Options) *Portal { return start(opts, (*Portal).build) }

// start runs build (which fills p.pages) and starts the servers.
func start(opts Options, build func(*Portal)) *Portal {
	if opts.RetryAfter == "" {
		opts.RetryAfter = "1"
	}
	if opts.SlowGap == 0 {
		opts.SlowGap = 20 * time.Millisecond
	}
	if opts.Stall == 0 {
		opts.Stall = 5 * time.Second
	}
	if opts.OversizeBytes == 0 {
		opts.OversizeBytes = 200 << 10
	}
	if opts.CrawlDelay == "" {
		opts.CrawlDelay = "2"
	}
	if opts.BigAgency == "" {
		opts.BigAgency = "示例单位"
	}
	if opts.LastModified.IsZero() {
		opts.LastModified = time.Date(2023, 1, 18, 8, 0, 0, 0, time.UTC)
	}
	p := &Portal{opts: opts, flight: newInflight(), count: map[string]int{}, pages: map[string]page{}, dynamic: map[string]http.HandlerFunc{}}
	p.Offsite = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p.log("offsite", r, http.StatusOK, 0)
		w.Write([]byte("<html><title>镜像</title><body>mirror</body></html>"))
	}))
	build(p) // before the portal starts: the handler reads p.pages unlocked
	p.Server = httptest.NewServer(p.counted(p.serve))
	return p
}

// URL is the portal's base URL, e.g. http://127.0.0.1:34567.
func (p *Portal) URL() string { return p.Server.URL }

// Close stops both servers.
func (p *Portal) Close() {
	p.Server.CloseClientConnections()
	p.Server.Close()
	p.Offsite.Close()
}

// Requests returns a copy of every request received so far.
func (p *Portal) Requests() []Request {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]Request(nil), p.reqs...)
}

// Count is how many requests the portal received for a request URI.
func (p *Portal) Count(uri string) int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.count["portal "+uri]
}

// ResetLog forgets the requests received (the per-URL behaviours that fire
// once, such as 503-then-200, are not reset).
func (p *Portal) ResetLog() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.reqs = nil
}

func (p *Portal) log(host string, r *http.Request, status, n int) int {
	return p.logBody(host, r, "", status, n)
}

func (p *Portal) logBody(host string, r *http.Request, body string, status, n int) int {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.opts.NoRequestLog {
		return 0
	}
	key := host + " " + r.URL.RequestURI()
	p.count[key]++
	p.reqs = append(p.reqs, Request{Host: host, Path: r.URL.RequestURI(), Status: status, Time: time.Now(),
		UserAgent: r.Header.Get("User-Agent"), IfNoneMatch: r.Header.Get("If-None-Match"),
		IfModifiedSince: r.Header.Get("If-Modified-Since"), Bytes: n, Method: r.Method, Body: body})
	return p.count[key]
}

func etag(b []byte) string {
	s := sha256.Sum256(b)
	return `"` + hex.EncodeToString(s[:8]) + `"`
}

func (p *Portal) serve(w http.ResponseWriter, r *http.Request) {
	if h, ok := p.dynamic[r.URL.Path]; ok && !p.opts.BigOnly {
		h(w, r)
		return
	}
	uri := r.URL.RequestURI()
	pg, ok := p.pages[uri]
	if p.opts.BigOnly && uri != "/robots.txt" {
		ok = false
	}
	if !ok {
		pg, ok = p.bigPage(uri)
	}
	if !ok {
		p.log("portal", r, http.StatusNotFound, 0)
		http.NotFound(w, r)
		return
	}
	if pg.redirect != "" {
		p.log("portal", r, http.StatusFound, 0)
		http.Redirect(w, r, pg.redirect, http.StatusFound)
		return
	}
	// The once-behaviours count requests before logging this one.
	p.mu.Lock()
	seen := p.count["portal "+uri]
	p.mu.Unlock()
	switch {
	case pg.behaviour == "503once" && seen == 0:
		p.log("portal", r, http.StatusServiceUnavailable, 0)
		http.Error(w, "Service Unavailable", http.StatusServiceUnavailable)
		return
	case pg.behaviour == "429once" && seen == 0:
		p.log("portal", r, http.StatusTooManyRequests, 0)
		w.Header().Set("Retry-After", p.opts.RetryAfter)
		http.Error(w, "Too Many Requests", http.StatusTooManyRequests)
		return
	}
	tag := etag(pg.body)
	lm := p.opts.LastModified.Format(http.TimeFormat)
	cacheable := pg.behaviour == "" || pg.behaviour == "503once" || pg.behaviour == "429once" || pg.behaviour == "slow"
	if cacheable {
		inm, ims := r.Header.Get("If-None-Match"), r.Header.Get("If-Modified-Since")
		if (inm != "" && inm == tag) || (inm == "" && ims == lm) {
			p.log("portal", r, http.StatusNotModified, 0)
			w.Header().Set("ETag", tag)
			w.WriteHeader(http.StatusNotModified)
			return
		}
		w.Header().Set("ETag", tag)
		w.Header().Set("Last-Modified", lm)
	}
	if pg.contentType != "" {
		w.Header().Set("Content-Type", pg.contentType)
	}
	for k, v := range pg.header {
		w.Header()[k] = v
	}
	switch pg.behaviour {
	case "slow":
		// Arrives in five pieces, each well within a read timeout.
		p.log("portal", r, http.StatusOK, len(pg.body))
		w.Header().Set("Content-Length", fmt.Sprint(len(pg.body)))
		step := len(pg.body)/5 + 1
		for i := 0; i < len(pg.body); i += step {
			w.Write(pg.body[i:min(i+step, len(pg.body))])
			w.(http.Flusher).Flush()
			time.Sleep(p.opts.SlowGap)
		}
	case "stall":
		// Half the body, then silence longer than any sane read timeout.
		p.log("portal", r, http.StatusOK, len(pg.body)/2)
		w.Header().Set("Content-Length", fmt.Sprint(len(pg.body)))
		w.Write(pg.body[:len(pg.body)/2])
		w.(http.Flusher).Flush()
		select {
		case <-time.After(p.opts.Stall):
		case <-r.Context().Done():
		}
	case "truncate":
		// Declares the full length, sends 40% and drops the connection.
		p.log("portal", r, http.StatusOK, len(pg.body)*2/5)
		hj, ok := w.(http.Hijacker)
		if !ok {
			http.Error(w, "no hijack", 500)
			return
		}
		conn, buf, err := hj.Hijack()
		if err != nil {
			return
		}
		defer conn.Close()
		fmt.Fprintf(buf, "HTTP/1.1 200 OK\r\nContent-Type: %s\r\nContent-Length: %d\r\n\r\n", pg.contentType, len(pg.body))
		buf.Write(pg.body[:len(pg.body)*2/5])
		buf.Flush()
	default:
		p.log("portal", r, http.StatusOK, len(pg.body))
		w.Write(pg.body)
	}
}

// Paths lists every path the portal serves, sorted (for documentation and tests).
func (p *Portal) Paths() []string {
	out := make([]string, 0, len(p.pages))
	for k := range p.pages {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
