package schemas

import (
	"fmt"
	"io/fs"
	"regexp"
	"strings"
	"testing/fstest"
)

// The migrations are written for one server. ClickHouseMigrationsOnCluster renders the same files
// for a cluster, so there is one source of DDL and no second copy to keep in step:
//
//   - every base table T becomes T_local, a ReplicatedReplacingMergeTree on every node
//     (ON CLUSTER), plus T, a Distributed table over T_local that the loader and the views use
//     unchanged. Rows are sharded by report id (reports.id, cells/issues.report_id; fetches by url)
//     so that every copy of a row lands on one shard: ReplacingMergeTree replaces only within a
//     part's shard, so FINAL and the *_current views stay exact;
//   - views are created ON CLUSTER; their IN subqueries become GLOBAL IN and their joins GLOBAL
//     joins, because a subquery over a Distributed table inside a distributed query is refused by
//     default (distributed_product_mode = deny);
//   - a column appended to a base table's sorting key is added to T_local with the new key and
//     to the Distributed T as a plain column; other columns added or dropped, on both;
//   - names are qualified with the database: ON CLUSTER DDL runs on each node without the
//     initiator's current database.
//
// A statement the renderer does not recognise is an error, not silently single-node DDL.

var (
	reCreateTable = regexp.MustCompile(`(?s)CREATE TABLE IF NOT EXISTS (\w+) \((.*?)\n\) ENGINE = ReplacingMergeTree\((\w*)\)\s*\n(ORDER BY [^;]*);`)
	reCreateView  = regexp.MustCompile(`CREATE VIEW IF NOT EXISTS (\w+) AS`)
	reDrop        = regexp.MustCompile(`DROP TABLE IF EXISTS (\w+);`)
	// A column appended to a base table's sorting key (00005): the key belongs to T_local; the
	// Distributed T only needs the column.
	reAddKeyColumn = regexp.MustCompile(`ALTER TABLE (\w+) ADD COLUMN (\w+ \w+), MODIFY ORDER BY (\([^;]*\));`)
	// Columns added or dropped (not in the key): the same on T_local and on the Distributed T.
	reAlterColumns = regexp.MustCompile(`ALTER TABLE (\w+) ((?:ADD|DROP) COLUMN [^;]*);`)
	reIn           = regexp.MustCompile(`\bIN \(SELECT\b`)
	reJoin         = regexp.MustCompile(`\bANY (INNER|LEFT) JOIN\b`)
	// Table names after FROM (not a subquery) inside views: qualified with the database.
	reFrom = regexp.MustCompile(`\bFROM (\w+)\b`)
)

// shardKeys: the sharding expression of each base table (see above); others shard by rand().
var shardKeys = map[string]string{
	"reports": "cityHash64(id)",
	"cells":   "cityHash64(report_id)",
	"issues":  "cityHash64(report_id)",
	"fetches": "cityHash64(url)",
}

// ClickHouseMigrationsOnCluster returns the migrations rendered for cluster (a name from the
// servers' remote_servers config) and database. Replicas need the {shard} and {replica} macros in
// each server's config.
func ClickHouseMigrationsOnCluster(cluster, database string) (fs.FS, error) {
	if !ValidIdent(cluster) || !ValidIdent(database) {
		return nil, fmt.Errorf("schemas: cluster %q and database %q must be plain identifiers", cluster, database)
	}
	src := ClickHouseMigrations()
	names, err := fs.Glob(src, "*.sql")
	if err != nil {
		return nil, err
	}
	out := fstest.MapFS{}
	for _, name := range names {
		b, err := fs.ReadFile(src, name)
		if err != nil {
			return nil, err
		}
		sql, err := RenderOnCluster(string(b), cluster, database)
		if err != nil {
			return nil, fmt.Errorf("schemas: %s: %w", name, err)
		}
		out[name] = &fstest.MapFile{Data: []byte(sql), Mode: 0o444}
	}
	return out, nil
}

// RenderOnCluster rewrites one migration file for a cluster (see the top of this file).
func RenderOnCluster(sql, cluster, db string) (string, error) {
	body := stripComments(sql)
	base := map[string]bool{}
	body = reCreateTable.ReplaceAllStringFunc(body, func(m string) string {
		g := reCreateTable.FindStringSubmatch(m)
		name, cols, ver, order := g[1], g[2], g[3], g[4]
		base[name] = true
		key := shardKeys[name]
		if key == "" {
			key = "rand()"
		}
		args := fmt.Sprintf("'/clickhouse/tables/{shard}/%s/%s_local', '{replica}'", db, name)
		if ver != "" {
			args += ", " + ver
		}
		return fmt.Sprintf("CREATE TABLE IF NOT EXISTS %[1]s.%[2]s_local ON CLUSTER %[3]s (%[4]s\n) ENGINE = ReplicatedReplacingMergeTree(%[5]s)\n%[6]s;\n"+
			"CREATE TABLE IF NOT EXISTS %[1]s.%[2]s ON CLUSTER %[3]s AS %[1]s.%[2]s_local\nENGINE = Distributed(%[3]s, %[1]s, %[2]s_local, %[7]s);",
			db, name, cluster, cols, args, order, key)
	})
	body = reAddKeyColumn.ReplaceAllStringFunc(body, func(m string) string {
		g := reAddKeyColumn.FindStringSubmatch(m)
		name, col, order := g[1], g[2], g[3]
		return fmt.Sprintf("ALTER TABLE %[1]s.%[2]s_local ON CLUSTER %[3]s ADD COLUMN %[4]s, MODIFY ORDER BY %[5]s;\n"+
			"ALTER TABLE %[1]s.%[2]s ON CLUSTER %[3]s ADD COLUMN %[4]s;", db, name, cluster, col, order)
	})
	body = reAlterColumns.ReplaceAllStringFunc(body, func(m string) string {
		g := reAlterColumns.FindStringSubmatch(m)
		name, clauses := g[1], g[2]
		if strings.Contains(clauses, "ORDER BY") {
			return m // not a shape this rule knows; left for the check below to refuse
		}
		return fmt.Sprintf("ALTER TABLE %[1]s.%[2]s_local ON CLUSTER %[3]s %[4]s;\n"+
			"ALTER TABLE %[1]s.%[2]s ON CLUSTER %[3]s %[4]s;", db, name, cluster, clauses)
	})
	body = reCreateView.ReplaceAllString(body, fmt.Sprintf("CREATE VIEW IF NOT EXISTS %s.$1 ON CLUSTER %s AS", db, cluster))
	body = reDrop.ReplaceAllStringFunc(body, func(m string) string {
		name := reDrop.FindStringSubmatch(m)[1]
		s := fmt.Sprintf("DROP TABLE IF EXISTS %s.%s ON CLUSTER %s;", db, name, cluster)
		if isBaseTable(name) {
			s += fmt.Sprintf("\nDROP TABLE IF EXISTS %s.%s_local ON CLUSTER %s;", db, name, cluster)
		}
		return s
	})
	body = reIn.ReplaceAllString(body, "GLOBAL IN (SELECT")
	body = reJoin.ReplaceAllString(body, "GLOBAL ANY $1 JOIN")
	body = reFrom.ReplaceAllStringFunc(body, func(m string) string {
		name := reFrom.FindStringSubmatch(m)[1]
		if strings.EqualFold(name, "SELECT") {
			return m
		}
		return "FROM " + db + "." + name
	})
	// Whatever still creates or drops without ON CLUSTER is a shape this renderer does not know.
	for _, stmt := range strings.Split(body, ";") {
		s := strings.TrimSpace(stmt)
		upper := strings.ToUpper(s)
		if (strings.HasPrefix(upper, "CREATE") || strings.HasPrefix(upper, "DROP") || strings.HasPrefix(upper, "ALTER")) &&
			!strings.Contains(upper, " ON CLUSTER ") {
			return "", fmt.Errorf("cannot render for a cluster: %.80q", s)
		}
		if strings.Contains(s, "ENGINE = ReplacingMergeTree") || strings.Contains(s, "ENGINE = MergeTree") {
			return "", fmt.Errorf("table engine not made replicated: %.80q", s)
		}
	}
	return body, nil
}

// isBaseTable: the tables 00001 creates (drops in later files may name them too).
func isBaseTable(name string) bool {
	_, ok := shardKeys[name]
	return ok
}

// stripComments keeps goose annotations in place but takes out ordinary comments, which may
// contain words the rewrite must not touch ("FROM reports" in prose).
func stripComments(sql string) string {
	var b strings.Builder
	for _, line := range strings.SplitAfter(sql, "\n") {
		t := strings.TrimSpace(line)
		if strings.HasPrefix(t, "--") && !strings.HasPrefix(t, "-- +goose") {
			continue
		}
		if i := strings.Index(line, " -- "); i >= 0 && !strings.Contains(line[:i], "'") {
			line = line[:i] + "\n"
		}
		b.WriteString(line)
	}
	return b.String()
}

// ValidIdent accepts names that need no quoting anywhere in ClickHouse SQL (databases, clusters),
// so they can be spliced into DDL safely.
func ValidIdent(s string) bool {
	if s == "" || len(s) > 128 {
		return false
	}
	for i, r := range s {
		switch {
		case r == '_', r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z':
		case r >= '0' && r <= '9' && i > 0:
		default:
			return false
		}
	}
	return true
}
