package schemas

import (
	"io/fs"
	"strings"
	"testing"
)

func TestRenderOnCluster(t *testing.T) {
	fsys, err := ClickHouseMigrationsOnCluster("reports_cluster", "govreports")
	if err != nil {
		t.Fatal(err)
	}
	names, _ := fs.Glob(fsys, "*.sql")
	if len(names) < 3 {
		t.Fatalf("rendered %v", names)
	}
	all := ""
	for _, n := range names {
		b, _ := fs.ReadFile(fsys, n)
		if !strings.Contains(string(b), "-- +goose Up") || !strings.Contains(string(b), "-- +goose NO TRANSACTION") {
			t.Errorf("%s lost its goose annotations", n)
		}
		all += string(b)
	}
	mustHave := []string{
		// Base tables: replicated locals + Distributed, sharded by report.
		"CREATE TABLE IF NOT EXISTS govreports.reports_local ON CLUSTER reports_cluster (",
		"ENGINE = ReplicatedReplacingMergeTree('/clickhouse/tables/{shard}/govreports/reports_local', '{replica}', version)\nORDER BY id;",
		"CREATE TABLE IF NOT EXISTS govreports.reports ON CLUSTER reports_cluster AS govreports.reports_local\nENGINE = Distributed(reports_cluster, govreports, reports_local, cityHash64(id));",
		"ENGINE = Distributed(reports_cluster, govreports, cells_local, cityHash64(report_id));",
		"ENGINE = Distributed(reports_cluster, govreports, issues_local, cityHash64(report_id));",
		"ENGINE = Distributed(reports_cluster, govreports, fetches_local, cityHash64(url));",
		"ORDER BY (report_id, section, row, col);",
		"    value       Nullable(Float64),\n", // column lists are kept as written
		// Views.
		"CREATE VIEW IF NOT EXISTS govreports.cells_current ON CLUSTER reports_cluster AS",
		"CREATE VIEW IF NOT EXISTS govreports.requests_by_report ON CLUSTER reports_cluster AS",
		"FROM govreports.cells FINAL\nWHERE (report_id, version) GLOBAL IN (SELECT id, version FROM govreports.reports FINAL);",
		"GLOBAL ANY INNER JOIN (",
		"GLOBAL ANY LEFT JOIN (",
		"FROM govreports.reports_current",
		// 00005: the key column goes to the local table with the new key, the column alone to the
		// Distributed one.
		"ALTER TABLE govreports.fetches_local ON CLUSTER reports_cluster ADD COLUMN attempt UInt16, MODIFY ORDER BY (host, url, fetched_at, attempt);\n" +
			"ALTER TABLE govreports.fetches ON CLUSTER reports_cluster ADD COLUMN attempt UInt16;",
		// 00006: plain columns on both tables, up and down.
		"ALTER TABLE govreports.fetches_local ON CLUSTER reports_cluster ADD COLUMN kind String, ADD COLUMN referrer String, ADD COLUMN depth UInt16, ADD COLUMN is_report UInt8;\n" +
			"ALTER TABLE govreports.fetches ON CLUSTER reports_cluster ADD COLUMN kind String, ADD COLUMN referrer String, ADD COLUMN depth UInt16, ADD COLUMN is_report UInt8;",
		"ALTER TABLE govreports.fetches ON CLUSTER reports_cluster DROP COLUMN kind,",
		// Down.
		"DROP TABLE IF EXISTS govreports.cells ON CLUSTER reports_cluster;\nDROP TABLE IF EXISTS govreports.cells_local ON CLUSTER reports_cluster;",
		"DROP TABLE IF EXISTS govreports.report_checks ON CLUSTER reports_cluster;",
	}
	for _, s := range mustHave {
		if !strings.Contains(all, s) {
			t.Errorf("rendered DDL lacks %q", s)
		}
	}
	for _, s := range []string{"ENGINE = ReplacingMergeTree", "version) IN (SELECT", "\nANY INNER JOIN", "FROM cells", "FROM reports FINAL"} {
		if strings.Contains(all, s) {
			t.Errorf("rendered DDL still has %q", s)
		}
	}
	ddl := 0
	for _, stmt := range strings.Split(all, ";") {
		var body []string // the statement without its comment lines
		for _, l := range strings.Split(stmt, "\n") {
			if !strings.HasPrefix(strings.TrimSpace(l), "--") {
				body = append(body, l)
			}
		}
		st := strings.TrimSpace(strings.Join(body, "\n"))
		if !strings.HasPrefix(st, "CREATE ") && !strings.HasPrefix(st, "DROP ") && !strings.HasPrefix(st, "ALTER ") {
			continue
		}
		ddl++
		if strings.Count(st, " ON CLUSTER reports_cluster") != 1 {
			t.Errorf("statement without exactly one ON CLUSTER: %.100q", st)
		}
	}
	if ddl < 20 {
		t.Errorf("only %d DDL statements found", ddl)
	}
}

func TestRenderOnClusterRejects(t *testing.T) {
	cases := []struct{ name, sql string }{
		{"unknown engine", "CREATE TABLE IF NOT EXISTS x (\n    a String\n) ENGINE = MergeTree()\nORDER BY a;"},
		{"alter of a kind not known", "ALTER TABLE cells MODIFY COLUMN z String;"},
		{"create without IF NOT EXISTS", "CREATE TABLE y (a String) ENGINE = Memory;"},
	}
	for _, c := range cases {
		if out, err := RenderOnCluster(c.sql, "c", "db"); err == nil {
			t.Errorf("%s: rendered without error:\n%s", c.name, out)
		}
	}
	if _, err := ClickHouseMigrationsOnCluster("bad name", "govreports"); err == nil {
		t.Error("a cluster name with a space was accepted")
	}
}
