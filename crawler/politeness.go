package crawler

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/cenkalti/backoff/v5"
)

// hostDelay is the gap between two request starts on one host: the
// configured delay or the robots.txt Crawl-delay, whichever is longer, the
// latter capped by MaxCrawlDelay so one odd robots.txt cannot stall a crawl
// for hours.
func hostDelay(cfg *Config, r *robotsRules) time.Duration {
	d := cfg.Delay
	if r != nil && r.crawlDelay > 0 {
		cd := r.crawlDelay
		if cd > cfg.MaxCrawlDelay {
			cd = cfg.MaxCrawlDelay
		}
		if cd > d {
			d = cd
		}
	}
	return d
}

// parseRetryAfter reads a Retry-After header: delta-seconds or an HTTP date.
// ok is false when the header is absent or unparsable.
func parseRetryAfter(h http.Header, now time.Time) (time.Duration, bool) {
	v := strings.TrimSpace(h.Get("Retry-After"))
	if v == "" {
		return 0, false
	}
	if n, err := strconv.Atoi(v); err == nil {
		if n < 0 {
			return 0, false
		}
		return time.Duration(n) * time.Second, true
	}
	if t, err := http.ParseTime(v); err == nil {
		d := t.Sub(now)
		if d < 0 {
			d = 0
		}
		return d, true
	}
	return 0, false
}

// retryDelay is how long to wait before attempt number attempt+1 of a URL
// (attempt counts failures so far, from 1): exponential backoff from
// cenkalti/backoff with jitter, unless the server said Retry-After, which
// wins (capped by MaxRetryAfter).
func retryDelay(cfg *Config, attempt int, retryAfter time.Duration, haveRetryAfter bool) time.Duration {
	if haveRetryAfter {
		if retryAfter > cfg.MaxRetryAfter {
			return cfg.MaxRetryAfter
		}
		return retryAfter
	}
	b := backoff.NewExponentialBackOff()
	b.InitialInterval = cfg.BackoffInitial
	b.MaxInterval = cfg.BackoffMax
	b.Multiplier = 2
	b.RandomizationFactor = 0.25
	b.Reset()
	var d time.Duration
	for i := 0; i < attempt && i < 64; i++ {
		d = b.NextBackOff()
	}
	if d <= 0 || d == backoff.Stop {
		d = cfg.BackoffMax
	}
	return d
}

// retryableStatus: statuses that a polite retry may fix.
func retryableStatus(code int) bool {
	switch code {
	case http.StatusTooManyRequests, http.StatusInternalServerError, http.StatusBadGateway,
		http.StatusServiceUnavailable, http.StatusGatewayTimeout, 520, 522, 524:
		return true
	}
	return false
}
