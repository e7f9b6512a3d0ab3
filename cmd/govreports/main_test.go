package main

import (
	"github.com/govreports/govreports/internal/testenv"

	"bytes"
	"context"
	"encoding/json"
	"os"
	"strings"
	"testing"
	"time"
)

// The command is tested in process against the real targets: the ClickHouse server started by
// scripts/clickhouse.sh (GOVREPORTS_TEST_CLICKHOUSE) and real chDB through the helper built here.

const sample = "../../testdata/corpus/jinfeng-2022-pipe.txt"

var helperBin string

func TestMain(m *testing.M) {
	os.Exit(testenv.RunWithBinary(m, "cmd/govreports-chdb", &helperBin))
}

type result struct {
	code           int
	stdout, stderr string
}

func runCmd(t *testing.T, env map[string]string, args ...string) result {
	t.Helper()
	var out, errb bytes.Buffer
	spool := t.TempDir() // never the default ./spool inside the package directory
	getenv := func(k string) string {
		if v, ok := env[k]; ok {
			return v
		}
		if k == "GOVREPORTS_SPOOL" && os.Getenv(k) == "" {
			return spool
		}
		if k == "GOVREPORTS_ALLOW_PRIVATE_NETWORKS" && os.Getenv(k) == "" {
			return "true" // the test servers are on 127.0.0.1
		}
		return os.Getenv(k)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	code := run(ctx, args, strings.NewReader(""), &out, &errb, getenv)
	return result{code, out.String(), errb.String()}
}

func testDSN(t *testing.T) string {
	dsn, _ := testenv.ServerDSN("govreports_cmdtest")
	return dsn
}

func TestParseSample(t *testing.T) {
	r := runCmd(t, nil, "parse", sample)
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	var got struct {
		Report struct {
			Agency string `json:"agency"`
			Year   int    `json:"year"`
			Form   string `json:"form"`
		} `json:"report"`
		Cells  []json.RawMessage `json:"cells"`
		Issues []struct {
			Rule string `json:"rule"`
		} `json:"issues"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &got); err != nil {
		t.Fatalf("output is not one JSON object: %v", err)
	}
	if got.Report.Agency != "冶金工业园(锦丰镇)" || got.Report.Year != 2022 || got.Report.Form != "2021" || len(got.Cells) != 200 {
		t.Fatalf("report = %+v, %d cells", got.Report, len(got.Cells))
	}
	if len(got.Issues) != 1 || got.Issues[0].Rule != "content.spam" {
		t.Fatalf("issues = %+v", got.Issues)
	}
}

func TestParseFormats(t *testing.T) {
	r := runCmd(t, nil, "parse", "--format", "table", sample)
	if r.code != 0 || !strings.Contains(r.stdout, "13242") || !strings.Contains(r.stdout, "697.449") {
		t.Fatalf("table output (exit %d):\n%s", r.code, r.stdout)
	}
	r = runCmd(t, nil, "parse", "--format", "jsonl", "../../testdata/corpus/partial")
	if r.code != 0 || strings.Count(r.stdout, "\n") != 20 {
		t.Fatalf("jsonl of 20 partial pages: exit %d, %d lines; %s", r.code, strings.Count(r.stdout, "\n"), r.stderr)
	}
}

func TestExitCodes(t *testing.T) {
	tests := []struct {
		name string
		args []string
		env  map[string]string
		code int
		msg  string
	}{
		{"unknown flag", []string{"parse", "--bogus", sample}, nil, exitUsage, "unknown flag"},
		{"no args", []string{"parse"}, nil, exitUsage, "requires at least 1 arg"},
		{"unknown command", []string{"frobnicate"}, nil, exitUsage, "unknown command"},
		{"bad format", []string{"parse", "--format", "xml", sample}, nil, exitUsage, "--format"},
		{"bad env", []string{"parse", sample}, map[string]string{"GOVREPORTS_LOG_FORMAT": "xml"}, exitUsage, "log_format"},
		{"missing file", []string{"parse", "/nonexistent/report.txt"}, nil, exitFailure, "no such file"},
		{"serve without sites", []string{"serve"}, nil, exitUsage, "sites file"},
		{"validate errors", []string{"validate", "../../testdata/corpus/partial/027_shenyang_hunnan_guoziju_2022_TABLES_MISSING.txt"}, nil, exitFailure, "have errors"},
		{"validate clean", []string{"validate", sample}, nil, exitOK, ""},
		{"unreachable server", []string{"--clickhouse", "clickhouse://default@127.0.0.1:1/govreports", "query", "SELECT 1"}, nil, exitFailure, "unreachable"},
		{"no libchdb", []string{"--data", "", "query", "SELECT 1"}, map[string]string{"GOVREPORTS_DATA": "x"}, exitUsage, "no target"},
		{"version", []string{"version"}, nil, exitOK, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := runCmd(t, tt.env, tt.args...)
			if r.code != tt.code {
				t.Fatalf("exit %d, want %d; stderr: %s", r.code, tt.code, r.stderr)
			}
			if tt.msg != "" && !strings.Contains(r.stderr, tt.msg) {
				t.Fatalf("stderr %q does not say %q", r.stderr, tt.msg)
			}
			if tt.code != exitOK && strings.Count(strings.TrimSpace(lastLine(r.stderr)), "\n") > 0 {
				t.Fatalf("error is not one line: %q", r.stderr)
			}
		})
	}
}

func lastLine(s string) string {
	s = strings.TrimRight(s, "\n")
	if i := strings.LastIndexByte(s, '\n'); i >= 0 {
		return s[i+1:]
	}
	return s
}

func TestMissingLibchdb(t *testing.T) {
	t.Setenv("CHDB_LIB_PATH", "/nonexistent/libchdb.so")
	r := runCmd(t, map[string]string{"GOVREPORTS_CHDB_HELPER": helperBin}, "--data", t.TempDir(), "query", "SELECT 1")
	if r.code != exitFailure || !strings.Contains(r.stderr, "install-deps.sh") {
		t.Fatalf("exit %d, stderr %q", r.code, r.stderr)
	}
}

// TestLoadTwiceBothTargets: the sample lands with the same rows in the server and in chDB, and a
// second load leaves the counts (read with FINAL) unchanged.
func TestLoadTwiceBothTargets(t *testing.T) {
	t.Setenv("GOVREPORTS_CHDB_HELPER", helperBin)
	targets := map[string][]string{
		"server":   {"--clickhouse", testDSN(t)},
		"embedded": {"--data", t.TempDir()},
	}
	counts := map[string]string{}
	for name, target := range targets {
		for i := 0; i < 2; i++ {
			r := runCmd(t, nil, append(target, "load", sample, "../../testdata/corpus/partial")...)
			if r.code != 0 || !strings.Contains(r.stdout, "loaded 21 report(s)") {
				t.Fatalf("%s load %d: exit %d\n%s\n%s", name, i, r.code, r.stdout, r.stderr)
			}
		}
		q := "SELECT (SELECT count() FROM reports FINAL) AS r, (SELECT count() FROM cells FINAL) AS c, " +
			"(SELECT count() FROM issues FINAL) AS i, (SELECT sum(value) FROM cells FINAL WHERE report_id = '404c658271ae853642af9e2d0676eeaa') AS s"
		if name == "embedded" {
			q = strings.NewReplacer("FROM reports", "FROM govreports.reports", "FROM cells", "FROM govreports.cells", "FROM issues", "FROM govreports.issues").Replace(q)
		}
		r := runCmd(t, nil, append(target, "query", "--format", "csv", q)...)
		if r.code != 0 {
			t.Fatalf("%s query: %s", name, r.stderr)
		}
		counts[name] = strings.TrimSpace(r.stdout)
	}
	if counts["server"] != counts["embedded"] {
		t.Fatalf("targets differ:\nserver:   %s\nembedded: %s", counts["server"], counts["embedded"])
	}
	// 21 reports; the sample's 200 cells sum to the published figures (10+2+8+10+… see TEMPLATES.md).
	if !strings.Contains(counts["server"], "21,") {
		t.Fatalf("counts: %s", counts["server"])
	}
	t.Logf("both targets: %s", counts["server"])
}
