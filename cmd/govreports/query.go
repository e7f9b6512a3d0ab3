package main

import (
	"github.com/spf13/cobra"
)

func (a *app) queryCmd() *cobra.Command {
	var format string
	cmd := &cobra.Command{
		Use:   `query [--format table|csv|json] "SQL"`,
		Short: "Run one SQL statement against the ClickHouse target and print the result",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			switch format {
			case "table", "csv", "json":
			default:
				return usageError{errorf("--format: want table, csv or json")}
			}
			sink, err := a.openSink(cmd.Context())
			if err != nil {
				return err
			}
			defer sink.Close()
			t, err := sink.Query(cmd.Context(), args[0])
			if err != nil {
				return err
			}
			return t.Write(a.stdout, format)
		},
	}
	cmd.Flags().StringVar(&format, "format", "table", "output: table, csv or json")
	return cmd
}
