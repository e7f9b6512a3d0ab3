package crawler

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/robfig/cron/v3"
	"gopkg.in/yaml.v3"

	"github.com/govreports/govreports/internal/sitename"
)

// Sites is the sites.yaml file:
//
//	defaults:                 # optional; politeness for every site
//	  delay: 2s
//	sites:
//	  - name: 张家港市人民政府
//	    region: {code: "320582", name: 江苏省张家港市}   # the portal's region: evidence for each
//	                                              # report's (package regions), not an override
//	    start_urls: [https://www.zjg.gov.cn/]
//	    allowed_hosts: [www.zjg.gov.cn]          # default: hosts of start_urls
//	    column_patterns: ['/zfxxgknb/']           # optional regexps over URLs
//	    report_patterns: ['/t\d{8}_\d+\.html$']
//	    schedule: "0 3 * * 1"                     # cron (5 fields), for `serve`
//	    politeness: {delay: 3s, parallelism: 1, max_pages: 20000}
//
// Every politeness field left out takes the value from defaults, then from
// Defaults(): delay 1s, parallelism 1, max_retries 3, backoff 1s..1m,
// connect/read/request timeouts 15s/30s/3m, body limit 32 MiB, decompression
// limit 16 MiB (the parser's input limit), max depth 12, max stray 2, max pages 200000.
type Sites struct {
	Defaults Politeness `yaml:"defaults"`
	Sites    []Site     `yaml:"sites"`
}

// Site is one portal in sites.yaml.
type Site struct {
	Name           string     `yaml:"name"`
	Region         Region     `yaml:"region"`
	StartURLs      []string   `yaml:"start_urls"`
	AllowedHosts   []string   `yaml:"allowed_hosts"`
	ColumnPatterns []string   `yaml:"column_patterns"`
	ReportPatterns []string   `yaml:"report_patterns"`
	Schedule       string     `yaml:"schedule"`
	Politeness     Politeness `yaml:"politeness"`
}

// Region is a GB/T 2260 code and its name.
type Region struct {
	Code string `yaml:"code"`
	Name string `yaml:"name"`
}

// Politeness overrides; zero fields keep the lower level's value.
type Politeness struct {
	UserAgent      string        `yaml:"user_agent"`
	Delay          time.Duration `yaml:"delay"`
	Parallelism    int           `yaml:"parallelism"`
	MaxRetries     int           `yaml:"max_retries"`
	BackoffMax     time.Duration `yaml:"backoff_max"`
	ConnectTimeout time.Duration `yaml:"connect_timeout"`
	ReadTimeout    time.Duration `yaml:"read_timeout"`
	RequestTimeout time.Duration `yaml:"request_timeout"`
	BodyLimit      int64         `yaml:"body_limit"`
	MaxDepth       int           `yaml:"max_depth"`
	MaxPages       int           `yaml:"max_pages"` // distinct URLs requested (see Config.MaxPages)
}

// regionCode is a GB/T 2260 code (6 digits) or a township's 统计用区划代码 (9 digits): the codes of
// package regions.
var regionCode = lazyRegexp(`^(\d{6}|\d{9})$`)

// LoadSites reads and validates a sites.yaml file. Unknown keys are errors,
// so a typo does not silently fall back to a default.
func LoadSites(path string) (*Sites, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return ParseSites(b)
}

// ParseSites parses and validates sites.yaml content.
func ParseSites(b []byte) (*Sites, error) {
	var s Sites
	dec := yaml.NewDecoder(bytes.NewReader(b))
	dec.KnownFields(true)
	if err := dec.Decode(&s); err != nil {
		return nil, fmt.Errorf("%w: sites: %v", ErrInvalidConfig, err)
	}
	if err := s.Validate(); err != nil {
		return nil, err
	}
	return &s, nil
}

// Validate checks every site: a unique name, start URLs, a 6- or 9-digit region
// code when given, patterns that compile, a cron schedule that parses.
func (s *Sites) Validate() error {
	var errs []error
	seen := map[string]bool{}
	dirs := map[string]string{} // folder name → the site that has it
	if len(s.Sites) == 0 {
		errs = append(errs, errors.New("no sites"))
	}
	for i, site := range s.Sites {
		where := fmt.Sprintf("site %d (%s)", i+1, site.Name)
		if site.Name == "" {
			errs = append(errs, fmt.Errorf("%s: name is required", where))
		} else if seen[site.Name] {
			errs = append(errs, fmt.Errorf("%s: duplicate name", where))
		}
		seen[site.Name] = true
		// Every site has a folder of its own under --state and --spool (internal/sitename).
		if err := sitename.Check(site.Name); site.Name != "" && err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", where, err))
		} else if other, ok := dirs[sitename.Dir(site.Name)]; ok && other != site.Name {
			errs = append(errs, fmt.Errorf("%s: its folder name %q is that of site %q too", where, sitename.Dir(site.Name), other))
		}
		dirs[sitename.Dir(site.Name)] = site.Name
		if site.Region.Code != "" && !regionCode().MatchString(site.Region.Code) {
			errs = append(errs, fmt.Errorf("%s: region code %q is not 6 digits (GB/T 2260) or 9 (a township)", where, site.Region.Code))
		}
		if site.Schedule != "" {
			if _, err := cron.ParseStandard(site.Schedule); err != nil {
				errs = append(errs, fmt.Errorf("%s: schedule %q: %v", where, site.Schedule, err))
			}
		}
		c := s.Config(i, Config{})
		if err := c.Validate(); err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", where, err))
		}
	}
	if len(errs) > 0 {
		return fmt.Errorf("%w: %w", ErrInvalidConfig, errors.Join(errs...))
	}
	return nil
}

// Config builds the crawl Config of site i on top of base (which carries
// what the command line sets: archive and state dirs, callbacks). Site
// politeness overrides win over file defaults, which win over base.
// StateDir gets the site's folder (internal/sitename) appended so sites never share a journal.
func (s *Sites) Config(i int, base Config) Config {
	site := s.Sites[i]
	c := base
	c.Site = SiteInfo{Name: site.Name, RegionCode: site.Region.Code, RegionName: site.Region.Name}
	c.StartURLs = append([]string(nil), site.StartURLs...)
	c.AllowedHosts = append([]string(nil), site.AllowedHosts...)
	c.ColumnPatterns = append([]string(nil), site.ColumnPatterns...)
	c.ReportPatterns = append([]string(nil), site.ReportPatterns...)
	s.Defaults.apply(&c)
	site.Politeness.apply(&c)
	if c.StateDir != "" {
		c.StateDir = filepath.Join(c.StateDir, sitename.Dir(site.Name))
	}
	return c
}

func (p Politeness) apply(c *Config) {
	if p.UserAgent != "" {
		c.UserAgent = p.UserAgent
	}
	if p.Delay != 0 {
		c.Delay = p.Delay
	}
	if p.Parallelism != 0 {
		c.Parallelism = p.Parallelism
	}
	if p.MaxRetries != 0 {
		c.MaxRetries = p.MaxRetries
	}
	if p.BackoffMax != 0 {
		c.BackoffMax = p.BackoffMax
	}
	if p.ConnectTimeout != 0 {
		c.ConnectTimeout = p.ConnectTimeout
	}
	if p.ReadTimeout != 0 {
		c.ReadTimeout = p.ReadTimeout
	}
	if p.RequestTimeout != 0 {
		c.RequestTimeout = p.RequestTimeout
	}
	if p.BodyLimit != 0 {
		c.BodyLimit = p.BodyLimit
	}
	if p.MaxDepth != 0 {
		c.MaxDepth = p.MaxDepth
	}
	if p.MaxPages != 0 {
		c.MaxPages = p.MaxPages
	}
}
