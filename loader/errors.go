package loader

import "errors"

// Sentinel errors; match with errors.Is. Messages of wrapped errors say how to fix the cause.
var (
	// ErrUnreachable: the ClickHouse server did not answer (down, wrong host/port, or refused).
	ErrUnreachable = errors.New("loader: ClickHouse server unreachable")
	// ErrNoChdb: libchdb.so was not found, so the embedded target cannot run.
	ErrNoChdb = errors.New("loader: libchdb.so not found (embedded chDB target); install it with scripts/install-deps.sh or set CHDB_LIB_PATH")
	// ErrNoHelper: the govreports-chdb helper binary was not found.
	ErrNoHelper = errors.New("loader: govreports-chdb helper not found; build it next to govreports (go build -o DIR ./cmd/govreports-chdb) or set GOVREPORTS_CHDB_HELPER")
	// ErrDataDirInUse: another process has the embedded data directory open.
	ErrDataDirInUse = errors.New("loader: embedded data directory in use")
	// ErrHelper: the chDB helper process failed or died.
	ErrHelper = errors.New("loader: chDB helper failed")
	// ErrClosed: the Sink was used after Close.
	ErrClosed = errors.New("loader: sink closed")
	// ErrBadResult: a parser.Result cannot be loaded (nil report id, …); nothing was written.
	ErrBadResult = errors.New("loader: invalid result")
	// ErrUnknownFormat: Table.Write was asked for a format it does not know.
	ErrUnknownFormat = errors.New("loader: unknown output format (want table, csv or json)")
	// ErrBadRow: a row read back from a table does not fit its row struct (a column of another
	// type, or one the struct does not have): the schema and the loader disagree.
	ErrBadRow = errors.New("loader: row does not match its table's row struct")
	// ErrNoDatabase: the database does not exist yet; run Migrate first.
	ErrNoDatabase = errors.New("loader: database does not exist; run migrations first (Sink.Migrate: every govreports command that writes or queries applies them)")
)

// QueryError is an error ClickHouse reported for a statement (bad SQL, bad data). It is never
// retried: sending the same statement again gives the same answer.
type QueryError struct {
	Code    int32 // ClickHouse error code, 0 when unknown (chDB)
	Message string
}

func (e *QueryError) Error() string { return "clickhouse: " + e.Message }
