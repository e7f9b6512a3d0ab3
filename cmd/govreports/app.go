package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/url"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/govreports/govreports/internal/config"
	"github.com/govreports/govreports/internal/inputs"
	"github.com/govreports/govreports/internal/sitename"
	"github.com/govreports/govreports/loader"
)

// app holds what every subcommand shares: streams, the configuration and the logger.
type app struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	getenv         func(string) string

	cfg        config.Config
	configFile string
	log        *slog.Logger
	root       *cobra.Command
}

// flagKeys maps the common flags to their configuration keys.
var flagKeys = map[string]string{
	"clickhouse": "clickhouse", "data": "data", "archive": "archive", "state": "state", "spool": "spool", "cluster": "cluster",
	"sites": "sites", "log-format": "log_format", "log-level": "log_level", "allow-private-networks": "allow_private_networks",
	"frontier": "frontier", "frontier-lease": "frontier_lease", "node": "node",
}

func newApp(stdin io.Reader, stdout, stderr io.Writer, getenv func(string) string) *app {
	a := &app{stdin: stdin, stdout: stdout, stderr: stderr, getenv: getenv, cfg: config.Default()}
	root := &cobra.Command{
		Use:   "govreports",
		Short: "Turn government information disclosure annual reports into data",
		Long: `govreports finds 政府信息公开工作年度报告 on government portals, parses their three
statistical tables into cells with stable codes, checks them, and loads them into ClickHouse
(a server with --clickhouse, or the embedded chDB engine in --data).`,
		SilenceUsage:      true,
		SilenceErrors:     true,
		PersistentPreRunE: func(cmd *cobra.Command, _ []string) error { return a.configure(cmd.Flags()) },
	}
	root.SetIn(stdin)
	root.SetOut(stdout)
	root.SetErr(stderr)
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return usageError{err} })
	d := config.Default()
	pf := root.PersistentFlags()
	pf.StringVar(&a.configFile, "config", "", "YAML configuration file (then GOVREPORTS_* env, then flags)")
	pf.String("clickhouse", "", "ClickHouse server DSN, e.g. clickhouse://default@127.0.0.1:9000/govreports (env GOVREPORTS_CLICKHOUSE); empty: embedded chDB")
	pf.String("data", d.Data, "data directory of the embedded ClickHouse (chDB) target (env GOVREPORTS_DATA)")
	pf.String("archive", d.Archive, "directory of raw fetched pages, WARC files (env GOVREPORTS_ARCHIVE)")
	pf.String("state", d.State, "directory of crawl state (env GOVREPORTS_STATE)")
	pf.String("spool", d.Spool, "directory where run and serve keep parsed reports until ClickHouse has them (env GOVREPORTS_SPOOL)")
	pf.String("cluster", "", "ClickHouse cluster name: DDL with ON CLUSTER, Replicated and Distributed tables (env GOVREPORTS_CLUSTER)")
	pf.String("sites", "", "sites file for crawl, run and serve (env GOVREPORTS_SITES)")
	pf.String("log-format", d.LogFormat, "log format: text or json (env GOVREPORTS_LOG_FORMAT)")
	pf.String("log-level", d.LogLevel, "log level: debug, info, warn, error (env GOVREPORTS_LOG_LEVEL)")
	pf.Bool("allow-private-networks", false, "let crawl, run and serve connect to loopback, private and link-local addresses, refused by default after DNS resolution (env GOVREPORTS_ALLOW_PRIVATE_NETWORKS)")
	pf.String("frontier", "", "Redis shared by several crawler nodes, redis://host:port/db: sites' queues and visited sets, host leases, site claims (env GOVREPORTS_FRONTIER); empty: local state in --state")
	pf.Duration("frontier-lease", d.FrontierLease, "how long a node's claim on a site or host lives unrenewed: a dead node's sites wait this long (env GOVREPORTS_FRONTIER_LEASE)")
	pf.String("node", "", "this node's name among the frontier's nodes (env GOVREPORTS_NODE; default hostname-pid)")
	root.AddCommand(a.parseCmd(), a.loadCmd(), a.queryCmd(), a.validateCmd(), a.crawlCmd(), a.runCmd(), a.serveCmd(), a.versionCmd(), a.simulateCmd())
	a.root = root
	return a
}

func (a *app) execute(ctx context.Context, args []string) error {
	a.root.SetArgs(args)
	cmd, err := a.root.ExecuteContextC(ctx)
	if err != nil && cmd != nil && isCobraUsage(err) {
		return usageError{err}
	}
	return err
}

// isCobraUsage recognizes cobra's own argument errors (unknown command, wrong arg count).
func isCobraUsage(err error) bool {
	s := err.Error()
	for _, p := range []string{"unknown command", "accepts ", "requires at least", "requires exactly", "unknown flag", "unknown shorthand"} {
		if strings.Contains(s, p) {
			return true
		}
	}
	return false
}

// configure fills the Config: defaults → file → env → flags, then validates it once.
func (a *app) configure(fs *pflag.FlagSet) error {
	if a.configFile != "" {
		if err := a.cfg.LoadFile(a.configFile); err != nil {
			return err
		}
	}
	if err := a.cfg.LoadEnv(a.getenv); err != nil {
		return err
	}
	var ferr error
	fs.Visit(func(f *pflag.Flag) {
		if key, ok := flagKeys[f.Name]; ok && ferr == nil {
			ferr = a.cfg.Set(key, f.Value.String())
		}
	})
	if ferr != nil {
		return usageError{ferr}
	}
	if err := a.cfg.Validate(); err != nil {
		return usageError{err}
	}
	a.log = newLogger(a.stderr, a.cfg.LogFormat, a.cfg.LogLevel)
	return nil
}

func newLogger(w io.Writer, format, level string) *slog.Logger {
	var lv slog.Level
	_ = lv.UnmarshalText([]byte(level))
	opts := &slog.HandlerOptions{Level: lv}
	if format == "json" {
		return slog.New(slog.NewJSONHandler(w, opts))
	}
	return slog.New(slog.NewTextHandler(w, opts))
}

// walker reads command-line inputs.
func (a *app) walker() inputs.Walker {
	return inputs.Walker{Stdin: a.stdin, WARC: warcReader(a.log), Log: a.log}
}

// openSink opens the configured ClickHouse target and applies pending migrations.
func (a *app) openSink(ctx context.Context) (loader.Sink, error) {
	dsn, err := a.serverDSN()
	if err != nil {
		return nil, err
	}
	sink, err := loader.Open(ctx, loader.Options{
		DSN: dsn, DataDir: a.cfg.Data, Logger: a.log, Cluster: a.cfg.Cluster,
		BatchRows: a.cfg.BatchRows, DialTimeout: a.cfg.DialTimeout,
	})
	if err != nil {
		return nil, err
	}
	if err := sink.Migrate(ctx); err != nil {
		sink.Close()
		return nil, fmt.Errorf("migrations on %s: %w", sink.Target(), err)
	}
	return sink, nil
}

// serverDSN is the configured DSN with the password from GOVREPORTS_CLICKHOUSE_PASSWORD or the
// password file put in, so a secret need not stand in a flag, a config file or a process list.
func (a *app) serverDSN() (string, error) {
	dsn := a.cfg.ClickHouse
	if dsn == "" {
		return "", nil
	}
	pass := a.getenv("GOVREPORTS_CLICKHOUSE_PASSWORD")
	if a.cfg.ClickHousePasswordFile != "" {
		b, err := os.ReadFile(a.cfg.ClickHousePasswordFile)
		if err != nil {
			return "", fmt.Errorf("clickhouse_password_file: %w", err)
		}
		pass, _, _ = strings.Cut(string(b), "\n")
		pass = strings.TrimRight(pass, "\r")
	}
	if pass == "" {
		return dsn, nil
	}
	u, err := url.Parse(dsn)
	if err != nil {
		return "", usageError{fmt.Errorf("clickhouse: bad DSN %s: %s", loader.RedactDSN(dsn), loader.RedactError(err, dsn))}
	}
	user := "default"
	if u.User != nil && u.User.Username() != "" {
		user = u.User.Username()
	}
	u.User = url.UserPassword(user, pass)
	return u.String(), nil
}

// siteSpool opens the write-ahead spool of one site (nil when spooling is off).
func (a *app) siteSpool(site string) (*loader.Spool, error) {
	if a.cfg.Spool == "" {
		return nil, nil
	}
	return loader.OpenSpool(filepath.Join(a.cfg.Spool, sitename.Dir(site)), a.log)
}
