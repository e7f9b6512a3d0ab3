package crawler

import (
	"strings"
	"time"

	"github.com/temoto/robotstxt"
)

// robotsRules is what the crawler keeps of one host's robots.txt. colly can
// check robots.txt itself (IgnoreRobotsTxt=false) but then it fetches the file
// outside our scheduler and ignores Crawl-delay, so the crawler fetches and
// applies it here: through the same politeness queue and WARC archive as
// every other request.
type robotsRules struct {
	group       *robotstxt.Group // nil: everything allowed
	disallowAll bool
	crawlDelay  time.Duration
	note        string // why, for logs: "200", "404 → allow all", "503 → disallow all"
}

// robotsFromResponse applies the usual robots.txt status rules (RFC 9309):
// 2xx → parse; 4xx → no restrictions; 5xx or no answer → the site is
// treated as fully disallowed for this run (it may be down or overloaded,
// and crawling it anyway is what robots.txt exists to prevent).
func robotsFromResponse(status int, body []byte, userAgent string) *robotsRules {
	switch {
	case status >= 200 && status < 300:
		data, err := robotstxt.FromBytes(body)
		if err != nil {
			return &robotsRules{note: "unparsable → allow all"}
		}
		g := data.FindGroup(robotsAgent(userAgent))
		r := &robotsRules{group: g, note: "ok"}
		if g != nil {
			r.crawlDelay = g.CrawlDelay
		}
		return r
	case status >= 400 && status < 500:
		return &robotsRules{note: "4xx → allow all"}
	default:
		return &robotsRules{disallowAll: true, note: "unavailable → disallow all"}
	}
}

// robotsAgent is the product token robots.txt groups are matched against:
// the first word of the User-Agent without its version ("govreports-crawler").
func robotsAgent(ua string) string {
	tok, _, _ := strings.Cut(ua, " ")
	tok, _, _ = strings.Cut(tok, "/")
	return tok
}

// allowed reports whether path (with query) may be fetched.
func (r *robotsRules) allowed(pathQuery string) bool {
	if r == nil {
		return true
	}
	if r.disallowAll {
		return pathQuery == "/robots.txt"
	}
	if r.group == nil {
		return true
	}
	return r.group.Test(pathQuery)
}
