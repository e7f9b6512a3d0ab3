package main

import (
	"encoding/json"
	"fmt"
	"sort"

	"github.com/spf13/cobra"

	"github.com/govreports/govreports/internal/inputs"
	"github.com/govreports/govreports/parser"
)

func (a *app) validateCmd() *cobra.Command {
	var format string
	cmd := &cobra.Command{
		Use:   "validate [--format text|json] INPUT...",
		Short: "Check reports against the form and print their issues",
		Long: `validate parses its inputs and reports every validation issue: identities of the form,
missing tables, rows and cells, shifted columns, text in number cells, injected spam. It exits 1
when any report has an error-severity issue. (The HTML quality report is not built yet.)`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if format != "text" && format != "json" {
				return usageError{errorf("--format: want text or json")}
			}
			byStatus := map[string]int{}
			byRule := map[string]int{}
			reports, withErrors, failed := 0, 0, 0
			enc := json.NewEncoder(a.stdout)
			enc.SetEscapeHTML(false)
			err := a.walker().Walk(args, func(d inputs.Doc) error {
				res, err := parser.Parse(d.Data, d.Source)
				if err != nil {
					failed++
					a.log.Error("parse failed", "source", d.Source.Name, "err", err)
					return nil
				}
				reports++
				byStatus[res.Report.Status]++
				if res.Report.Status == "errors" || res.Report.Status == "no_tables" {
					withErrors++
				}
				for _, i := range res.Issues {
					byRule[i.Rule]++
				}
				if format == "json" {
					return enc.Encode(struct {
						Report parser.Report  `json:"report"`
						Issues []parser.Issue `json:"issues"`
					}{res.Report, res.Issues})
				}
				fmt.Fprintf(a.stdout, "%-9s %s (%s %d, %d issues)\n", res.Report.Status, d.Source.Name, res.Report.Agency, res.Report.Year, len(res.Issues))
				for _, i := range res.Issues {
					fmt.Fprintf(a.stdout, "    %-7s %-30s %s\n", i.Severity, i.Rule, i.Message)
				}
				return nil
			})
			if err != nil {
				return err
			}
			if format == "text" {
				fmt.Fprintf(a.stdout, "\n%d report(s) checked:", reports)
				for _, s := range sortedKeys(byStatus) {
					fmt.Fprintf(a.stdout, " %s %d", s, byStatus[s])
				}
				fmt.Fprintln(a.stdout)
				for _, r := range sortedKeys(byRule) {
					fmt.Fprintf(a.stdout, "  %6d  %s\n", byRule[r], r)
				}
			}
			if failed > 0 {
				return fmt.Errorf("%d input(s) could not be parsed", failed)
			}
			if withErrors > 0 {
				return fmt.Errorf("%d of %d report(s) have errors", withErrors, reports)
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&format, "format", "text", "output: text or json (one object per report)")
	return cmd
}

func sortedKeys(m map[string]int) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
