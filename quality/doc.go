// Package quality turns parsed reports into what a data team reads to decide which published
// figures to trust: a terminal summary (reports by status, top rules, worst sources) and one
// static, self-contained HTML file that draws every table as the official form's grid with the
// parsed values, highlights the cells the issues name, and links each report to its source.
//
// It only reads parser.Result values and the form schemas: it parses nothing itself, so the same
// report can come from `validate` over files or from rows read back from ClickHouse.
package quality
