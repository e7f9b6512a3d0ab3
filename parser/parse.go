package parser

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"net"
	"net/url"
	"strings"
	"unicode/utf8"

	"github.com/govreports/govreports/internal/charset"
	"github.com/govreports/govreports/regions"
	"github.com/govreports/govreports/schemas"
)

// MaxInputBytes bounds one report: real pages are well under 1 MB; anything far larger is not a
// report page and would only cost memory.
const MaxInputBytes = 16 << 20

var (
	// ErrTooLarge is returned for input over MaxInputBytes.
	ErrTooLarge = errors.New("parser: input too large")
	// ErrEmpty is returned for input with no text at all.
	ErrEmpty = errors.New("parser: empty input")
)

// Parse reads one report. It never panics on bad input: structural problems become issues in the
// result; only input that cannot be a report at all (too large, empty) is an error.
func Parse(data []byte, src Source) (*Result, error) {
	if len(data) > MaxInputBytes {
		return nil, fmt.Errorf("%w: %d bytes (limit %d)", ErrTooLarge, len(data), MaxInputBytes)
	}
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, ErrEmpty
	}
	forms, err := schemas.Forms()
	if err != nil {
		return nil, err
	}
	spam, err := schemas.Spam()
	if err != nil {
		return nil, err
	}
	sum := sha256.Sum256(data)
	res := &Result{Cells: []Cell{}, Issues: []Issue{}}
	rep := &res.Report
	rep.SHA256 = hex.EncodeToString(sum[:])
	rep.Source = src.Name
	rep.URL = src.URL
	if src.Page != nil {
		rep.URL, rep.AttachmentURL = src.Page.URL, src.URL
	}
	rep.ParserVersion = Version
	if !src.Fetched.IsZero() {
		rep.Fetched = src.Fetched.UTC().Format("2006-01-02T15:04:05Z")
	}

	format := src.Format
	if format == "" {
		format = sniffDocument(data)
	}
	var doc string
	var toks, tableToks []Token
	var htmlTitle string
	var images []string
	if isDocumentFormat(format) {
		// A PDF or Word file: read by its reader into a grid (document.go), then matched as a page.
		var d documentRead
		d, err = readDocument(format, data)
		if err != nil {
			return nil, err
		}
		toks, htmlTitle, images = d.toks, d.title, d.images
		res.Issues = append(res.Issues, d.issues...)
		rep.Encoding, rep.EncodingSource = "utf-8", "document"
		doc = joinTokens(toks)
	} else {
		dec, derr := charset.Decode(data, src.ContentType)
		rep.Encoding = dec.Encoding
		rep.EncodingSource = dec.Source
		doc = dec.Text
		if derr != nil {
			res.Issues = append(res.Issues, Issue{Rule: RuleInputEncoding, Severity: SeverityError,
				Message:  fmt.Sprintf("page text could not be decoded reliably: %v", derr),
				Expected: "a known charset", Actual: fmt.Sprintf("%s (%.1f%% U+FFFD)", dec.Encoding, dec.ReplacementRatio*100)})
		}
		if format == "" {
			format = sniffFormat(doc)
			// Sniffed on what the text readers would read (limits.go): a 16 MiB line of
			// "1 1 1 …" cost the glued check a gigabyte.
			if format == FormatText {
				if sniff, _ := fieldsPrefix(doc); isGluedDump(sniff, formLexicon(forms)) {
					format = FormatGlued
				}
			}
		}
	}
	rep.InputFormat = format
	// Per-page limits (limits.go): cut the text before building anything of it.
	switch format {
	case FormatHTML:
		if prefix, cut := MarkupPrefix(doc); cut {
			doc = prefix
			res.Issues = append(res.Issues, cutIssue("tags", MaxMarkupTags, len(prefix)))
		}
	case FormatText, FormatGlued:
		if prefix, cut := fieldsPrefix(doc); cut {
			doc = prefix
			res.Issues = append(res.Issues, cutIssue("fields", MaxTextFields, len(prefix)))
		}
	}
	switch format {
	case FormatPDF, FormatDOCX, FormatDOC:
		// Read above.
	case FormatHTML:
		sc := scratchPool.Get().(*htmlScratch)
		htmlTitle, toks, err = htmlTokensInto(doc, sc)
		defer func(toks []Token) { recycleScratch(sc, toks) }(toks) // dead once Parse returns
		if err != nil {
			// The tokens are still usable (a flat reading of the page), but rowspans and
			// headers were not resolved: the cells deserve less trust.
			res.Issues = append(res.Issues, Issue{Rule: RuleInputHTML, Severity: SeverityWarning,
				Message:  fmt.Sprintf("HTML read in degraded mode (table grid not resolved): %v", err),
				Expected: "well-formed HTML", Actual: "degraded"})
		}
	case FormatText:
		toks = textTokens(doc)
	case FormatGlued:
		// Metadata and the article are read from the lines as in any text dump; the tables
		// from the text cut at its labels and digit runs (glued.go).
		toks = textTokens(doc)
		tableToks = gluedTokens(doc, formLexicon(forms))
	default:
		return nil, fmt.Errorf("parser: unknown input format %q (want html, text, glued, pdf, docx or doc)", format)
	}
	if tableToks == nil {
		tableToks = toks
	}
	// The matcher and spam spans work on one text: for HTML, the tokens joined by newlines.
	text := doc
	if format == "html" {
		text = joinTokens(toks)
	}

	md := readMeta(htmlTitle, toks, doc)
	if src.Page != nil {
		md = md.withPage(*src.Page)
	}
	rep.Title, rep.Year, rep.Published = md.Title, md.Year, md.Published
	rep.Agency = strings.TrimSpace(stripSpam(md.Agency, spam))
	in := regions.Input{Agency: rep.Agency, Title: rep.Title, URL: rep.URL, Text: opening(text, 4096)}
	if src.Region != nil {
		in.SiteCode, in.SiteName = src.Region.Code, src.Region.Name
	}
	reg, regionFindings := regions.Infer(in)
	rep.Region = Region(reg) // regions.Region has exactly Region's fields

	// Injected spam is found first: the tables are read without it (a spam line between two cells
	// would end a row early).
	hits := findSpamHits(text, spam)
	mtoks := withoutSpam(tableToks, hits, spam)
	norms := labelCaches.Get().(*labelNorms)
	defer recycleNorms(norms)
	form, scores := detectForm(forms, mtoks, md.Year, norms)
	rep.Form = form.Version
	m := newMatcher(form, mtoks, format == FormatHTML || isDocumentFormat(format), norms)
	m.gluedMode = format == FormatGlued
	m.run()
	splitRules := m.solveGlued(doc)
	res.Cells = m.cells
	res.Issues = append(res.Issues, m.issues...)
	res.Issues = append(res.Issues, formIssues(form, scores, md.Year)...)
	if len(m.sectionFound) == 0 {
		if format == FormatHTML {
			images = htmlImages(doc) // parsed again only for pages without tables: rare
		}
		res.Issues = append(res.Issues, noTablesIssues(images)...)
	}
	res.Issues = append(res.Issues, validateCells(form, res.Cells, splitRules)...)
	for _, f := range regionFindings {
		res.Issues = append(res.Issues, Issue{Rule: f.Rule, Severity: SeverityInfo, Message: f.Message,
			Expected: f.Expected, Actual: f.Actual})
	}
	spamFound := spamIssues(text, hits)
	res.Issues = append(res.Issues, spamFound...)
	hostIssue := hostCheck(rep.URL)
	if hostIssue != nil {
		res.Issues = append(res.Issues, *hostIssue)
		if hostIssue.Severity == SeverityInfo {
			hostIssue = nil // informative only: not a mirror
		}
	}
	if md.Year == 0 {
		res.Issues = append(res.Issues, Issue{Rule: RuleMetaYearMissing, Severity: SeverityWarning,
			Message: "report year not found in the title or the statistics period", Expected: "a year", Actual: ""})
	}
	rep.Mirror = len(spamFound) > 0 || hostIssue != nil
	rep.Status = status(res, len(m.sectionFound) == 0)
	rep.ID = contentID(rep, res.Cells, func() string { return articleText(toks, rep.Title) }, spam)
	return res, nil
}

// Warm loads, in the background, the tables every parse needs (forms, spam rules, the
// division table for regions.Infer): on more than one core the loading then overlaps the
// reading of the first inputs instead of holding every worker up at the first page, which made
// it the serial part of a parallel run. Errors are Parse's to report.
func Warm() {
	// Each on its own: the first page needs the forms at once and the division table a
	// millisecond later, so loading them one after the other held that page up for both.
	go func() { _, _ = schemas.Forms() }()
	go func() { _, _ = schemas.Spam() }()
	go func() { _ = regions.Load() }()
}

// opening is the first n bytes of s, cut at a rune boundary.
func opening(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}

// sniffFormat tells HTML from a text dump by the presence of markup. It compares ASCII case
// insensitively in place: lower-casing a copy of the page cost 7% of the parse.
func sniffFormat(doc string) string {
	head := doc
	if len(head) > 1<<16 {
		head = head[:1<<16]
	}
	for i := strings.IndexByte(head, '<'); i >= 0; {
		rest := head[i+1:]
		for _, tag := range []string{"table", "html", "body", "!doctype html", "div", "p>", "td", "tr", "span", "br"} {
			if hasPrefixFoldASCII(rest, tag) {
				return "html"
			}
		}
		j := strings.IndexByte(rest, '<')
		if j < 0 {
			break
		}
		i += 1 + j
	}
	return "text"
}

// hasPrefixFoldASCII reports whether s starts with the lower-case ASCII prefix, ignoring case.
func hasPrefixFoldASCII(s, prefix string) bool {
	if len(s) < len(prefix) {
		return false
	}
	for i := 0; i < len(prefix); i++ {
		c := s[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		if c != prefix[i] {
			return false
		}
	}
	return true
}

func joinTokens(toks []Token) string {
	var b strings.Builder
	n := 0
	for i := range toks {
		n += len(toks[i].Text) + 1
	}
	b.Grow(n)
	for i := range toks {
		toks[i].Offset = b.Len()
		b.WriteString(toks[i].Text)
		b.WriteByte('\n')
	}
	return b.String()
}

// detectForm picks the form version whose version-only labels the page uses most. With no
// evidence (a page without tables) the form in force for the year is assumed.
func detectForm(forms []*schemas.Form, toks []Token, year int, norms *labelNorms) (*schemas.Form, map[string]int) {
	scores := map[string]int{}
	keys := make([]string, 0, len(toks))
	for _, t := range toks {
		switch {
		case t.Empty || len(t.Text) >= 200:
		case len(t.Text) > 120:
			// Prose (over 40 Han characters): the matcher hardly asks for it again, and
			// keeping it would only grow the memo.
			keys = append(keys, normalizeLabel(t.Text).rest)
		default:
			keys = append(keys, norms.get(t.Text).rest)
		}
	}
	for _, f := range forms {
		ix := indexFor(f)
		for _, k := range keys {
			if ix.markers[k] {
				scores[f.Version]++
			}
		}
	}
	var best *schemas.Form
	for _, f := range forms {
		switch {
		case best == nil:
			best = f
		case scores[f.Version] > scores[best.Version]:
			best = f
		case scores[f.Version] == scores[best.Version] && f.InUse(year) && !best.InUse(year):
			best = f
		case scores[f.Version] == scores[best.Version] && year == 0 && f.FirstYear > best.FirstYear:
			best = f // no evidence at all: the current form
		}
	}
	return best, scores
}

// formIssues: a form that doesn't fit the report's year (late or early adopters) is a warning.
func formIssues(form *schemas.Form, scores map[string]int, year int) []Issue {
	if year == 0 || scores[form.Version] == 0 || form.InUse(year) {
		return nil
	}
	expected := ""
	if fs, err := schemas.Forms(); err == nil {
		for _, f := range fs {
			if f.InUse(year) {
				expected = f.Version
			}
		}
	}
	return []Issue{{Rule: RuleFormVersionYearMismatch, Severity: SeverityWarning,
		Message:  fmt.Sprintf("report for %d uses the %s form (%s); the %s form was in force that year", year, form.Version, form.IssuedBy, expected),
		Expected: expected, Actual: form.Version}}
}

// hostCheck marks reports served from outside government domains as suspect mirrors.
func hostCheck(raw string) *Issue {
	if raw == "" {
		return nil
	}
	u, err := url.Parse(raw)
	if err != nil || u.Hostname() == "" {
		return nil
	}
	h := strings.ToLower(u.Hostname())
	if h == "gov.cn" || strings.HasSuffix(h, ".gov.cn") || h == "127.0.0.1" || h == "localhost" {
		return nil
	}
	if net.ParseIP(h) != nil {
		// Small portals are often served from a bare address (61.150.65.235/zfxxgk/…): worth
		// knowing, but no sign of a copy.
		return &Issue{Rule: RuleSourceIPHost, Severity: SeverityInfo,
			Message:  fmt.Sprintf("served from the bare address %s: the publishing body cannot be checked from the host name", h),
			Expected: "*.gov.cn", Actual: h}
	}
	return &Issue{Rule: RuleSourceNonGovHost, Severity: SeverityWarning,
		Message:  fmt.Sprintf("served from %s, outside gov.cn: a mirror or copy, not the publishing body's site", h),
		Expected: "*.gov.cn", Actual: h}
}

func status(res *Result, noTables bool) string {
	if noTables {
		return "no_tables"
	}
	st := "clean"
	for _, i := range res.Issues {
		switch i.Severity {
		case SeverityError:
			return "errors"
		case SeverityWarning:
			st = "warnings"
		}
	}
	return st
}
