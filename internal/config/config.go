// Package config holds the one Config of the govreports command: documented defaults, then a
// YAML file (--config), then GOVREPORTS_* environment variables, then flags. It is validated
// once, before any work starts.
package config

import (
	"errors"
	"fmt"
	"net/url"
	"os"
	"reflect"
	"strconv"
	"strings"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/govreports/govreports/crawler"
	"github.com/govreports/govreports/internal/frontier"
	"github.com/govreports/govreports/internal/serve"
	"github.com/govreports/govreports/loader"
)

// Config is every setting of the command. Each field names its YAML key, its environment
// variable and its default (in Default). The flag of the same name overrides all.
type Config struct {
	// ClickHouse is the DSN of a ClickHouse server (clickhouse://user:pass@host:9000/govreports).
	// Empty: the embedded chDB target in Data.
	ClickHouse string `yaml:"clickhouse" env:"GOVREPORTS_CLICKHOUSE"`
	// Data is the data directory of the embedded target.
	Data string `yaml:"data" env:"GOVREPORTS_DATA"`
	// Archive is where raw fetched pages are kept (WARC files).
	Archive string `yaml:"archive" env:"GOVREPORTS_ARCHIVE"`
	// State is where crawl state (queue, visited, validators) is kept between runs.
	State string `yaml:"state" env:"GOVREPORTS_STATE"`
	// Spool is where run and serve write every parsed report before its page counts as done
	// (one folder per site), and keep reports the ClickHouse server could not take: nothing
	// parsed is lost to a crash, a kill -9 or a server outage.
	Spool string `yaml:"spool" env:"GOVREPORTS_SPOOL"`
	// Cluster, if set, renders the DDL for a ClickHouse cluster of that name (ON CLUSTER,
	// Replicated and Distributed tables); server target only.
	Cluster string `yaml:"cluster" env:"GOVREPORTS_CLUSTER"`
	// ClickHousePasswordFile holds the server password (first line), so it need not stand in
	// the DSN, a flag or the environment; GOVREPORTS_CLICKHOUSE_PASSWORD is the other way.
	// Either replaces the DSN's password. Never logged.
	ClickHousePasswordFile string `yaml:"clickhouse_password_file" env:"GOVREPORTS_CLICKHOUSE_PASSWORD_FILE"`
	// Sites is the sites file for crawl, run and serve.
	Sites string `yaml:"sites" env:"GOVREPORTS_SITES"`
	// LogFormat is text or json; LogLevel is debug, info, warn or error.
	LogFormat string `yaml:"log_format" env:"GOVREPORTS_LOG_FORMAT"`
	LogLevel  string `yaml:"log_level" env:"GOVREPORTS_LOG_LEVEL"`
	// BatchRows is the most rows in one insert.
	BatchRows int `yaml:"batch_rows" env:"GOVREPORTS_BATCH_ROWS"`
	// DialTimeout bounds connecting to the ClickHouse server.
	DialTimeout time.Duration `yaml:"dial_timeout" env:"GOVREPORTS_DIAL_TIMEOUT"`
	// Listen is the HTTP address of serve (/metrics, /healthz, /readyz).
	Listen string `yaml:"listen" env:"GOVREPORTS_LISTEN"`
	// AllowPrivateNetworks lets crawl, run and serve connect to loopback, private and link-local
	// addresses (refused by default, after DNS resolution: an allowed name must not lead the
	// crawler into the local network or to a cloud metadata service). For intranet portals and
	// tests.
	AllowPrivateNetworks bool `yaml:"allow_private_networks" env:"GOVREPORTS_ALLOW_PRIVATE_NETWORKS"`
	// UserAgent names the crawler and a contact URL to the sites it visits.
	UserAgent string `yaml:"user_agent" env:"GOVREPORTS_USER_AGENT"`
	// Concurrency is the most sites crawled at once by crawl --sites, run --sites and serve (one
	// run per site at most, always). Politeness is per host, so sites are independent; what
	// this bounds is open files (about eight per running site: WARC, journal, lock, fetch log,
	// connections) and the per-site crawl state held in memory.
	Concurrency int `yaml:"concurrency" env:"GOVREPORTS_CONCURRENCY"`
	// InFlight is the most requests on the wire over all sites at once. Each holds a socket and
	// up to the body limit of body; a host's delay is waited out before it takes a slot.
	InFlight int `yaml:"in_flight" env:"GOVREPORTS_IN_FLIGHT"`
	// DefaultSchedule is the cron schedule of sites whose entry in the sites file has none.
	DefaultSchedule string `yaml:"default_schedule" env:"GOVREPORTS_DEFAULT_SCHEDULE"`
	// Jitter caps the per-site delay serve adds to each scheduled time (also at most a tenth of
	// the site's period); 0 turns it off.
	Jitter time.Duration `yaml:"jitter" env:"GOVREPORTS_JITTER"`
	// ShutdownTimeout bounds a graceful stop of serve: in-flight runs checkpoint and flush, the
	// HTTP server closes.
	ShutdownTimeout time.Duration `yaml:"shutdown_timeout" env:"GOVREPORTS_SHUTDOWN_TIMEOUT"`
	// Frontier, if set (redis://host:port/db), is the Redis that several crawler nodes share
	// for crawl, run and serve: each site's queue, visited set and cookies, a lease per host
	// and a claim per site (internal/frontier, docs/nodes.md). Empty: the local state in State.
	Frontier string `yaml:"frontier" env:"GOVREPORTS_FRONTIER"`
	// FrontierLease is how long a node's claim on a site and lease on a host live without
	// renewal (renewed every third of it): how long a dead node's sites wait for another.
	FrontierLease time.Duration `yaml:"frontier_lease" env:"GOVREPORTS_FRONTIER_LEASE"`
	// Node names this process among the nodes of a frontier (default hostname-pid).
	Node string `yaml:"node" env:"GOVREPORTS_NODE"`
}

// Default is the configuration when nothing is set.
func Default() Config {
	return Config{
		Data:        "./data",
		Archive:     "./archive",
		State:       "./state",
		Spool:       "./spool",
		LogFormat:   "text",
		LogLevel:    "info",
		BatchRows:   loader.DefaultBatchRows,
		DialTimeout: loader.DefaultDialTimeout,
		Listen:      "127.0.0.1:9464",
		// The values the packages that use them document, written once, there: the crawler's
		// User-Agent (it tells webmasters what the crawl is for) reaches every portal.
		UserAgent:       crawler.DefaultUserAgent,
		Concurrency:     crawler.DefaultMaxSites,
		InFlight:        crawler.DefaultMaxInFlight,
		DefaultSchedule: serve.DefaultSchedule,
		Jitter:          time.Hour,
		ShutdownTimeout: serve.DefaultShutdownTimeout,
		FrontierLease:   frontier.DefaultLease,
	}
}

// ErrInvalid wraps every validation failure.
var ErrInvalid = errors.New("invalid configuration")

// LoadFile merges a YAML file over c. Unknown keys are errors: a typo must not be ignored.
func (c *Config) LoadFile(path string) error {
	b, err := os.ReadFile(path)
	if err != nil {
		return fmt.Errorf("config file: %w", err)
	}
	dec := yaml.NewDecoder(strings.NewReader(string(b)))
	dec.KnownFields(true)
	if err := dec.Decode(c); err != nil && err.Error() != "EOF" {
		return fmt.Errorf("config file %s: %w", path, err)
	}
	return nil
}

// LoadEnv merges GOVREPORTS_* variables over c.
func (c *Config) LoadEnv(getenv func(string) string) error {
	v := reflect.ValueOf(c).Elem()
	t := v.Type()
	for i := 0; i < t.NumField(); i++ {
		name := t.Field(i).Tag.Get("env")
		s := getenv(name)
		if name == "" || s == "" {
			continue
		}
		if err := setField(v.Field(i), s); err != nil {
			return fmt.Errorf("%w: %s=%q: %v", ErrInvalid, name, s, err)
		}
	}
	return nil
}

// Set assigns a field by its YAML key (used for flags).
func (c *Config) Set(key, value string) error {
	v := reflect.ValueOf(c).Elem()
	t := v.Type()
	for i := 0; i < t.NumField(); i++ {
		if t.Field(i).Tag.Get("yaml") == key {
			return setField(v.Field(i), value)
		}
	}
	return fmt.Errorf("config: no setting %q", key)
}

func setField(f reflect.Value, s string) error {
	switch f.Interface().(type) {
	case string:
		f.SetString(s)
	case int:
		n, err := strconv.Atoi(s)
		if err != nil {
			return err
		}
		f.SetInt(int64(n))
	case bool:
		b, err := strconv.ParseBool(s)
		if err != nil {
			return err
		}
		f.SetBool(b)
	case time.Duration:
		d, err := time.ParseDuration(s)
		if err != nil {
			return err
		}
		f.SetInt(int64(d))
	default:
		return fmt.Errorf("unsupported type %s", f.Type())
	}
	return nil
}

// Validate checks the whole configuration once.
func (c *Config) Validate() error {
	var errs []error
	if c.ClickHouse != "" && !strings.HasPrefix(c.ClickHouse, "clickhouse://") && !strings.HasPrefix(c.ClickHouse, "tcp://") {
		errs = append(errs, fmt.Errorf("clickhouse: DSN must look like clickhouse://user:pass@host:9000/govreports"))
	}
	if c.Cluster != "" && c.ClickHouse == "" {
		errs = append(errs, errors.New("cluster: needs a server DSN (clickhouse); the embedded target has no cluster"))
	}
	if c.ClickHouse == "" && c.Data == "" {
		errs = append(errs, errors.New("data: empty, and no clickhouse DSN: there is no target"))
	}
	switch c.LogFormat {
	case "text", "json":
	default:
		errs = append(errs, fmt.Errorf("log_format: %q (want text or json)", c.LogFormat))
	}
	switch c.LogLevel {
	case "debug", "info", "warn", "error":
	default:
		errs = append(errs, fmt.Errorf("log_level: %q (want debug, info, warn or error)", c.LogLevel))
	}
	if c.BatchRows <= 0 {
		errs = append(errs, fmt.Errorf("batch_rows: %d (want > 0)", c.BatchRows))
	}
	if c.DialTimeout <= 0 {
		errs = append(errs, fmt.Errorf("dial_timeout: %s (want > 0)", c.DialTimeout))
	}
	if c.Concurrency <= 0 {
		errs = append(errs, fmt.Errorf("concurrency: %d (want > 0)", c.Concurrency))
	}
	if c.InFlight <= 0 {
		errs = append(errs, fmt.Errorf("in_flight: %d (want > 0)", c.InFlight))
	}
	if c.Jitter < 0 {
		errs = append(errs, fmt.Errorf("jitter: %s (want >= 0; 0 turns it off)", c.Jitter))
	}
	if c.ShutdownTimeout <= 0 {
		errs = append(errs, fmt.Errorf("shutdown_timeout: %s (want > 0)", c.ShutdownTimeout))
	}
	if c.Frontier != "" {
		if u, err := url.Parse(c.Frontier); err != nil || (u.Scheme != "redis" && u.Scheme != "rediss") || u.Host == "" {
			errs = append(errs, fmt.Errorf("frontier: %s (want redis://host:port/db)", frontier.Redacted(c.Frontier)))
		}
	}
	if c.FrontierLease < 300*time.Millisecond {
		errs = append(errs, fmt.Errorf("frontier_lease: %s (want at least 300ms)", c.FrontierLease))
	}
	if len(errs) > 0 {
		return fmt.Errorf("%w: %w", ErrInvalid, errors.Join(errs...))
	}
	return nil
}
