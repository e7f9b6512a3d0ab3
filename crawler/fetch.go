package crawler

import (
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/gocolly/colly/v2"
)

// job is one request handed to a worker.
type job struct {
	it     *item
	host   *hostState
	robots bool
	prev   *prevInfo // validators from an earlier crawl, for a conditional request
}

// result is what a worker hands back to the dispatcher.
type result struct {
	job      *job
	ex       *exchange
	an       *pageAnalysis // HTML 2xx pages only
	err      error         // from colly
	finished time.Time
}

const ctxKey = "govreports"

// holder carries per-request data through colly's callbacks.
type holder struct {
	pageURL *url.URL
	focused bool
	an      *pageAnalysis

	job     *job
	ex      *exchange
	id      string // the transport's key of ex
	results chan<- *result
	once    sync.Once
}

// newCollector builds the colly collector. Each setting is deliberate:
//   - IgnoreRobotsTxt stays true: robots.txt is applied by the dispatcher
//     (robots.go) so that its fetch is paced, archived and its Crawl-delay used;
//   - AllowURLRevisit: colly's own revisit check is off because redirects and
//     retries ask again for URLs already seen; the frontier asks the
//     collector's storage (storage.go: the visited set and cookies, backed by
//     the crawl state) when a link is first found;
//   - MaxBodySize 0: colly truncates silently; the transport enforces the
//     limit and marks the page truncated instead;
//   - ParseHTTPErrorResponse: every status reaches us, 304 and 429 included;
//   - DetectCharset off: the transport has already decoded the page with
//     internal/charset;
//   - redirects are not followed by net/http: each hop goes back through the
//     dispatcher (allowed hosts, robots, traps, visited set, politeness).
func newCollector(cfg *Config, tr http.RoundTripper) *colly.Collector {
	c := colly.NewCollector()
	c.Async = true
	c.UserAgent = cfg.UserAgent
	c.IgnoreRobotsTxt = true
	c.AllowURLRevisit = true
	c.MaxBodySize = 0
	c.ParseHTTPErrorResponse = true
	c.DetectCharset = false
	c.WithTransport(tr)
	c.SetRedirectHandler(func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse })
	c.SetRequestTimeout(cfg.RequestTimeout + cfg.ReadTimeout)
	return c
}

// start hands one request to the async collector, which fetches it on a
// goroutine of its own: the host's LimitRule paces it, the transport
// records it, OnHTML analyses the page, and the terminal callback (OnScraped,
// or OnError when no response came) sends the result to results. A request
// colly refuses at once is answered at once. results never blocks: the
// dispatcher keeps at most cap(results) requests in flight.
func (c *Crawler) start(j *job, results chan<- *result) {
	ex := &exchange{}
	if j.robots {
		// The transport applies the rules' Crawl-delay to the host's LimitRule
		// while colly still holds its slot (transport.go).
		ex.robotsRule = j.host.rule
	}
	id := strconv.FormatUint(c.seq.Add(1), 36)
	c.tr.register(id, ex)

	hdr := http.Header{}
	hdr.Set("User-Agent", c.cfg.UserAgent)
	hdr.Set(fetchIDHeader, id)
	hdr.Set("Accept", "text/html,application/xhtml+xml,application/pdf;q=0.9,*/*;q=0.8")
	hdr.Set("Accept-Language", "zh-CN,zh;q=0.9,en;q=0.5")
	if j.it.ref != "" {
		hdr.Set("Referer", j.it.ref)
	}
	method := http.MethodGet
	var body io.Reader
	if j.it.post != "" {
		// A data proxy batch, sent as jpage.js sends it (hanweb.go). No
		// validators: If-None-Match on a POST means 412, not 304, and Hanweb's
		// proxy sends none anyway; a recrawl asks again.
		method, body = http.MethodPost, strings.NewReader(j.it.post)
		hdr.Set("Content-Type", "application/x-www-form-urlencoded; charset=UTF-8")
		hdr.Set("X-Requested-With", "XMLHttpRequest")
		hdr.Set("Accept", "text/xml,application/xml,text/html;q=0.9,*/*;q=0.8")
	} else if p := j.prev; p != nil {
		if p.etag != "" {
			hdr.Set("If-None-Match", p.etag)
		}
		if p.lastMod != "" {
			hdr.Set("If-Modified-Since", p.lastMod)
		}
	}
	h := &holder{focused: j.it.stray == 0, job: j, ex: ex, id: id, results: results}
	h.pageURL, _ = url.Parse(j.it.url)
	cctx := colly.NewContext()
	cctx.Put(ctxKey, h)
	if err := c.col.Request(method, j.it.url, body, cctx, hdr); err != nil {
		c.finish(h, err)
	}
}

// finish sends a request's result, once.
func (c *Crawler) finish(h *holder, err error) {
	h.once.Do(func() {
		c.tr.unregister(h.id)
		h.results <- &result{job: h.job, ex: h.ex, an: h.an, err: err, finished: time.Now()}
	})
}

func holderOf(ctx *colly.Context) *holder {
	if ctx == nil {
		return nil
	}
	h, _ := ctx.GetAny(ctxKey).(*holder)
	return h
}

// onResponse is colly's response callback: the exchange goes into the
// archive, whatever its status.
func (c *Crawler) onResponse(r *colly.Response) {
	if h := holderOf(r.Ctx); h != nil {
		c.archive(h.ex)
		switch {
		case h.job.it.post != "":
			c.analyzeBatch(h)
		case h.job.it.tree:
			c.analyzeTree(h)
		}
	}
}

// onScraped is colly's last callback for a response: the result goes back.
func (c *Crawler) onScraped(r *colly.Response) {
	if h := holderOf(r.Ctx); h != nil {
		c.finish(h, nil)
	}
}

// onError is colly's callback for a request that got no response (the
// transport failed it: network, timeout, a cancelled crawl). colly also calls
// it for a page goquery cannot parse, with the response; OnScraped follows
// then, and that one finishes the request.
func (c *Crawler) onError(r *colly.Response, err error) {
	if r == nil || r.StatusCode != 0 {
		return
	}
	if h := holderOf(r.Ctx); h != nil {
		c.archive(h.ex) // the request, and what came of the response if it broke off
		c.finish(h, err)
	}
}

// onHTML is colly's HTML callback: the page is already UTF-8 (see transport).
func (c *Crawler) onHTML(e *colly.HTMLElement) {
	h, ok := e.Request.Ctx.GetAny(ctxKey).(*holder)
	if !ok || h.pageURL == nil || e.Response.StatusCode/100 != 2 || h.job.it.post != "" || h.job.it.tree {
		return
	}
	h.an = analyzePage(e.DOM, h.pageURL, h.focused, c.pats)
}
