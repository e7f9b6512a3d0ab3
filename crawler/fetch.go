package crawler

import (
	"net/http"
	"net/url"
	"strconv"
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
}

// newCollector builds the colly collector. Each setting is deliberate:
//   - IgnoreRobotsTxt stays true: robots.txt is applied by the dispatcher
//     (robots.go) so that its fetch is paced, archived and its Crawl-delay used;
//   - AllowURLRevisit: the crawler's own visited set decides (it is compact and
//     persistent); colly's in-memory one would only grow;
//   - MaxBodySize 0: colly truncates silently; the transport enforces the
//     limit and marks the page truncated instead;
//   - ParseHTTPErrorResponse: every status reaches us, 304 and 429 included;
//   - DetectCharset off: the transport has already decoded the page with
//     internal/charset;
//   - redirects are not followed by net/http: each hop goes back through the
//     dispatcher (allowed hosts, robots, traps, visited set, politeness).
func newCollector(cfg *Config, tr http.RoundTripper) *colly.Collector {
	c := colly.NewCollector()
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

// fetch runs one request through colly and collects what the transport and
// the HTML callback learned.
func (c *Crawler) fetch(j *job) *result {
	ex := &exchange{}
	if j.robots {
		// The transport applies the rules' Crawl-delay to the host's LimitRule
		// while colly still holds its slot (transport.go).
		ex.robotsRule = j.host.rule
	}
	id := strconv.FormatUint(c.seq.Add(1), 36)
	c.tr.register(id, ex)
	defer c.tr.unregister(id)

	hdr := http.Header{}
	hdr.Set("User-Agent", c.cfg.UserAgent)
	hdr.Set(fetchIDHeader, id)
	hdr.Set("Accept", "text/html,application/xhtml+xml,application/pdf;q=0.9,*/*;q=0.8")
	hdr.Set("Accept-Language", "zh-CN,zh;q=0.9,en;q=0.5")
	if j.it.ref != "" {
		hdr.Set("Referer", j.it.ref)
	}
	if p := j.prev; p != nil {
		if p.etag != "" {
			hdr.Set("If-None-Match", p.etag)
		}
		if p.lastMod != "" {
			hdr.Set("If-Modified-Since", p.lastMod)
		}
	}
	h := &holder{focused: j.it.stray == 0}
	h.pageURL, _ = url.Parse(j.it.url)
	cctx := colly.NewContext()
	cctx.Put(ctxKey, h)
	err := c.col.Request(http.MethodGet, j.it.url, nil, cctx, hdr)
	return &result{job: j, ex: ex, an: h.an, err: err, finished: time.Now()}
}

// onHTML is colly's HTML callback: the page is already UTF-8 (see transport).
func (c *Crawler) onHTML(e *colly.HTMLElement) {
	h, ok := e.Request.Ctx.GetAny(ctxKey).(*holder)
	if !ok || h.pageURL == nil || e.Response.StatusCode/100 != 2 {
		return
	}
	h.an = analyzePage(e.DOM, h.pageURL, h.focused, c.pats)
}
