package quality

import (
	"net/url"
	"strings"

	"github.com/govreports/govreports/parser"
)

// Entry is one report as the quality report shows it: the parser's result plus what only the
// caller knows (where an archived copy is) and the text around each spam span, cut from the page
// while its bytes were at hand so the page itself need not be kept.
type Entry struct {
	Result *parser.Result
	// Archive locates the archived copy of the page: a WARC file (with its record when known) or
	// a replay URL. Empty when the page was not archived.
	Archive string
	// Spam holds one excerpt per content.spam issue, in the order of the issues. Empty when the
	// page text was not available (reports read back from ClickHouse).
	Spam []SpamExcerpt
}

// SpamExcerpt is an injected string with the page text around it, as the reader needs to see it
// to judge that the page was tampered with.
type SpamExcerpt struct {
	Before, Text, After string
	Start, End          int // byte offsets of the span as the parser reported them
}

// contextRunes is how much page text is shown each side of a spam span.
const contextRunes = 60

// NewEntry builds an entry from a parse result and the page bytes it was parsed from (nil when
// they are not at hand). The page is decoded again only when the result has spam issues.
func NewEntry(res *parser.Result, page []byte, src parser.Source) Entry {
	e := Entry{Result: res}
	var text string
	decoded := false
	for _, i := range res.Issues {
		if i.Rule != "content.spam" || i.Span == nil {
			continue
		}
		if !decoded && len(page) > 0 {
			text = pageText(page, src.ContentType, res.Report.InputFormat)
			decoded = true
		}
		e.Spam = append(e.Spam, excerpt(text, *i.Span))
	}
	return e
}

// excerpt finds a span in the page text: at its offsets when the text there is the span's (text
// inputs), else at its first occurrence (HTML, whose offsets count in the parser's token text).
func excerpt(text string, sp parser.Span) SpamExcerpt {
	x := SpamExcerpt{Text: sp.Text, Start: sp.Start, End: sp.End}
	if sp.Text == "" {
		return x
	}
	at := -1
	if sp.Start >= 0 && sp.End <= len(text) && sp.Start <= sp.End && text[sp.Start:sp.End] == sp.Text {
		at = sp.Start
	} else {
		at = strings.Index(text, sp.Text)
	}
	if at < 0 {
		return x
	}
	x.Before = lastRunes(text[:at], contextRunes)
	x.After = firstRunes(text[at+len(sp.Text):], contextRunes)
	return x
}

func lastRunes(s string, n int) string {
	r := []rune(s)
	if len(r) > n {
		r = r[len(r)-n:]
	}
	return oneLine(string(r))
}

func firstRunes(s string, n int) string {
	r := []rune(s)
	if len(r) > n {
		r = r[:n]
	}
	return oneLine(string(r))
}

// oneLine folds line breaks and runs of spaces so an excerpt reads as one line.
func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// Host of the report's page URL (lower case), or "" for a local file without a SOURCE line.
func (e Entry) Host() string {
	raw := e.Result.Report.URL
	if raw == "" && (strings.HasPrefix(e.Result.Report.Source, "http://") || strings.HasPrefix(e.Result.Report.Source, "https://")) {
		raw = e.Result.Report.Source
	}
	u, err := url.Parse(raw)
	if err != nil {
		return ""
	}
	return strings.ToLower(u.Hostname())
}

// SourceKey groups reports by where they come from for "worst sources": the host when the page
// URL is known, else the path the report was read from.
func (e Entry) SourceKey() string {
	if h := e.Host(); h != "" {
		return h
	}
	return e.Result.Report.Source
}

// Region names the report's region for filters: the province, else the most specific name.
func (e Entry) Region() string {
	r := e.Result.Report.Region
	if r.Province != "" {
		return r.Province
	}
	return r.Name
}

// Counts of the report's issues by severity.
func (e Entry) Counts() (errors, warnings, infos int) {
	for _, i := range e.Result.Issues {
		switch i.Severity {
		case parser.SeverityError:
			errors++
		case parser.SeverityWarning:
			warnings++
		default:
			infos++
		}
	}
	return
}
