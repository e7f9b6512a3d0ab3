package testenv

import (
	"time"

	"github.com/govreports/govreports/crawler"
	"github.com/govreports/govreports/crawler/simulator"
)

// CrawlConfig is a polite crawler configuration squeezed in time for tests against the portal
// simulator:
// no fixed delay, robots.txt Crawl-delay capped at 1ms, Retry-After capped at 100ms, short
// timeouts, a 64 KiB body limit (the oversize page is over it), private networks allowed (the
// simulator is on 127.0.0.1). archive and state may be empty.
func CrawlConfig(p *simulator.Portal, archive, state string) crawler.Config {
	return crawler.Config{
		StartURLs:      []string{p.URL() + "/"},
		Delay:          crawler.NoDelay,
		MaxCrawlDelay:  time.Millisecond,
		MaxRetryAfter:  100 * time.Millisecond,
		Workers:        4,
		Parallelism:    4,
		MaxRetries:     2,
		BackoffInitial: 10 * time.Millisecond,
		BackoffMax:     50 * time.Millisecond,
		ConnectTimeout: time.Second,
		ReadTimeout:    300 * time.Millisecond,
		RequestTimeout: 10 * time.Second,
		BodyLimit:      160 << 10, // above the county portal's 125 KB PDF attachment, below the 200 KB oversize page
		ArchiveDir:     archive,
		StateDir:       state,
		// The simulator listens on 127.0.0.1, which the crawler refuses unless told.
		AllowPrivateNetworks: true,
	}
}
