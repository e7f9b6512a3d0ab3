package crawler

import (
	"errors"
	"fmt"
	"io"
	"net/url"
	"regexp"
	"strings"
	"time"

	"github.com/gocolly/colly/v2/storage"

	"github.com/govreports/govreports/parser"
)

// DefaultUserAgent names the tool and where a webmaster can learn about it.
const DefaultUserAgent = "govreports-crawler/0.1 (+https://github.com/govreports/govreports; polite research crawler of 政府信息公开工作年度报告)"

// SiteInfo is what a crawl knows about the body whose portal it crawls.
type SiteInfo struct {
	Name       string `yaml:"name"`
	RegionCode string `yaml:"region_code"` // GB/T 2260
	RegionName string `yaml:"region_name"`
}

// Config drives one crawl of one site. The zero value of every field means
// "the default" (see Defaults): New fills them in on its own copy (withDefaults), and Validate
// checks a config as New would run it, changing nothing.
type Config struct {
	Site      SiteInfo
	StartURLs []string
	// AllowedHosts: "host", "host:port" (only that port), "*.suffix" or
	// "*.suffix:port". A pattern without a port means the default port, and
	// the port of a start URL on a host it matches. Default: the hosts of StartURLs.
	AllowedHosts []string
	// ColumnPatterns and ReportPatterns are regular expressions over the
	// absolute URL. A link matching either is followed as on-topic; a page
	// matching ReportPatterns is treated as a report candidate. Optional:
	// discovery works without them from link text, titles and content.
	ColumnPatterns []string
	ReportPatterns []string

	UserAgent string

	// Politeness, per host.
	Delay         time.Duration // minimum gap between request starts; default 1s
	Parallelism   int           // concurrent requests; default 1
	MaxCrawlDelay time.Duration // a robots.txt Crawl-delay is honoured up to this; default 30s
	MaxRetryAfter time.Duration // a Retry-After is honoured up to this; default 5m

	Workers int // requests of this site in flight at once (colly goroutines), over all its hosts; default 4

	// Retries of timeouts, network errors, 429, 5xx and bodies cut short.
	MaxRetries     int           // default 3; negative means none
	BackoffInitial time.Duration // default 1s
	BackoffMax     time.Duration // default 1m

	ConnectTimeout time.Duration // dial + TLS; default 15s
	ReadTimeout    time.Duration // longest silence while waiting for headers or body bytes; default 30s
	RequestTimeout time.Duration // whole request; default 3m

	BodyLimit       int64 // bytes on the wire; a longer body is kept as a truncated prefix; default 32 MiB
	DecompressLimit int64 // bytes after gunzip; default parser.MaxInputBytes (16 MiB): more could not be parsed

	MaxDepth         int // link hops from a start URL; default 12
	MaxStray         int // consecutive hops through off-topic links; default 2
	MaxPages         int // distinct URLs requested per crawl, each counted once (robots.txt and retries are not: requests can be more); default 200000
	MaxQueryVariants int // distinct query strings per path before it is a trap; default 200

	// AllowPrivateNetworks lets the crawler connect to loopback, private, link-local and
	// reserved addresses (dialguard.go); off, such a connection is refused after DNS
	// resolution (ErrPrivateAddress). For tests and crawls of an intranet the operator owns.
	AllowPrivateNetworks bool

	ArchiveDir         string // WARC output; "" disables archiving
	ArchiveCompress    *bool  // gzip WARC records; default true
	ArchiveMaxFileSize int64  // default 1 GiB
	StateDir           string // journal for resume/recrawl; "" keeps state in memory only

	// FetchLog, if set, receives every FetchRecord (from one goroutine, in
	// order). Progress, if a terminal, shows a progress bar.
	FetchLog func(FetchRecord)
	Progress io.Writer

	// Decode turns a body into UTF-8. Default: internal/charset.Decode.
	Decode DecodeFunc

	// Fleet, if set, is shared by the crawls of many sites running at once:
	// their requests on the wire count against one cap, and one progress
	// display covers them all (Progress is then not used). See fleet.go.
	Fleet *Fleet

	// Storage, if set, replaces the crawl-state storage of the visited set
	// and cookies (storage.go), e.g. one shared by several crawler nodes.
	// When a run starts, a Storage that can (a Clear method, as colly's
	// Redis storage has) is cleared and the visited set restored from the
	// journal, so it never holds a URL the journal does not.
	Storage storage.Storage

	// Journal, if set, is where the crawl journal lives instead of the file
	// under StateDir (state.go), e.g. a store several crawler nodes share
	// (internal/frontier). The crawl closes it.
	Journal JournalStore

	// Round, if set, names the round this crawl belongs to among several
	// crawler nodes (internal/frontier): it is journaled with the run, and a
	// site whose last run completed in the same round is not crawled again
	// (Run returns ErrRoundDone), whichever node completed it.
	Round string

	// Hosts, if set, is the lease of each host among several crawler nodes
	// (leases.go): the crawl sends to a host only while it holds the host's
	// lease. nil: every host is this process's.
	Hosts HostLeases
}

// Defaults returns the documented defaults, which withDefaults gives to zero fields. They are
// the only place these values are written: the command's configuration (internal/config) takes
// the User-Agent from here.
func Defaults() Config {
	t := true
	return Config{
		UserAgent:          DefaultUserAgent,
		Delay:              time.Second,
		Parallelism:        1,
		MaxCrawlDelay:      30 * time.Second,
		MaxRetryAfter:      5 * time.Minute,
		Workers:            4,
		MaxRetries:         3,
		BackoffInitial:     time.Second,
		BackoffMax:         time.Minute,
		ConnectTimeout:     15 * time.Second,
		ReadTimeout:        30 * time.Second,
		RequestTimeout:     3 * time.Minute,
		BodyLimit:          32 << 20,
		DecompressLimit:    parser.MaxInputBytes,
		MaxDepth:           12,
		MaxStray:           2,
		MaxPages:           200000,
		MaxQueryVariants:   200,
		ArchiveCompress:    &t,
		ArchiveMaxFileSize: 1 << 30,
	}
}

// NoDelay is the value to put in Config.Delay to really mean "no delay"
// (zero means the default). Only for tests and benchmarks against servers you own.
const NoDelay = time.Duration(-1)

// withDefaults returns a copy of c with every zero field set to its default, NoDelay and
// negative MaxRetries / MaxStray turned into a real zero, and AllowedHosts derived from the start
// URLs. c itself is not changed (its slices are copied before they are extended).
func (c Config) withDefaults() Config {
	d := Defaults()
	if c.UserAgent == "" {
		c.UserAgent = d.UserAgent
	}
	if c.Delay == 0 {
		c.Delay = d.Delay
	} else if c.Delay < 0 {
		c.Delay = 0
	}
	setInt(&c.Parallelism, d.Parallelism)
	setDur(&c.MaxCrawlDelay, d.MaxCrawlDelay)
	setDur(&c.MaxRetryAfter, d.MaxRetryAfter)
	setInt(&c.Workers, d.Workers)
	if c.MaxRetries == 0 {
		c.MaxRetries = d.MaxRetries
	} else if c.MaxRetries < 0 {
		c.MaxRetries = 0
	}
	setDur(&c.BackoffInitial, d.BackoffInitial)
	setDur(&c.BackoffMax, d.BackoffMax)
	setDur(&c.ConnectTimeout, d.ConnectTimeout)
	setDur(&c.ReadTimeout, d.ReadTimeout)
	setDur(&c.RequestTimeout, d.RequestTimeout)
	if c.BodyLimit == 0 {
		c.BodyLimit = d.BodyLimit
	}
	if c.DecompressLimit == 0 {
		c.DecompressLimit = d.DecompressLimit
	}
	setInt(&c.MaxDepth, d.MaxDepth)
	if c.MaxStray == 0 {
		c.MaxStray = d.MaxStray
	} else if c.MaxStray < 0 {
		c.MaxStray = 0
	}
	setInt(&c.MaxPages, d.MaxPages)
	setInt(&c.MaxQueryVariants, d.MaxQueryVariants)
	if c.ArchiveCompress == nil {
		c.ArchiveCompress = d.ArchiveCompress
	}
	if c.ArchiveMaxFileSize == 0 {
		c.ArchiveMaxFileSize = d.ArchiveMaxFileSize
	}
	if c.Decode == nil {
		c.Decode = defaultDecode
	}
	if len(c.AllowedHosts) == 0 {
		var hosts []string
		for _, s := range c.StartURLs {
			if u, err := url.Parse(s); err == nil && u.Host != "" {
				hosts = append(hosts, strings.ToLower(u.Host))
			}
		}
		c.AllowedHosts = hosts
	} else {
		c.AllowedHosts = allowedWithStartPorts(append([]string(nil), c.AllowedHosts...), c.StartURLs)
	}
	return c
}

// Validate checks the config; it changes nothing (zero fields mean their defaults, which are
// valid). Errors wrap ErrInvalidConfig.
func (c Config) Validate() error {
	var errs []error
	if len(c.StartURLs) == 0 {
		errs = append(errs, errors.New("no start URLs"))
	}
	for _, s := range c.StartURLs {
		u, err := url.Parse(s)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			errs = append(errs, fmt.Errorf("start URL %q: want an absolute http(s) URL", s))
		}
	}
	for _, p := range append(append([]string(nil), c.ColumnPatterns...), c.ReportPatterns...) {
		if _, err := regexp.Compile(p); err != nil {
			errs = append(errs, fmt.Errorf("pattern %q: %v", p, err))
		}
	}
	for _, h := range c.AllowedHosts {
		if strings.TrimSpace(h) == "" || strings.ContainsAny(h, "/ ") {
			errs = append(errs, fmt.Errorf("allowed host %q: want host, host:port or *.suffix", h))
		}
	}
	if c.BodyLimit < 0 || c.DecompressLimit < 0 {
		errs = append(errs, errors.New("body and decompression limits must be positive"))
	}
	if c.Workers > 256 || c.Parallelism > 64 {
		errs = append(errs, errors.New("workers ≤ 256 and parallelism ≤ 64, to stay polite"))
	}
	if len(errs) > 0 {
		return fmt.Errorf("%w: %w", ErrInvalidConfig, errors.Join(errs...))
	}
	return nil
}

func setInt(p *int, def int) {
	if *p <= 0 {
		*p = def
	}
}

func setDur(p *time.Duration, def time.Duration) {
	if *p <= 0 {
		*p = def
	}
}
