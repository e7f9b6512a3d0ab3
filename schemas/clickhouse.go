package schemas

import (
	"embed"
	"io/fs"
)

// clickhouseFiles holds the ClickHouse DDL: goose SQL migrations, run in file-name order by
// package loader on both targets (a ClickHouse server and embedded chDB).
//
//go:embed clickhouse/migrations/*.sql
var clickhouseFiles embed.FS

// ClickHouseMigrations returns the migration files (00001_init.sql, …) at the root of an fs.FS,
// the shape goose's Provider expects.
func ClickHouseMigrations() fs.FS {
	sub, err := fs.Sub(clickhouseFiles, "clickhouse/migrations")
	if err != nil {
		// fs.Sub only fails on an invalid path, and this one is a constant.
		panic(err)
	}
	return sub
}
