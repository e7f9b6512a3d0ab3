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

// The row types are the tables of schemas/clickhouse/migrations, column for column in table
// order (see rowcodec.go): their ch tags are the only list of a table's columns in Go.
// schema_test.go checks them against system.columns of the migrated schema on both targets.

type reportRow struct {
	ID            string    `ch:"id"`
	SHA256        string    `ch:"sha256"`
	Title         string    `ch:"title"`
	Agency        string    `ch:"agency"`
	RegionCode    string    `ch:"region_code"`
	RegionName    string    `ch:"region_name"`
	Province      string    `ch:"province"`
	City          string    `ch:"city"`
	County        string    `ch:"county"`
	Level         string    `ch:"level"`
	Year          uint16    `ch:"year"`
	Form          string    `ch:"form"`
	Source        string    `ch:"source"`
	URL           string    `ch:"url"`
	Mirror        uint8     `ch:"mirror"`
	Fetched       time.Time `ch:"fetched"`
	Published     time.Time `ch:"published" chtype:"Date"`
	Encoding      string    `ch:"encoding"`
	InputFormat   string    `ch:"input_format"`
	ParserVersion string    `ch:"parser_version"`
	Status        string    `ch:"status"`
	Cells         uint32    `ch:"cells"`
	Issues        uint32    `ch:"issues"`
	LoadedAt      time.Time `ch:"loaded_at"`
	Version       uint64    `ch:"version"`
	// The body's place and kind (00007_region_codes.sql): see parser.Region.
	Township     string `ch:"township"`
	BodyType     string `ch:"body_type"`
	ParentCode   string `ch:"parent_code"`
	RegionSource string `ch:"region_source"`
	RegionData   string `ch:"region_data"`
	// 00008_attachment_url.sql
	AttachmentURL string `ch:"attachment_url"`
}

type cellRow struct {
	ReportID   string    `ch:"report_id"`
	Year       uint16    `ch:"year"`
	RegionCode string    `ch:"region_code"`
	Agency     string    `ch:"agency"`
	Section    string    `ch:"section"`
	Row        string    `ch:"row"`
	Col        string    `ch:"col"`
	Value      *float64  `ch:"value"`
	Raw        string    `ch:"raw"`
	Unit       string    `ch:"unit"`
	Flags      []string  `ch:"flags"`
	LoadedAt   time.Time `ch:"loaded_at"`
	Version    uint64    `ch:"version"`
}

type issueRow struct {
	ReportID  string    `ch:"report_id"`
	Year      uint16    `ch:"year"`
	Rule      string    `ch:"rule"`
	Severity  string    `ch:"severity"`
	Section   string    `ch:"section"`
	Row       string    `ch:"row"`
	Col       string    `ch:"col"`
	Message   string    `ch:"message"`
	Expected  string    `ch:"expected"`
	Actual    string    `ch:"actual"`
	SpanStart int64     `ch:"span_start"`
	SpanEnd   int64     `ch:"span_end"`
	Key       uint64    `ch:"key"`
	LoadedAt  time.Time `ch:"loaded_at"`
	Version   uint64    `ch:"version"`
}

// The codecs of the row types, built once; a bad tag stops the program at start-up.
var (
	reportCodec = newCodec[reportRow]()
	cellCodec   = newCodec[cellRow]()
	issueCodec  = newCodec[issueRow]()
	fetchCodec  = newCodec[fetchRow]()
)

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
