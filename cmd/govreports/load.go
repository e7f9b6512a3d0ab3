package main

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"runtime"

	"github.com/spf13/cobra"

	"github.com/govreports/govreports/crawler"
	"github.com/govreports/govreports/internal/inputs"
	"github.com/govreports/govreports/internal/pipeline"
	"github.com/govreports/govreports/loader"
	"github.com/govreports/govreports/parser"
)

// loadBatch is how many parsed reports are sent to ClickHouse together.
const loadBatch = 200

func (a *app) loadCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "load INPUT...",
		Short: "Parse reports and write reports, cells and issues to ClickHouse",
		Long: `load parses its inputs like parse and writes them to ClickHouse: the server named by
--clickhouse, or the embedded chDB engine in --data. Loading the same report again replaces it.
An archive directory's fetch logs (ARCHIVE/fetchlog/*.jsonl, kept by crawl) go to the fetches table.

` + parallelHelp,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			// A missing input is said before the target is opened (and created).
			for _, arg := range args {
				if arg == "-" {
					continue
				}
				if _, err := os.Stat(arg); err != nil {
					var pe *fs.PathError
					if errors.As(err, &pe) {
						err = pe.Err
					}
					return fmt.Errorf("input %s: %w", arg, err)
				}
			}
			sink, err := a.openSink(ctx)
			if err != nil {
				return err
			}
			defer sink.Close()
			// Parse and load in batches, so memory does not grow with the input (a crawl archive
			// of any size). A report loaded again replaces the earlier copy, so a load stopped
			// half-way is finished by running it again.
			var total struct{ reports, cells, issues int }
			batch := make([]*parser.Result, 0, loadBatch)
			flush := func() error {
				if len(batch) == 0 {
					return nil
				}
				st, err := sink.Load(ctx, batch)
				if err != nil {
					return fmt.Errorf("load into %s: %w", sink.Target(), err)
				}
				total.reports += st.Reports
				total.cells += st.Cells
				total.issues += st.Issues
				clear(batch) // let the loaded results go before the next batch is parsed
				batch = batch[:0]
				// Collect now, while little is live: otherwise the heap goal is set by whatever
				// collection falls mid-insert (results, rows and column buffers all live), and
				// the peak of a long load depends on that luck, not on the batch.
				runtime.GC()
				return nil
			}
			failed := 0
			// Parsed on every core, delivered here in input order, loaded batch by batch.
			err = a.parseInputs(args, func(d inputs.Doc, res *parser.Result, err error) error {
				if err != nil {
					failed++
					a.log.Error("parse failed", "source", d.Source.Name, "err", err)
					return nil
				}
				batch = append(batch, res)
				if len(batch) == loadBatch {
					return flush()
				}
				return nil
			})
			if err != nil && !errors.Is(err, inputs.ErrSkipped) {
				return err
			}
			skipped := err // inputs that could not be read, each named in a warning: exit 1 at the end
			if err := flush(); err != nil {
				return err
			}
			fetches, fetchErr := a.loadFetchLogs(cmd.Context(), sink, args)
			if fetchErr != nil && !errors.Is(fetchErr, crawler.ErrFetchLogCorrupt) {
				return fetchErr
			}
			fmt.Fprintf(a.stdout, "loaded %d report(s), %d cell(s), %d issue(s) into %s\n", total.reports, total.cells, total.issues, sink.Target())
			if fetches > 0 {
				fmt.Fprintf(a.stdout, "loaded %d fetch-log row(s)\n", fetches)
			}
			if fetchErr != nil {
				return fetchErr // damaged lines: the readable rows are loaded, the rest named
			}
			if failed > 0 {
				return errors.Join(skipped, fmt.Errorf("%d input(s) could not be parsed and were not loaded (see the log above)", failed))
			}
			return skipped
		},
	}
}

// loadFetchLogs loads the fetch logs that `crawl` kept under archive directories.
// A damaged line is reported after the readable rows of every log are loaded.
func (a *app) loadFetchLogs(ctx context.Context, sink loader.Sink, args []string) (int, error) {
	n := 0
	var damaged error
	for _, arg := range args {
		for _, path := range crawler.FetchLogFiles(arg) {
			f, err := os.Open(path)
			if err != nil {
				return n, fmt.Errorf("fetch log %s: %w", path, err)
			}
			recs, err := crawler.ReadFetchLog(f)
			f.Close()
			rows := make([]loader.Fetch, len(recs))
			for i, r := range recs {
				rows[i] = pipeline.FetchRow(r)
			}
			if errors.Is(err, crawler.ErrFetchLogCorrupt) {
				damaged = errors.Join(damaged, fmt.Errorf("fetch log %s: %w", path, err))
			} else if err != nil {
				return n, fmt.Errorf("fetch log %s: %w", path, err)
			}
			if len(rows) == 0 {
				continue
			}
			if err := sink.LoadFetches(ctx, rows); err != nil {
				return n, fmt.Errorf("fetch log %s into %s: %w", path, sink.Target(), err)
			}
			n += len(rows)
		}
	}
	return n, damaged
}
