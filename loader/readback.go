package loader

import (
	"context"
	"fmt"
	"time"

	"github.com/govreports/govreports/parser"
)

// Reading loaded reports back (`validate --from-clickhouse`): the rows of the current load of
// each report (rows whose version is the report's latest, as the *_current views select them),
// scanned into the same row structs the loader writes, then turned back into parse results. The
// spans of spam issues keep their offsets, but the page text around them is not stored.

// Querier runs one SQL statement; a Sink satisfies it.
type Querier interface {
	Query(ctx context.Context, sql string) (*Table, error)
}

// The SELECT lists come from the row structs' tags, so a new column is read back as soon as the
// loader writes it.
//
// Written to run on a cluster too (Options.Cluster), where reports, cells and issues are
// Distributed tables on ClickHouse 18.16: columns read FINAL from a Distributed table need the
// version column among them (hence the subquery of all columns), and a subquery over one inside
// a distributed query must be GLOBAL. Both forms mean the same on one server.
var (
	qReports = "SELECT " + reportCodec.selectList() + " FROM (SELECT * FROM reports FINAL) ORDER BY source, id"
	qCells   = "SELECT " + cellCodec.selectList() + ` FROM cells FINAL
WHERE (report_id, version) GLOBAL IN (SELECT id, version FROM reports FINAL)
ORDER BY report_id, section, row, col`
	// Issues have no order of their own in the table; the parser's order (tables, then page-level
	// findings) is approximated by section, row, col, rule.
	qIssues = "SELECT " + issueCodec.selectList() + ` FROM issues FINAL
WHERE (report_id, version) GLOBAL IN (SELECT id, version FROM reports FINAL)
ORDER BY report_id, section, row, col, rule, message`
)

// ReadLoaded rebuilds the parse results of every report loaded in the target.
func ReadLoaded(ctx context.Context, q Querier) ([]*parser.Result, error) {
	var reps []reportRow
	if err := readRows(ctx, q, qReports, reportCodec, &reps); err != nil {
		return nil, fmt.Errorf("reading reports: %w", err)
	}
	var out []*parser.Result
	byID := map[string]*parser.Result{}
	for i := range reps {
		if _, dup := byID[reps[i].ID]; dup {
			continue // FINAL merges duplicates; a second row would be a race with a load
		}
		r := &parser.Result{Report: reps[i].report(), Cells: []parser.Cell{}, Issues: []parser.Issue{}}
		byID[reps[i].ID] = r
		out = append(out, r)
	}
	var cells []cellRow
	if err := readRows(ctx, q, qCells, cellCodec, &cells); err != nil {
		return nil, fmt.Errorf("reading cells: %w", err)
	}
	for i := range cells {
		if r := byID[cells[i].ReportID]; r != nil {
			r.Cells = append(r.Cells, cells[i].cell())
		}
	}
	var issues []issueRow
	if err := readRows(ctx, q, qIssues, issueCodec, &issues); err != nil {
		return nil, fmt.Errorf("reading issues: %w", err)
	}
	for i := range issues {
		if r := byID[issues[i].ReportID]; r != nil {
			r.Issues = append(r.Issues, issues[i].issue())
		}
	}
	return out, nil
}

func readRows(ctx context.Context, q Querier, sql string, c *rowCodec, dst any) error {
	t, err := q.Query(ctx, sql)
	if err != nil {
		return err
	}
	return c.scan(t, dst)
}

// report is the inverse of buildBatch for one report row.
func (r *reportRow) report() parser.Report {
	rep := parser.Report{
		ID: r.ID, SHA256: r.SHA256, Title: r.Title, Agency: r.Agency, Year: int(r.Year),
		Form: r.Form, Source: r.Source, URL: r.URL, Mirror: r.Mirror != 0,
		Encoding: r.Encoding, InputFormat: r.InputFormat, ParserVersion: r.ParserVersion,
		Status: r.Status, AttachmentURL: r.AttachmentURL,
		Region: parser.Region{Code: r.RegionCode, Name: r.RegionName, Province: r.Province,
			City: r.City, County: r.County, Township: r.Township, Level: r.Level,
			BodyType: r.BodyType, ParentCode: r.ParentCode, Source: r.RegionSource,
			DataVersion: r.RegionData},
	}
	if r.Fetched.Unix() > 0 { // epoch is "unknown" (see parseTime)
		rep.Fetched = r.Fetched.UTC().Format(time.RFC3339)
	}
	if r.Published.Year() > 1970 { // epoch is "unknown" (see parseDate)
		rep.Published = r.Published.UTC().Format(time.DateOnly)
	}
	return rep
}

func (c *cellRow) cell() parser.Cell {
	flags := c.Flags
	if flags == nil {
		flags = []string{}
	}
	return parser.Cell{Section: c.Section, Row: c.Row, Col: c.Col, Value: c.Value,
		Raw: c.Raw, Unit: c.Unit, Flags: flags}
}

func (r *issueRow) issue() parser.Issue {
	is := parser.Issue{Rule: r.Rule, Severity: parser.Severity(r.Severity),
		Section: r.Section, Row: r.Row, Col: r.Col,
		Message: r.Message, Expected: r.Expected, Actual: r.Actual}
	if r.SpanEnd > r.SpanStart {
		// The span's text is not stored; for spam it is the issue's actual.
		is.Span = &parser.Span{Start: int(r.SpanStart), End: int(r.SpanEnd), Text: r.Actual}
	}
	return is
}
