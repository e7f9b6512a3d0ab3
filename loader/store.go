package loader

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/pressly/goose/v3/database"
)

// versionStore is goose's version table for ClickHouse, shared by both targets.
//
// Why not goose's own ClickHouse dialect: it records versions with INSERT … VALUES ($1, $2), which
// hangs through clickhouse-go/v2 against 18.16 (measured), and deletes with a mutation plus
// mutations_sync, which 18.16 lacks. This store writes with INSERT … SELECT of literal values (no
// bind parameters, so it also works through the chDB helper's minimal driver) and never mutates:
// the table is a ReplacingMergeTree keyed by version_id, a "delete" inserts is_applied = 0 with a
// newer seq, and reads use FINAL.
//
// On a cluster the table is replicated to every node (schemas.ClusterNames.VersionTableDDL,
// created before goose starts) and sync, run before every read, fetches what another node
// recorded.
type versionStore struct {
	table string
	clock *versionClock
	sync  string
	// create, when set, is the DDL of the table (the cluster's); goose runs it when the
	// table does not exist yet and then records version 0.
	create string
}

// fresh runs the sync statement of a cluster's store. It is bounded and its failure is not
// fatal: a replica whose peers are down may wait forever for parts only they have, and the local
// state read instead can at worst re-run migrations whose steps are idempotent.
func (s *versionStore) fresh(ctx context.Context, db database.DBTxConn) error {
	if s.sync == "" {
		return nil
	}
	sctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	_, _ = db.ExecContext(sctx, s.sync)
	return ctx.Err()
}

const versionTable = "goose_db_version"

func (s *versionStore) Tablename() string { return s.table }

func (s *versionStore) CreateVersionTable(ctx context.Context, db database.DBTxConn) error {
	if s.create != "" {
		_, err := db.ExecContext(ctx, s.create)
		return err
	}
	_, err := db.ExecContext(ctx, fmt.Sprintf(`CREATE TABLE IF NOT EXISTS %s (
    version_id Int64,
    is_applied UInt8,
    tstamp     DateTime,
    seq        UInt64
) ENGINE = ReplacingMergeTree(seq)
ORDER BY version_id`, s.table))
	return err
}

func (s *versionStore) record(ctx context.Context, db database.DBTxConn, version int64, applied int) error {
	_, err := db.ExecContext(ctx, fmt.Sprintf(
		`INSERT INTO %s (version_id, is_applied, tstamp, seq) SELECT toInt64(%d), toUInt8(%d), now(), toUInt64(%d)`,
		s.table, version, applied, s.clock.next()))
	return err
}

func (s *versionStore) Insert(ctx context.Context, db database.DBTxConn, req database.InsertRequest) error {
	return s.record(ctx, db, req.Version, 1)
}

func (s *versionStore) Delete(ctx context.Context, db database.DBTxConn, version int64) error {
	return s.record(ctx, db, version, 0)
}

func (s *versionStore) GetMigration(ctx context.Context, db database.DBTxConn, version int64) (*database.GetMigrationResult, error) {
	if err := s.fresh(ctx, db); err != nil {
		return nil, err
	}
	var ts, applied int64
	err := db.QueryRowContext(ctx, fmt.Sprintf(
		`SELECT toInt64(toUInt32(tstamp)), toInt64(is_applied) FROM %s FINAL WHERE version_id = %d`,
		s.table, version)).Scan(&ts, &applied)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, database.ErrVersionNotFound
	}
	if err != nil {
		return nil, err
	}
	return &database.GetMigrationResult{Timestamp: time.Unix(ts, 0).UTC(), IsApplied: applied == 1}, nil
}

func (s *versionStore) GetLatestVersion(ctx context.Context, db database.DBTxConn) (int64, error) {
	if err := s.fresh(ctx, db); err != nil {
		return -1, err
	}
	var latest, n int64
	err := db.QueryRowContext(ctx, fmt.Sprintf(
		`SELECT toInt64(max(version_id)), toInt64(count()) FROM %s FINAL WHERE is_applied = 1`,
		s.table)).Scan(&latest, &n)
	if err != nil {
		return -1, err
	}
	if n == 0 {
		return -1, database.ErrVersionNotFound
	}
	return latest, nil
}

func (s *versionStore) ListMigrations(ctx context.Context, db database.DBTxConn) ([]*database.ListMigrationsResult, error) {
	if err := s.fresh(ctx, db); err != nil {
		return nil, err
	}
	rows, err := db.QueryContext(ctx, fmt.Sprintf(
		`SELECT version_id, toInt64(is_applied) FROM %s FINAL WHERE is_applied = 1 ORDER BY version_id DESC`,
		s.table))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*database.ListMigrationsResult
	for rows.Next() {
		var v, applied int64
		if err := rows.Scan(&v, &applied); err != nil {
			return nil, err
		}
		out = append(out, &database.ListMigrationsResult{Version: v, IsApplied: applied == 1})
	}
	return out, rows.Err()
}

func (s *versionStore) TableExists(ctx context.Context, db database.DBTxConn) (bool, error) {
	var n int64
	err := db.QueryRowContext(ctx, fmt.Sprintf(
		`SELECT toInt64(count()) FROM system.tables WHERE database = currentDatabase() AND name = '%s'`,
		s.table)).Scan(&n)
	return n > 0, err
}
