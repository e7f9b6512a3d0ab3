package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"runtime/debug"

	"github.com/spf13/cobra"

	"github.com/govreports/govreports/internal/inputs"
	"github.com/govreports/govreports/internal/render"
	"github.com/govreports/govreports/internal/workpool"
	"github.com/govreports/govreports/parser"
)

// parallelHelp is said in the --help of every command that parses a directory or archive.
const parallelHelp = `Inputs are parsed on every core the process may use (GOMAXPROCS workers, e.g. fewer under
taskset), reading at most two documents per worker ahead of the output; results come out in input order,
as a one-core run gives them.`

// parseInputs parses every document the arguments name on every core and calls fn with each
// result, one at a time and in input order (directories sorted, archives in record order).
func (a *app) parseInputs(args []string, fn func(d inputs.Doc, res *parser.Result, err error) error) error {
	type parsed struct {
		res *parser.Result
		err error
	}
	workers := workpool.Workers()
	if workers > 1 {
		parser.Warm() // on a spare core while the first inputs are read
	}
	return workpool.Ordered(workers,
		func(submit func(inputs.Doc) error) error { return a.walker().Walk(args, submit) },
		func(d inputs.Doc) parsed {
			res, err := parser.Parse(d.Data, d.Source)
			return parsed{res, err}
		},
		func(d inputs.Doc, p parsed) error { return fn(d, p.res, p.err) })
}

func (a *app) parseCmd() *cobra.Command {
	var format string
	cmd := &cobra.Command{
		Use:   "parse [--format json|jsonl|table] INPUT...",
		Short: "Parse reports (files, directories, - for stdin, WARC archives) and print them",
		Long: `parse reads report pages (HTML, or text dumps: pipe-delimited, markdown, tab-separated,
pdftotext) and prints one JSON object per report: {"report": {...}, "cells": [...], "issues": [...]}
(docs/output.md). A first line
"# SOURCE: URL" in a text file names the page's URL.

` + parallelHelp,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			write, err := resultWriter(a.stdout, format)
			if err != nil {
				return usageError{err}
			}
			failed := 0
			a.batchGC()
			err = a.parseInputs(args, func(d inputs.Doc, res *parser.Result, err error) error {
				if err != nil {
					failed++
					a.log.Error("parse failed", "source", d.Source.Name, "err", err)
					return nil // recorded; the other inputs still get parsed
				}
				return write(res)
			})
			if err != nil && !errors.Is(err, inputs.ErrSkipped) {
				return err
			}
			if failed > 0 {
				err = errors.Join(err, fmt.Errorf("%d input(s) could not be parsed (see the log above)", failed))
			}
			return err // inputs skipped (each named in a warning) make the exit status 1
		},
	}
	cmd.Flags().StringVar(&format, "format", "json", "output: json (indented), jsonl (one line per report) or table")
	return cmd
}

// resultWriter returns the printer for an output format.
func resultWriter(w io.Writer, format string) (func(*parser.Result) error, error) {
	switch format {
	case "json":
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		return func(r *parser.Result) error { return enc.Encode(r) }, nil
	case "jsonl":
		// The bytes encoding/json would write (Result.AppendJSON), without its reflection.
		enc := json.NewEncoder(w)
		enc.SetEscapeHTML(false)
		var buf []byte
		return func(r *parser.Result) error {
			b, ok := r.AppendJSON(buf[:0])
			if !ok {
				return enc.Encode(r) // a value JSON cannot hold: encoding/json says which
			}
			buf = append(b, '\n')
			_, err := w.Write(buf)
			return err
		}, nil
	case "table":
		// For people, at a terminal: crawled text never reaches it raw (control characters escaped).
		w := render.TerminalWriter(w)
		return func(r *parser.Result) error {
			if err := render.Tables(w, r); err != nil {
				return err
			}
			_, err := fmt.Fprintln(w)
			return err
		}, nil
	}
	return nil, errors.New("--format: want json, jsonl or table")
}

// batchGC lets the garbage collector run less often while documents are parsed one after the
// other: collecting took a sixth of the CPU time of a parse, and the live heap of these commands
// is small (the documents in flight and their results), so five times it is still small. A soft
// limit of 1 GiB bounds it. parse and validate use it; load does not: it holds a batch of results
// at a time, and five times that made its peak grow with the input (TestLoadStreams).
// GOGC and GOMEMLIMIT set in the environment win.
func (a *app) batchGC() {
	if a.getenv("GOGC") == "" {
		debug.SetGCPercent(400)
	}
	if a.getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(1 << 30)
	}
}
