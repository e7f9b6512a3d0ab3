package main

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/govreports/govreports/internal/inputs"
)

func errorf(format string, args ...any) error { return fmt.Errorf(format, args...) }

// readWARC is the crawler's archive reader once it is wired; nil means inputs refuses WARC files
// with a clear error.
var readWARC inputs.WARCReader

// notBuilt is the RunE of a subcommand whose feature does not exist yet: it says so and fails.
func notBuilt(what string) func(*cobra.Command, []string) error {
	return func(*cobra.Command, []string) error {
		return fmt.Errorf("%s: %w", what, errNotBuilt)
	}
}

func (a *app) crawlCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "crawl --start URL... [--sites sites.yaml]",
		Short: "Find and fetch annual reports on government portals (politely, resumably)",
		RunE:  notBuilt("crawl"),
	}
}

func (a *app) runCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "run --start URL... [--sites sites.yaml]",
		Short: "Crawl, parse and load as one streaming pipeline",
		RunE:  notBuilt("run"),
	}
}

func (a *app) serveCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "serve --sites sites.yaml",
		Short: "Run scheduled crawls with metrics and health endpoints",
		RunE:  notBuilt("serve"),
	}
}
