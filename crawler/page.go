package crawler

import (
	"net/http"
	"time"
)

// Outcome says how one URL ended. The values are stable strings: the lead
// loads them into ClickHouse (table fetches) as they are.
type Outcome string

const (
	OutcomeOK               Outcome = "ok"                // 2xx, body complete
	OutcomeNotModified      Outcome = "not_modified"      // 304 to a conditional request
	OutcomeRedirect         Outcome = "redirect"          // 3xx to an allowed URL, which was queued
	OutcomeRobotsDisallowed Outcome = "robots_disallowed" // never requested
	OutcomeOffsiteRedirect  Outcome = "offsite_redirect"  // 3xx to a host not allowed; target never requested
	OutcomeTruncated        Outcome = "truncated"         // body over limit or cut short; never parsed as complete
	OutcomeHTTPError        Outcome = "http_error"        // 4xx/5xx, after retries for retryable ones
	OutcomeTimeout          Outcome = "timeout"           // connect/read/request timeout, after retries
	OutcomeNetworkError     Outcome = "network_error"     // connection refused/reset, after retries
	OutcomePrivateAddress   Outcome = "private_address"   // the host resolved to a non-public address; never connected
	OutcomeTooManyRetries   Outcome = "too_many_retries"  // 429/503 kept coming back
	OutcomeDuplicate        Outcome = "duplicate"         // same main text as an earlier page (mirror, _wap)
	OutcomeTrap             Outcome = "trap"              // calendar, query explosion, looping path; never requested
	OutcomeMaxPages         Outcome = "max_pages"         // Config.MaxPages reached; never requested
	OutcomeBadScheme        Outcome = "bad_scheme"        // redirect to a non-http(s) URL
	OutcomeInvalidURL       Outcome = "invalid_url"       // colly/net/http refused the URL before sending
	OutcomeRetry            Outcome = "retry"             // an attempt that failed and was scheduled again (not final)
)

// Page is one fetched resource handed to the emit callback.
//
// Body holds the bytes as received after HTTP content-coding (gzip) was
// removed, i.e. still in the page's own charset; Text is Body decoded to
// UTF-8 (HTML pages only). Consumers must skip pages with Truncated set or a
// non-empty DuplicateOf: the first is incomplete, the second was emitted
// before under another URL.
type Page struct {
	URL            string      // URL as linked (before redirects), normalised
	FinalURL       string      // URL actually fetched (differs after a redirect)
	Referrer       string      // page the link was found on ("" for start URLs)
	Site           SiteInfo    // which configured site this page belongs to
	Status         int         // HTTP status
	Header         http.Header // response header as received
	Body           []byte      // raw bytes (content-decoded, charset untouched)
	Text           string      // Body decoded to UTF-8 (HTML only)
	Title          string      // <title>, whitespace-collapsed (HTML only)
	Encoding       string      // charset used to decode Body, e.g. "gb18030", "utf-8"
	EncodingSource string      // bom|header|meta|trial|default
	Fetched        time.Time
	Depth          int
	IsReport       bool   // looks like an annual report (title + the form's table labels)
	Attachment     bool   // PDF/DOC/DOCX/WPS linked from a report page; archived, and parsed by the pipeline as its page's report
	Truncated      bool   // body incomplete: over the limit or cut short
	ContentSHA256  string // hex sha256 of Body
	MainTextSHA256 string // hex sha256 of the whitespace-free main text (HTML only)
	DuplicateOf    string // URL of the earlier page with the same main text
}

// Complete reports whether the page can be parsed as a whole document.
func (p Page) Complete() bool { return !p.Truncated && p.DuplicateOf == "" && p.Status/100 == 2 }

// FetchRecord is one row of the fetch log: every URL the crawler decided
// about, including the ones it refused to request (robots, trap, off-site
// redirect). Its json tags are the fetch log's on-disk format (fetchlog.go,
// version FetchLogVersion): renaming a Go field does not change a file, and a
// new field is a new key that older files simply lack. The pipeline maps it to
// the ClickHouse table fetches.
type FetchRecord struct {
	URL           string        `json:"url"`
	Host          string        `json:"host"`
	Status        int           `json:"status"` // 0 when nothing was requested or no response came
	Bytes         int64         `json:"bytes"`
	Encoding      string        `json:"encoding,omitempty"`
	FetchedAt     time.Time     `json:"fetched_at"`
	Outcome       Outcome       `json:"outcome"`
	Duration      time.Duration `json:"duration_ns"`
	ContentSHA256 string        `json:"content_sha256,omitempty"`
	Attempts      int           `json:"attempts"`
	Depth         int           `json:"depth"`
	IsReport      bool          `json:"is_report"`
	Error         string        `json:"error,omitempty"`
	Kind          FetchKind     `json:"kind"`                   // what was asked for: a page, an attachment, robots.txt
	Referrer      string        `json:"referrer,omitempty"`     // the page that linked it ("" for start URLs and robots.txt)
	RequestBody   string        `json:"request_body,omitempty"` // the form body of a POST (KindDataProxy), "" for a GET
}

// FetchKind is what a fetch-log row was for.
type FetchKind string

const (
	KindPage       FetchKind = "page"
	KindAttachment FetchKind = "attachment" // PDF, DOC, DOCX, WPS linked from a report page
	KindRobots     FetchKind = "robots"
	KindDataProxy  FetchKind = "data_proxy" // a POST to a Hanweb jpage data proxy (hanweb.go); RequestBody says which column
)

func fetchKind(it *item) FetchKind {
	if it.post != "" {
		return KindDataProxy
	}
	if it.attachment {
		return KindAttachment
	}
	return KindPage
}

// Summary is what Run returns at the end.
type Summary struct {
	Started, Finished time.Time
	Requests          int             // HTTP requests sent, robots.txt and retries included
	Pages             int             // pages emitted (attachments included)
	Reports           int             // complete, non-duplicate report pages emitted
	ReportsUnchanged  int             // reports answered 304 (seen in an earlier run)
	Attachments       int             // attachments emitted
	Duplicates        int             // pages recognised as duplicates
	NotModified       int             // 304 answers
	Bytes             int64           // body bytes received
	Resumed           bool            // this run continued an interrupted one
	Outcomes          map[Outcome]int // every FetchRecord counted by outcome
	Failures          map[Outcome]int // the subset of Outcomes that are failures
	// OffsiteHosts counts on-topic links (信息公开, 年报, … in their text or URL) to hosts outside
	// AllowedHosts, by host: never requested, but a portal whose 信息公开 platform lives on
	// another host (xxgk.example.gov.cn) shows up here instead of as a silently small crawl.
	// At most maxOffsiteHosts hosts are kept.
	OffsiteHosts map[string]int
	// ScriptPagers are pagers and list scripts seen but not followed (or only in part), with
	// why: a column read partly says so here (at most maxScriptPagerNotes).
	ScriptPagers []ScriptPager
	// Columns counts, per list page (its pagers and data proxy batches included), the entries
	// titled like a report it listed and how many were fetched (columns.go); at most maxColumns.
	Columns map[string]ColumnCount
}

const maxOffsiteHosts = 50

func (o Outcome) failure() bool {
	switch o {
	case OutcomeOK, OutcomeNotModified, OutcomeRedirect, OutcomeDuplicate, OutcomeRetry:
		return false
	}
	return true
}
