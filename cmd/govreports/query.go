package main

import (
	"context"
	"time"

	"github.com/spf13/cobra"
)

func (a *app) queryCmd() *cobra.Command {
	var format string
	var timeout time.Duration
	cmd := &cobra.Command{
		Use:   `query [--format table|csv|json] [--timeout D] "SQL"`,
		Short: "Run one SQL statement against the ClickHouse target and print the result",
		Long: `query runs one SQL statement against the ClickHouse target and prints the result.
--timeout stops a statement that runs longer (the server also enforces it, as max_execution_time;
the embedded engine is stopped with the statement); 0 means no limit.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			switch format {
			case "table", "csv", "json":
			default:
				return usageError{errorf("--format: want table, csv or json")}
			}
			if timeout < 0 {
				return usageError{errorf("--timeout: must not be negative")}
			}
			sink, err := a.openSink(cmd.Context())
			if err != nil {
				return err
			}
			defer sink.Close()
			ctx := cmd.Context()
			if timeout > 0 {
				// After opening (and migrating): the limit is the statement's, not the set-up's.
				var cancel context.CancelFunc
				ctx, cancel = context.WithTimeoutCause(ctx, timeout, errorf("--timeout %s reached", timeout))
				defer cancel()
			}
			t, err := sink.Query(ctx, args[0])
			if err != nil {
				return err
			}
			return t.Write(a.stdout, format)
		},
	}
	cmd.Flags().StringVar(&format, "format", "table", "output: table, csv or json")
	cmd.Flags().DurationVar(&timeout, "timeout", 10*time.Minute, "stop a statement that runs longer than this (0: no limit)")
	return cmd
}
