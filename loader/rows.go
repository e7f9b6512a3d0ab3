package loader

import (
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"math"
	"strconv"
	"sync"
	"time"

	"github.com/govreports/govreports/parser"
)

// The row types mirror the tables of schemas/clickhouse/migrations/00001_init.sql, column for
// column, in the order of the *Columns lists below, which both targets use in their INSERTs.

var reportColumns = []string{"id", "sha256", "title", "agency", "region_code", "region_name",
	"province", "city", "county", "level", "year", "form", "source", "url", "mirror", "fetched",
	"published", "encoding", "input_format", "parser_version", "status", "cells", "issues",
	"loaded_at", "version",
	// 00007_region_codes.sql
	"township", "body_type", "parent_code", "region_source", "region_data",
	// 00008_attachment_url.sql
	"attachment_url"}

type reportRow struct {
	ID, SHA256, Title, Agency                             string
	RegionCode, RegionName, Province, City, County, Level string
	Year                                                  uint16
	Form, Source, URL                                     string
	Mirror                                                uint8
	Fetched, Published                                    time.Time
	Encoding, InputFormat, ParserVersion, Status          string
	Cells, Issues                                         uint32
	LoadedAt                                              time.Time
	Version                                               uint64
	// The body's place and kind (00007): see parser.Region.
	Township, BodyType, ParentCode, RegionSource, RegionData string
	AttachmentURL                                            string // migration 00008
}

var cellColumns = []string{"report_id", "year", "region_code", "agency", "section", "row", "col",
	"value", "raw", "unit", "flags", "loaded_at", "version"}

type cellRow struct {
	ReportID           string
	Year               uint16
	RegionCode, Agency string
	Section, Row, Col  string
	Value              *float64
	Raw, Unit          string
	Flags              []string
	LoadedAt           time.Time
	Version            uint64
}

var issueColumns = []string{"report_id", "year", "rule", "severity", "section", "row", "col",
	"message", "expected", "actual", "span_start", "span_end", "key", "loaded_at", "version"}

type issueRow struct {
	ReportID                  string
	Year                      uint16
	Rule, Severity            string
	Section, Row, Col         string
	Message, Expected, Actual string
	SpanStart, SpanEnd        int64
	Key                       uint64
	LoadedAt                  time.Time
	Version                   uint64
}

var fetchColumns = []string{"url", "host", "status", "bytes", "encoding", "fetched_at", "outcome",
	"duration_ms", "content_sha256", "error", "attempt", "kind", "referrer", "depth", "is_report", "version"}

// batch is one Load's rows, in the order they are written: cells and issues before reports, so
// the *_current views switch to a new load only once all its rows are in.
type batch struct {
	reports []reportRow
	cells   []cellRow
	issues  []issueRow
}

// epoch is what unknown dates are stored as (ClickHouse Date/DateTime cannot hold Go's zero time).
var epoch = time.Unix(0, 0).UTC()

// chunks splits results into consecutive groups of at most batchRows cells plus issues (a report
// larger than that is a group of its own), so that a Load holds the rows of one group at a time:
// memory is bounded by the batch size, not by the input. Each group is written cells, issues,
// reports, which keeps the rule that a report's row lands after its cells and issues.
func chunks(results []*parser.Result, batchRows int) [][]*parser.Result {
	var out [][]*parser.Result
	lo, rows := 0, 0
	for i, r := range results {
		n := 0
		if r != nil {
			n = len(r.Cells) + len(r.Issues)
		}
		if i > lo && rows+n > batchRows {
			out = append(out, results[lo:i])
			lo, rows = i, 0
		}
		rows += n
	}
	if lo < len(results) {
		out = append(out, results[lo:])
	}
	return out
}

// checkResults finds what makes a batch unloadable (see buildBatch) without building rows.
func checkResults(results []*parser.Result) error {
	for i, r := range results {
		if r != nil && r.Report.ID == "" {
			return fmt.Errorf("%w: result %d (%q) has no report id", ErrBadResult, i, r.Report.Source)
		}
	}
	return nil
}

// buildBatch converts results to rows. It validates everything first, so a bad result means
// nothing is written.
func buildBatch(results []*parser.Result, version uint64, now time.Time) (batch, error) {
	var b batch
	loadedAt := now.UTC().Truncate(time.Second)
	for i, r := range results {
		if r == nil {
			continue
		}
		rep := &r.Report
		if rep.ID == "" {
			return batch{}, fmt.Errorf("%w: result %d (%q) has no report id", ErrBadResult, i, rep.Source)
		}
		year := clampYear(rep.Year)
		b.reports = append(b.reports, reportRow{
			ID: rep.ID, SHA256: rep.SHA256, Title: rep.Title, Agency: rep.Agency,
			RegionCode: rep.Region.Code, RegionName: rep.Region.Name,
			Province: rep.Region.Province, City: rep.Region.City, County: rep.Region.County,
			Level: rep.Region.Level,
			Year:  year, Form: rep.Form, Source: rep.Source, URL: rep.URL,
			Mirror:        boolByte(rep.Mirror),
			Fetched:       parseTime(rep.Fetched),
			Published:     parseDate(rep.Published),
			Encoding:      rep.Encoding,
			InputFormat:   rep.InputFormat,
			ParserVersion: rep.ParserVersion,
			Status:        rep.Status,
			Cells:         uint32(min(len(r.Cells), math.MaxUint32)),
			Issues:        uint32(min(len(r.Issues), math.MaxUint32)),
			LoadedAt:      loadedAt,
			Version:       version,
			Township:      rep.Region.Township,
			BodyType:      rep.Region.BodyType,
			ParentCode:    rep.Region.ParentCode,
			RegionSource:  rep.Region.Source,
			RegionData:    rep.Region.DataVersion,
			AttachmentURL: rep.AttachmentURL,
		})
		for _, c := range r.Cells {
			v := c.Value
			if v != nil && (math.IsNaN(*v) || math.IsInf(*v, 0)) {
				v = nil // not representable in JSON, and not a count anyway
			}
			flags := c.Flags
			if flags == nil {
				flags = []string{}
			}
			b.cells = append(b.cells, cellRow{
				ReportID: rep.ID, Year: year, RegionCode: rep.Region.Code, Agency: rep.Agency,
				Section: c.Section, Row: c.Row, Col: c.Col,
				Value: v, Raw: c.Raw, Unit: c.Unit, Flags: flags,
				LoadedAt: loadedAt, Version: version,
			})
		}
		for _, is := range r.Issues {
			row := issueRow{
				ReportID: rep.ID, Year: year, Rule: is.Rule, Severity: string(is.Severity),
				Section: is.Section, Row: is.Row, Col: is.Col,
				Message: is.Message, Expected: is.Expected, Actual: is.Actual,
				SpanStart: -1, SpanEnd: -1,
				LoadedAt: loadedAt, Version: version,
			}
			if is.Span != nil {
				row.SpanStart, row.SpanEnd = int64(is.Span.Start), int64(is.Span.End)
			}
			row.Key = issueKey(row)
			b.issues = append(b.issues, row)
		}
	}
	return b, nil
}

// issueKey is the last column of the issues table's ORDER BY: a hash of what tells two findings
// of one rule on one cell apart. It must stay stable across releases (it decides replacement on
// reload): first 8 bytes, big-endian, of SHA-256 over message, expected, actual and the span,
// NUL-separated.
func issueKey(r issueRow) uint64 {
	h := sha256.New()
	for _, s := range []string{r.Message, r.Expected, r.Actual,
		strconv.FormatInt(r.SpanStart, 10), strconv.FormatInt(r.SpanEnd, 10)} {
		h.Write([]byte(s))
		h.Write([]byte{0})
	}
	return binary.BigEndian.Uint64(h.Sum(nil)[:8])
}

func clampYear(y int) uint16 {
	if y < 0 || y > math.MaxUint16 {
		return 0
	}
	return uint16(y)
}

func boolByte(b bool) uint8 {
	if b {
		return 1
	}
	return 0
}

// parseTime reads the parser's RFC 3339 fetch time; anything else is unknown (epoch).
func parseTime(s string) time.Time {
	if s == "" {
		return epoch
	}
	t, err := time.Parse(time.RFC3339, s)
	if err != nil || t.Before(epoch) || t.Year() > 2105 { // DateTime is UInt32 seconds
		return epoch
	}
	return t.UTC().Truncate(time.Second)
}

// parseDate reads YYYY-MM-DD; anything else is unknown (epoch).
func parseDate(s string) time.Time {
	if s == "" {
		return epoch
	}
	t, err := time.Parse(time.DateOnly, s)
	if err != nil || t.Before(epoch) || t.Year() > 2148 { // Date is UInt16 days
		return epoch
	}
	return t
}

// versionClock hands out load versions: UnixNano, but strictly increasing within the process so
// two loads in the same nanosecond (or after a clock step back) are still ordered.
type versionClock struct {
	mu   sync.Mutex
	last uint64
}

func (c *versionClock) next() uint64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	v := uint64(time.Now().UnixNano())
	if v <= c.last {
		v = c.last + 1
	}
	c.last = v
	return v
}
