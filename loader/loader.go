// Package loader writes parsed reports (parser.Result) and the crawler's fetch log into
// ClickHouse, and reads back query results.
//
// One interface, two implementations, chosen by Options:
//
//   - server (Options.DSN set): a ClickHouse server over the native protocol (clickhouse-go/v2).
//     Works with Debian's 18.16 and newer servers.
//   - embedded (Options.DataDir): chDB, ClickHouse as a library, in a helper process
//     (cmd/govreports-chdb). This package never links chDB: chdb-go panics at start-up when
//     libchdb.so is missing, and govreports must start everywhere.
//
// Both take the same goose migrations from schemas/clickhouse. Loading is idempotent: every table
// is a ReplacingMergeTree keyed by the row's identity with a version column (UnixNano of the
// load), so loading a report again replaces its rows. Replacement happens at merge time, so count
// with FINAL (or use the *_current views).
package loader

import (
	"context"
	"errors"
	"io/fs"
	"log/slog"
	"time"

	"github.com/govreports/govreports/parser"
	"github.com/govreports/govreports/schemas"
)

// Sink is a ClickHouse target. Implementations are safe for concurrent use.
type Sink interface {
	// Migrate applies pending migrations (creating the database first). Running it again applies
	// nothing.
	Migrate(ctx context.Context) error
	// Load writes the reports, their cells and their issues. Loading the same report again
	// replaces its rows (its newest load wins).
	Load(ctx context.Context, results []*parser.Result) (Stats, error)
	// LoadFetches writes fetch-log rows.
	LoadFetches(ctx context.Context, fetches []Fetch) error
	// Query runs one SQL statement and returns its whole result.
	Query(ctx context.Context, sql string) (*Table, error)
	// Target describes where the sink writes, for logs and messages (never contains a password).
	Target() string
	// Close releases connections or stops the helper process.
	Close() error
}

// Options selects and tunes a Sink.
type Options struct {
	// DSN of a ClickHouse server, e.g. clickhouse://default@127.0.0.1:19000/govreports. When set,
	// the server target is used and DataDir is ignored. The database in the path (default
	// govreports) is created by Migrate.
	DSN string
	// DataDir is the chDB data directory of the embedded target, used when DSN is empty.
	DataDir string
	// Database for the embedded target (default govreports). For the server it comes from the DSN.
	Database string
	// Logger receives progress and retry messages; nil discards them.
	Logger *slog.Logger
	// BatchRows is the most rows sent in one insert (default 100000). Bigger batches are faster;
	// ClickHouse wants few large inserts rather than many small ones.
	BatchRows int
	// DialTimeout bounds connecting to the server (default 5s), so a wrong DSN fails fast.
	DialTimeout time.Duration
	// RetryFor bounds the retries of one failed batch insert on network errors (default 30s;
	// negative: no retry). Errors the server reports (bad SQL, bad data) are never retried.
	RetryFor time.Duration
	// HelperPath is the govreports-chdb binary; empty means search (see findHelper).
	HelperPath string
	// StartTimeout bounds the embedded helper's start-up (default 60s).
	StartTimeout time.Duration
	// Migrations overrides the migration files (default schemas.ClickHouseMigrations()).
	Migrations fs.FS
	// Cluster, when set, names the cluster (remote_servers) the DSN's server belongs to: the
	// migrations are rendered for it (schemas.ClusterMigrations: Replicated tables behind
	// Distributed ones, on every node), inserts are synchronous through the Distributed tables
	// and replicas are synced after each batch (docs/clickhouse.md). Server target only.
	Cluster string
}

// Stats counts what a Load wrote.
type Stats struct {
	Reports int
	Cells   int
	Issues  int
	Elapsed time.Duration
}

const defaultDatabase = "govreports"

// Defaults of Options (the command's configuration, internal/config, takes them from here).
const (
	DefaultBatchRows   = 100_000
	DefaultDialTimeout = 5 * time.Second
)

// Open returns the server Sink when opts.DSN is set, else the embedded one on opts.DataDir.
func Open(ctx context.Context, opts Options) (Sink, error) {
	opts = opts.withDefaults()
	switch {
	case opts.DSN != "":
		return openServer(ctx, opts)
	case opts.DataDir != "" && opts.Cluster != "":
		return nil, ErrClusterEmbedded
	case opts.DataDir != "":
		return openEmbedded(ctx, opts)
	default:
		return nil, ErrNoTarget
	}
}

func (o Options) withDefaults() Options {
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	if o.BatchRows <= 0 {
		o.BatchRows = DefaultBatchRows
	}
	if o.DialTimeout <= 0 {
		o.DialTimeout = DefaultDialTimeout
	}
	if o.RetryFor == 0 {
		o.RetryFor = 30 * time.Second
	}
	if o.StartTimeout <= 0 {
		o.StartTimeout = 60 * time.Second
	}
	if o.Database == "" {
		o.Database = defaultDatabase
	}
	if o.Migrations == nil && o.Cluster == "" {
		o.Migrations = schemas.ClickHouseMigrations()
	}
	return o
}

// ErrClusterEmbedded: a cluster name was given for the embedded target, which is one process.
var ErrClusterEmbedded = errors.New("loader: a cluster applies to a ClickHouse server DSN, not to embedded chDB")

// ErrNoTarget means Options named neither a DSN nor a data directory.
var ErrNoTarget = errors.New("loader: no target: set a ClickHouse DSN or an embedded data directory")
