package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/spf13/cobra"

	"github.com/govreports/govreports/internal/inputs"
	"github.com/govreports/govreports/internal/render"
	"github.com/govreports/govreports/parser"
	"github.com/govreports/govreports/quality"
)

// validateOpts are the flags of validate.
type validateOpts struct {
	format         string
	html           string
	fromClickHouse bool
}

func (a *app) validateCmd() *cobra.Command {
	var o validateOpts
	cmd := &cobra.Command{
		Use:   "validate [--html report.html] [--format text|json] INPUT...",
		Short: "Check reports against the form, print their issues and write the HTML quality report",
		Long: `validate parses its inputs (files, directories, WARC archives) and reports every validation
issue: identities of the form, missing tables, rows and cells, shifted columns, text in number
cells, injected spam and hosts outside gov.cn (suspect mirrors). The text output ends with a
summary: reports by status, suspect mirrors, top rules and the sources with most errors.

--html FILE writes one self-contained page (no network needed to open it): a filterable index of
the reports and every table drawn as the form's grid with the offending cells highlighted and
explained, linked to the source page. The rules are listed in docs/validation-rules.md.

Exit status: 0 when no report has errors (warnings allowed), 1 when any report has errors or an
input could not be read, 2 on a usage error.

` + parallelHelp,
		RunE: func(cmd *cobra.Command, args []string) error {
			if o.format != "text" && o.format != "json" {
				return usageError{errorf("--format: want text or json")}
			}
			if o.fromClickHouse {
				if len(args) > 0 {
					return usageError{errorf("--from-clickhouse reads what is loaded: give no INPUT")}
				}
				return a.validateLoaded(cmd.Context(), o)
			}
			if len(args) == 0 {
				return usageError{errorf("requires at least 1 arg(s): INPUT (file, directory, WARC archive, or -)")}
			}
			return a.validateInputs(args, o)
		},
	}
	cmd.Flags().StringVar(&o.format, "format", "text", "output: text or json (one object per report)")
	cmd.Flags().StringVar(&o.html, "html", "", "also write the HTML quality report to this file")
	cmd.Flags().BoolVar(&o.fromClickHouse, "from-clickhouse", false, "check the reports already loaded in ClickHouse instead of INPUTs")
	return cmd
}

// validateInputs parses every input, prints each report's issues as it goes and the summary at
// the end, and writes the HTML report when asked.
func (a *app) validateInputs(args []string, o validateOpts) error {
	var entries []quality.Entry
	failed := 0
	enc := json.NewEncoder(a.stdout)
	enc.SetEscapeHTML(false)
	a.batchGC()
	err := a.parseInputs(args, func(d inputs.Doc, res *parser.Result, err error) error {
		if err != nil {
			failed++
			a.log.Error("parse failed", "source", d.Source.Name, "err", err)
			return nil
		}
		e := quality.NewEntry(res, d.Data, d.Source)
		e.Archive = d.Archive // the HTML report points at the archived copy
		if o.html == "" {
			// Only the HTML report draws cells: without it, keep what the summary needs, so a run
			// over a large archive does not hold every cell in memory.
			e.Result = &parser.Result{Report: res.Report, Issues: res.Issues}
		}
		entries = append(entries, e)
		return a.printReport(enc, res, d.Source.Name, o.format)
	})
	if err != nil && !errors.Is(err, inputs.ErrSkipped) {
		return err
	}
	// Inputs skipped (each named in a warning) still fail the run, after the summary of the rest.
	return errors.Join(a.finishValidate(entries, failed, o), err)
}

// validateLoaded checks the reports already loaded in the configured ClickHouse target: the
// same output as for files, from the rows read back.
func (a *app) validateLoaded(ctx context.Context, o validateOpts) error {
	sink, err := a.openSink(ctx)
	if err != nil {
		return err
	}
	defer sink.Close()
	results, err := quality.ReadLoaded(ctx, sink)
	if err != nil {
		return fmt.Errorf("%s: %w", sink.Target(), err)
	}
	if len(results) == 0 {
		return fmt.Errorf("%s: no report loaded", sink.Target())
	}
	enc := json.NewEncoder(a.stdout)
	enc.SetEscapeHTML(false)
	entries := make([]quality.Entry, 0, len(results))
	for _, res := range results {
		entries = append(entries, quality.NewEntry(res, nil, parser.Source{Name: res.Report.Source}))
		if err := a.printReport(enc, res, res.Report.Source, o.format); err != nil {
			return err
		}
	}
	return a.finishValidate(entries, 0, o)
}

// printReport prints one report's issues: a JSON object, or a status line and one line per issue.
func (a *app) printReport(enc *json.Encoder, res *parser.Result, name, format string) error {
	if format == "json" {
		return enc.Encode(struct {
			Report parser.Report  `json:"report"`
			Issues []parser.Issue `json:"issues"`
		}{res.Report, res.Issues})
	}
	// Names, agencies and messages come from crawled pages: control characters are escaped.
	w := render.TerminalWriter(a.stdout)
	fmt.Fprintf(w, "%-9s %s (%s %d, %d issues)\n", res.Report.Status, name, res.Report.Agency, res.Report.Year, len(res.Issues))
	for _, i := range res.Issues {
		fmt.Fprintf(w, "    %-7s %-30s %s\n", i.Severity, i.Rule, i.Message)
	}
	return nil
}

// finishValidate prints the summary, writes the HTML report and turns the outcome into the exit
// status. It is shared by every way reports reach validate.
func (a *app) finishValidate(entries []quality.Entry, failed int, o validateOpts) error {
	sum := quality.Summarize(entries)
	if o.format == "text" {
		if err := sum.WriteText(render.TerminalWriter(a.stdout)); err != nil {
			return err
		}
	}
	if o.html != "" {
		if err := writeHTMLReport(o.html, entries); err != nil {
			return err
		}
		a.log.Info("wrote HTML quality report", "path", o.html, "reports", len(entries))
	}
	if failed > 0 {
		return fmt.Errorf("%d input(s) could not be parsed", failed)
	}
	withErrors := sum.ByStatus["errors"] + sum.ByStatus["no_tables"]
	if withErrors > 0 {
		return fmt.Errorf("%d of %d report(s) have errors", withErrors, sum.Reports)
	}
	return nil
}

// writeHTMLReport writes to a temporary file beside the target and renames it, so a reader never
// opens a half-written report and a failed run leaves the previous one in place.
func writeHTMLReport(path string, entries []quality.Entry) error {
	dir := filepath.Dir(path)
	f, err := os.CreateTemp(dir, ".govreports-quality-*.html")
	if err != nil {
		return fmt.Errorf("--html %s: %w", path, err)
	}
	tmp := f.Name()
	defer os.Remove(tmp) // no-op after the rename
	if err := quality.WriteHTML(f, entries, quality.Options{}); err != nil {
		f.Close()
		return fmt.Errorf("--html %s: %w", path, err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("--html %s: %w", path, err)
	}
	if err := os.Chmod(tmp, 0o644); err != nil {
		return fmt.Errorf("--html %s: %w", path, err)
	}
	if err := os.Rename(tmp, path); err != nil {
		return fmt.Errorf("--html %s: %w", path, err)
	}
	return nil
}
