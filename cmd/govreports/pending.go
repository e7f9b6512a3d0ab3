package main

import (
	"fmt"

	"github.com/spf13/cobra"
)

func errorf(format string, args ...any) error { return fmt.Errorf(format, args...) }

// notBuilt is the RunE of a subcommand whose feature does not exist yet: it says so and fails.
func notBuilt(what string) func(*cobra.Command, []string) error {
	return func(*cobra.Command, []string) error {
		return fmt.Errorf("%s: %w", what, errNotBuilt)
	}
}

func (a *app) serveCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "serve --sites sites.yaml",
		Short: "Run scheduled crawls with metrics and health endpoints",
		RunE:  notBuilt("serve"),
	}
}
