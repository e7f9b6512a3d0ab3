// Package frontier is the state several crawler nodes share, in Redis: each
// site's crawl journal (its queue: the URLs queued and not yet finished) and
// visited set, the cookies colly keeps, a lease per host so that one node at
// a time sends to it, and a claim per site so that one node at a time crawls
// it and a round crawls it once. The crawler sees it through its own
// extension points (crawler.Config.Storage, Journal, Hosts and Round), so a
// node without a frontier crawls from its local state exactly as before.
//
// Why the site is the unit of work: a host takes one request at a time
// (politeness), and a site is a host or two, so spreading one site over
// several nodes would gain nothing but coordination. Nodes share a province
// site by site; a node that dies leaves its sites' journals in Redis, and
// whoever claims them after the claim's lease expired resumes them where the
// journal ends (the pages it had in flight are fetched again: at most those,
// once, and the takeover is logged and counted), after loading the reports
// the dead node had parsed but not loaded (they were in its local spool, and
// also here).
//
// Keys, under Options.Prefix (default "govreports"):
//
//	P:site:NAME:claim     string  claim token of the node crawling it (expires: lease)
//	P:site:NAME:holder    string  the node that holds or last held the claim (a claim found
//	                              expired with a holder still set was lost: a takeover)
//	P:site:NAME:journal   list    the crawl journal's lines (crawler/state.go)
//	P:site:NAME:visited   set     the visited set (8-byte request ids)
//	P:site:NAME:cookies   hash    host → colly's cookies
//	P:site:NAME:done:KIND string  the last round of KIND (run, serve) that completed it
//	P:site:NAME:takeovers string  how many times a lost claim was taken over
//	P:site:NAME:unloaded  hash    page URL → a parsed report (JSON) not yet loaded: from before
//	                              its page is journaled done until it is in ClickHouse
//	P:host:HOST:lease     string  lease token of the node sending to it (expires: lease)
//	P:run:round           string  the current round of `run` nodes; P:run:round:N:sites and
//	                              P:run:round:N:done: sets of site names
package frontier

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"os"
	"strings"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/govreports/govreports/crawler"
)

// DefaultLease is how long a claim or a host lease lives without renewal:
// how long a dead node's sites wait before another node takes them.
const DefaultLease = 30 * time.Second

// ErrLost: this node's claim on a site, or lease on a host, is no longer its
// own (it expired while the node could not renew it, and another node took
// it). It wraps crawler.ErrFrontier: the site's crawl stops and is left to
// the new holder.
var ErrLost = fmt.Errorf("%w: claim lost to another node", crawler.ErrFrontier)

// Options open a Frontier. Zero values take the defaults.
type Options struct {
	URL    string        // redis://[user:password@]host:port/db
	Node   string        // this node's name in claims and logs (default DefaultNode())
	Lease  time.Duration // DefaultLease
	Prefix string        // key prefix ("govreports")
	Logger *slog.Logger
}

// Frontier is one node's connection to the shared state.
type Frontier struct {
	rdb    *redis.Client
	node   string
	lease  time.Duration
	prefix string
	log    *slog.Logger
	keeper *keeper
}

// DefaultNode is hostname-pid: unique per process on a machine, readable in logs.
func DefaultNode() string {
	h, err := os.Hostname()
	if err != nil || h == "" {
		h = "node"
	}
	return fmt.Sprintf("%s-%d", h, os.Getpid())
}

// Open connects to Redis and checks that it answers. The URL's password
// never appears in an error.
func Open(ctx context.Context, o Options) (*Frontier, error) {
	ro, err := redis.ParseURL(o.URL)
	if err != nil {
		return nil, fmt.Errorf("frontier: %s: %w", Redacted(o.URL), errors.New("want redis://host:port/db"))
	}
	if o.Node == "" {
		o.Node = DefaultNode()
	}
	if o.Lease <= 0 {
		o.Lease = DefaultLease
	}
	if o.Prefix == "" {
		o.Prefix = "govreports"
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	// Fail fast on every call while Redis is down: the callers wait and retry
	// on their own terms (the site scheduler), and must not sit in a client retry.
	ro.MaxRetries = 1
	ro.DialTimeout = min(2*time.Second, o.Lease/3)
	ro.ReadTimeout, ro.WriteTimeout = o.Lease/3, o.Lease/3
	f := &Frontier{rdb: redis.NewClient(ro), node: o.Node, lease: o.Lease, prefix: o.Prefix,
		log: o.Logger.With("component", "frontier", "node", o.Node)}
	if err := f.rdb.Ping(ctx).Err(); err != nil {
		f.rdb.Close()
		return nil, fmt.Errorf("%w: %s: %w", crawler.ErrFrontier, Redacted(o.URL), err)
	}
	f.keeper = newKeeper(f)
	return f, nil
}

// Close stops renewing leases (they expire on their own) and disconnects.
func (f *Frontier) Close() error {
	f.keeper.stop()
	return f.rdb.Close()
}

// Node is this node's name.
func (f *Frontier) Node() string { return f.node }

// Lease is the lease duration.
func (f *Frontier) Lease() time.Duration { return f.lease }

func (f *Frontier) key(parts ...string) string {
	return f.prefix + ":" + strings.Join(parts, ":")
}

// token is a fresh claim or lease value: the node's name (for logs and for
// whoever finds it) and 8 random bytes (two claims of one node differ).
func (f *Frontier) token(what string) string {
	var b [8]byte
	_, _ = rand.Read(b[:])
	return f.node + "/" + what + "/" + hex.EncodeToString(b[:])
}

// unavailable wraps a Redis error as crawler.ErrFrontier.
func unavailable(err error) error {
	if err == nil || errors.Is(err, crawler.ErrFrontier) {
		return err
	}
	return fmt.Errorf("%w: %w", crawler.ErrFrontier, err)
}

// Redacted is a frontier URL without its password, for logs and errors.
func Redacted(s string) string {
	u, err := url.Parse(s)
	if err != nil {
		return "(unparsable frontier URL)"
	}
	return u.Redacted()
}

// ClientLog routes go-redis's own messages (its connection pool's, which it
// prints to stderr through a process-wide logger) to log at debug level: the
// frontier reports every failure that matters itself, as an error or a
// warning with the site it stops. The command sets it once at start-up.
func ClientLog(log *slog.Logger) {
	redis.SetLogger(clientLogger{log.With("component", "go-redis")})
}

type clientLogger struct{ log *slog.Logger }

func (l clientLogger) Printf(ctx context.Context, format string, v ...any) {
	l.log.DebugContext(ctx, fmt.Sprintf(format, v...))
}
