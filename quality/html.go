package quality

import (
	"bufio"
	_ "embed"
	"html/template"
	"io"
)

// The page is one file with its CSS and JS inline: it must open offline from file:// and be
// mailed or archived alongside the data. The assets are this package's own files (trusted);
// everything from the reports goes through html/template's contextual escaping.

//go:embed assets/report.tmpl
var pageTemplate string

//go:embed assets/style.css
var pageCSS string

//go:embed assets/script.js
var pageJS string

var tmpl = template.Must(template.New("report").Parse(pageTemplate))

// Options tune the HTML report.
type Options struct {
	// Title of the page; default "govreports quality report".
	Title string
	// Open expands every report's tables when the page opens. Default: expanded when there are at
	// most OpenLimit reports, collapsed otherwise (a file of thousands stays quick to open).
	Open *bool
}

// OpenLimit is the most reports shown expanded by default.
const OpenLimit = 10

type pageData struct {
	pageView
	CSS  template.CSS
	JS   template.JS
	Open bool
}

// WriteHTML writes the quality report of the entries, which it sorts (SortEntries) so the same
// reports always give the same bytes.
func WriteHTML(w io.Writer, entries []Entry, opts Options) error {
	SortEntries(entries)
	title := opts.Title
	if title == "" {
		title = "govreports quality report"
	}
	open := len(entries) <= OpenLimit
	if opts.Open != nil {
		open = *opts.Open
	}
	data := pageData{pageView: buildPage(entries, title), CSS: template.CSS(pageCSS), JS: template.JS(pageJS), Open: open}
	bw := bufio.NewWriterSize(w, 1<<16)
	if err := tmpl.Execute(bw, data); err != nil {
		return err
	}
	return bw.Flush()
}
