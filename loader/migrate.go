package loader

import (
	"context"
	"database/sql"
	"fmt"
	"io/fs"
	"log/slog"

	"github.com/pressly/goose/v3"
)

// runMigrations applies the pending goose migrations of fsys on db and returns the versions it
// applied (none when up to date). db must have the target database as its current database:
// the migration files use unqualified table names.
//
// Every migration file is marked `-- +goose NO TRANSACTION` (ClickHouse has no DDL transactions)
// and DDL isolation is on, so goose never opens a transaction: neither clickhouse-go's database/sql
// layer nor the chDB helper driver support them.
func runMigrations(ctx context.Context, db *sql.DB, fsys fs.FS, clock *versionClock, logger *slog.Logger) ([]int64, error) {
	return runGoose(ctx, db, fsys, &versionStore{table: versionTable, clock: clock}, logger)
}

// runGoose applies the pending migrations of fsys and of extra (goose Go migrations: the
// cluster's) with store as the version table.
func runGoose(ctx context.Context, db *sql.DB, fsys fs.FS, store *versionStore, logger *slog.Logger, extra ...goose.ProviderOption) ([]int64, error) {
	opts := append([]goose.ProviderOption{
		goose.WithStore(store),
		goose.WithDisableGlobalRegistry(true),
		goose.WithIsolateDDL(true),
		goose.WithSlog(logger),
	}, extra...)
	p, err := goose.NewProvider(goose.DialectCustom, db, fsys, opts...)
	if err != nil {
		return nil, fmt.Errorf("loader: migrations: %w", err)
	}
	results, err := p.Up(ctx)
	if err != nil {
		return nil, fmt.Errorf("loader: migrations: %w", err)
	}
	applied := make([]int64, 0, len(results))
	for _, r := range results {
		if r.Source != nil {
			applied = append(applied, r.Source.Version)
			logger.Info("migration applied", "version", r.Source.Version, "file", r.Source.Path, "took", r.Duration)
		}
	}
	return applied, nil
}
