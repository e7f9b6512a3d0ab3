package crawler

import (
	"net/url"
	"regexp"

	"github.com/gocolly/colly/v2"
)

// newHost registers a host with the collector: one colly LimitRule of its
// own, matched by the exact host (and port). One rule per host, not a glob
// over all: a rule's delay and parallelism are shared by every host it
// matches (one waitChan per rule in colly's http_backend.go), so a glob rule
// would pace a whole province as one host. The rule starts with the
// configured delay; robots.txt's Crawl-delay replaces it when longer
// (transport.go).
func (c *Crawler) newHost(u *url.URL) *hostState {
	h := &hostState{host: u.Host, scheme: u.Scheme, delay: c.cfg.Delay, parallelism: c.cfg.Parallelism}
	h.rule = &colly.LimitRule{DomainRegexp: "(?i)^" + regexp.QuoteMeta(u.Host) + "$", Delay: c.cfg.Delay, Parallelism: c.cfg.Parallelism}
	if err := c.col.Limit(h.rule); err != nil {
		// Cannot happen: the pattern is a quoted literal.
		c.log.Error("colly limit rule", "host", u.Host, "err", err)
	}
	return h
}
