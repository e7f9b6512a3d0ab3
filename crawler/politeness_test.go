package crawler

import (
	"net/http"
	"testing"
	"time"
)

func TestParseRetryAfter(t *testing.T) {
	now := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	cases := []struct {
		v    string
		want time.Duration
		ok   bool
	}{
		{"120", 2 * time.Minute, true},
		{"0", 0, true},
		{now.Add(30 * time.Second).Format(http.TimeFormat), 30 * time.Second, true},
		{now.Add(-time.Hour).Format(http.TimeFormat), 0, true},
		{"-5", 0, false},
		{"soon", 0, false},
		{"", 0, false},
	}
	for _, c := range cases {
		h := http.Header{}
		if c.v != "" {
			h.Set("Retry-After", c.v)
		}
		got, ok := parseRetryAfter(h, now)
		if got != c.want || ok != c.ok {
			t.Errorf("%q: %v %v, want %v %v", c.v, got, ok, c.want, c.ok)
		}
	}
}

func TestRetryDelay(t *testing.T) {
	cfg := Defaults()
	cfg.BackoffInitial, cfg.BackoffMax, cfg.MaxRetryAfter = 100*time.Millisecond, time.Second, 10*time.Second
	prev := time.Duration(0)
	for attempt := 1; attempt <= 3; attempt++ {
		d := retryDelay(&cfg, attempt, 0, false)
		// ±25% jitter around 100ms·2^(attempt-1)
		base := cfg.BackoffInitial << (attempt - 1)
		if d < base*3/4 || d > base*5/4 {
			t.Errorf("attempt %d: %v, want about %v", attempt, d, base)
		}
		if d <= prev*3/5 {
			t.Errorf("attempt %d: %v does not grow from %v", attempt, d, prev)
		}
		prev = d
	}
	if d := retryDelay(&cfg, 30, 0, false); d > cfg.BackoffMax*5/4 {
		t.Errorf("backoff not capped: %v", d)
	}
	if d := retryDelay(&cfg, 1, 3*time.Second, true); d != 3*time.Second {
		t.Errorf("Retry-After ignored: %v", d)
	}
	if d := retryDelay(&cfg, 1, time.Hour, true); d != cfg.MaxRetryAfter {
		t.Errorf("Retry-After not capped: %v", d)
	}
}

func TestRobots(t *testing.T) {
	body := []byte("User-agent: *\nDisallow: /private/\nCrawl-delay: 2.5\n\nUser-agent: govreports-crawler\nDisallow: /search\nCrawl-delay: 4\n")
	r := robotsFromResponse(200, body, DefaultUserAgent)
	cases := map[string]bool{"/": true, "/search?q=1": false, "/private/x.html": true, "/zwgk/index.html": true}
	for p, want := range cases {
		if got := r.allowed(p); got != want {
			t.Errorf("%s: allowed=%v, want %v (our own group wins over *)", p, got, want)
		}
	}
	cfg := Defaults()
	cfg.Delay, cfg.MaxCrawlDelay = time.Second, 30*time.Second
	if d := hostDelay(&cfg, r); d != 4*time.Second {
		t.Errorf("Crawl-delay: %v, want 4s", d)
	}
	cfg.MaxCrawlDelay = 3 * time.Second
	if d := hostDelay(&cfg, r); d != 3*time.Second {
		t.Errorf("Crawl-delay cap: %v, want 3s", d)
	}
	other := robotsFromResponse(200, body, "SomethingElse/1.0")
	if other.allowed("/private/a") || other.crawlDelay != 2500*time.Millisecond {
		t.Errorf("* group: allowed=%v delay=%v", other.allowed("/private/a"), other.crawlDelay)
	}
	if !robotsFromResponse(404, nil, DefaultUserAgent).allowed("/anything") {
		t.Error("404 robots.txt must allow all")
	}
	if robotsFromResponse(503, nil, DefaultUserAgent).allowed("/anything") {
		t.Error("503 robots.txt must disallow all")
	}
	if robotsFromResponse(0, nil, DefaultUserAgent).allowed("/anything") {
		t.Error("unreachable robots.txt must disallow all")
	}
}
