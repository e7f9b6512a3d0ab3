package quality

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"github.com/govreports/govreports/loader"
	"github.com/govreports/govreports/parser"
)

// Reading loaded reports back: `validate --from-clickhouse` checks what is already in ClickHouse
// with the same summary and HTML report as for files. Only the current load of each report is
// read (rows whose version is the report's latest, as the *_current views select them); the
// spans of spam issues keep their offsets, but the page text around them is not stored.

// Querier runs one SQL statement; loader.Sink satisfies it.
type Querier interface {
	Query(ctx context.Context, sql string) (*loader.Table, error)
}

// Written to run on a cluster too (loader Options.Cluster), where reports, cells and issues are
// Distributed tables on ClickHouse 18.16: columns read FINAL from a Distributed table need the
// version column among them (hence the subquery of all columns), and a subquery over one inside
// a distributed query must be GLOBAL. Both forms mean the same on one server.
const (
	qReports = `SELECT id, title, agency, year, form, source, sha256, encoding, published, url, input_format,
  parser_version, status, mirror, region_code, region_name, province, city, county, level, fetched,
  township, body_type, parent_code, region_source, region_data
FROM (SELECT * FROM reports FINAL) ORDER BY source, id`
	qCells = `SELECT report_id, section, row, col, value, raw, unit, flags
FROM cells FINAL WHERE (report_id, version) GLOBAL IN (SELECT id, version FROM reports FINAL)
ORDER BY report_id, section, row, col`
	// Issues have no order of their own in the table; the parser's order (tables, then page-level
	// findings) is approximated by section, row, col, rule.
	qIssues = `SELECT report_id, rule, severity, section, row, col, message, expected, actual, span_start, span_end
FROM issues FINAL WHERE (report_id, version) GLOBAL IN (SELECT id, version FROM reports FINAL)
ORDER BY report_id, section, row, col, rule, message`
)

// ReadLoaded rebuilds the parse results of every report loaded in the target.
func ReadLoaded(ctx context.Context, q Querier) ([]*parser.Result, error) {
	reps, err := q.Query(ctx, qReports)
	if err != nil {
		return nil, fmt.Errorf("reading reports: %w", err)
	}
	var out []*parser.Result
	byID := map[string]*parser.Result{}
	for _, row := range rowsOf(reps) {
		r := &parser.Result{Cells: []parser.Cell{}, Issues: []parser.Issue{}}
		rep := &r.Report
		rep.ID, rep.Title, rep.Agency = row.str("id"), row.str("title"), row.str("agency")
		rep.Year, rep.Form, rep.Source = int(row.num("year")), row.str("form"), row.str("source")
		rep.SHA256, rep.Encoding, rep.URL = row.str("sha256"), row.str("encoding"), row.str("url")
		rep.Published = row.date("published")
		rep.InputFormat, rep.ParserVersion, rep.Status = row.str("input_format"), row.str("parser_version"), row.str("status")
		rep.Mirror = row.num("mirror") != 0
		rep.Region = parser.Region{Code: row.str("region_code"), Name: row.str("region_name"), Province: row.str("province"),
			City: row.str("city"), County: row.str("county"), Township: row.str("township"), Level: row.str("level"),
			BodyType: row.str("body_type"), ParentCode: row.str("parent_code"), Source: row.str("region_source"),
			DataVersion: row.str("region_data")}
		if t, ok := row.get("fetched").(time.Time); ok && t.Unix() > 0 {
			rep.Fetched = t.UTC().Format(time.RFC3339)
		}
		if _, dup := byID[rep.ID]; dup {
			continue // FINAL merges duplicates; a second row would be a race with a load
		}
		byID[rep.ID] = r
		out = append(out, r)
	}
	cells, err := q.Query(ctx, qCells)
	if err != nil {
		return nil, fmt.Errorf("reading cells: %w", err)
	}
	for _, row := range rowsOf(cells) {
		r := byID[row.str("report_id")]
		if r == nil {
			continue
		}
		c := parser.Cell{Section: row.str("section"), Row: row.str("row"), Col: row.str("col"),
			Raw: row.str("raw"), Unit: row.str("unit"), Flags: []string{}}
		if v, ok := row.get("value").(float64); ok {
			c.Value = &v
		}
		if fl, ok := row.get("flags").([]any); ok {
			for _, f := range fl {
				if s, ok := f.(string); ok {
					c.Flags = append(c.Flags, s)
				}
			}
		}
		r.Cells = append(r.Cells, c)
	}
	iss, err := q.Query(ctx, qIssues)
	if err != nil {
		return nil, fmt.Errorf("reading issues: %w", err)
	}
	for _, row := range rowsOf(iss) {
		r := byID[row.str("report_id")]
		if r == nil {
			continue
		}
		i := parser.Issue{Rule: row.str("rule"), Severity: parser.Severity(row.str("severity")),
			Section: row.str("section"), Row: row.str("row"), Col: row.str("col"),
			Message: row.str("message"), Expected: row.str("expected"), Actual: row.str("actual")}
		if s, e := int(row.num("span_start")), int(row.num("span_end")); e > s {
			// The span's text is not stored; for spam it is the issue's actual.
			i.Span = &parser.Span{Start: s, End: e, Text: i.Actual}
		}
		r.Issues = append(r.Issues, i)
	}
	return out, nil
}

// tableRow reads one row of a loader.Table by column name, tolerating the type differences of
// the two targets (integers signed or not, strings for unknown types).
type tableRow struct {
	cols map[string]int
	vals []any
}

func rowsOf(t *loader.Table) []tableRow {
	cols := map[string]int{}
	for i, c := range t.Columns {
		cols[c] = i
	}
	out := make([]tableRow, len(t.Rows))
	for i, r := range t.Rows {
		out[i] = tableRow{cols: cols, vals: r}
	}
	return out
}

func (r tableRow) get(col string) any {
	i, ok := r.cols[col]
	if !ok || i >= len(r.vals) {
		return nil
	}
	return r.vals[i]
}

func (r tableRow) str(col string) string {
	switch v := r.get(col).(type) {
	case string:
		return v
	case nil:
		return ""
	default:
		return fmt.Sprint(v)
	}
}

func (r tableRow) num(col string) float64 {
	switch v := r.get(col).(type) {
	case int64:
		return float64(v)
	case uint64:
		return float64(v)
	case float64:
		return v
	case string:
		f, _ := strconv.ParseFloat(v, 64)
		return f
	}
	return 0
}

// date renders a Date column as the contract's YYYY-MM-DD, "" for the zero date (unknown).
func (r tableRow) date(col string) string {
	switch v := r.get(col).(type) {
	case time.Time:
		if v.Year() <= 1970 {
			return ""
		}
		return v.UTC().Format(time.DateOnly)
	case string:
		if v == "" || v == "1970-01-01" || v == "0000-00-00" {
			return ""
		}
		return v
	}
	return ""
}
