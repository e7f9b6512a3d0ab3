package quality

// Rule describes one validation rule the parser emits. The catalog is data, kept in step with
// the parser by a test (rules_test.go) and with docs/validation-rules.md by another, so the HTML
// report can say what each rule checks beside every issue.
type Rule struct {
	ID       string
	Severity string // as emitted; "error (warning when …)" where it depends
	Level    string // what the issue names: report, section, row, column, cell
	Checks   string
}

// Catalog lists every rule id, grouped as docs/validation-rules.md groups them.
var Catalog = []Rule{
	{"identity.requests.balance", "error (warning when either side is blank)", "column",
		"table 三, per column: received + carried_in = result.total + carried_out (the form's own note)"},
	{"identity.requests.result_total", "error (warning when either side is blank)", "cell",
		"table 三, per column: result.total = the sum of every result.* row"},
	{"identity.requests.row_total", "error (warning when either side is blank)", "cell",
		"table 三, per row: total = natural_person + business + research + nonprofit + legal_services + other_org"},
	{"identity.appeals.review_total", "error (warning when either side is blank)", "cell",
		"table 四: review.total = upheld + corrected + other + pending"},
	{"identity.appeals.suit_direct_total", "error (warning when either side is blank)", "cell",
		"table 四: suit_direct.total = upheld + corrected + other + pending"},
	{"identity.appeals.suit_after_review_total", "error (warning when either side is blank)", "cell",
		"table 四: suit_after_review.total = upheld + corrected + other + pending"},
	{"form.section_missing", "error", "section", "a table of the form (二, 三 or 四) is not in the page"},
	{"form.section_empty", "error", "section", "a table's heading is in the page but no cells follow it (left out, or an image)"},
	{"form.no_tables", "error", "report", "the page has no statistical table at all (images, attachments, not a report)"},
	{"form.tables_as_images", "error", "report", "no table as text, but images where the tables may be (a scan, tables pasted as pictures): the images are named"},
	{"form.row_missing", "warning", "row", "a row of the form is not in its table (page cut off, row left out)"},
	{"form.values_missing", "warning", "row", "a row has fewer values than the form has columns; the missing cells are NULL"},
	{"form.column_missing", "warning", "column", "a table header lacks a column of the form: values of the rows below may stand in the wrong columns"},
	{"form.unknown_row", "warning", "section", "a labelled row with values that the form does not have; its values are not loaded"},
	{"label.approximate", "info", "row", "a row label that matches no row exactly was read as the closest row of the form (similarity ≥ 0.8)"},
	{"label.inferred_by_order", "info", "row", "(text out of a PDF) values whose label stands elsewhere were read as the one row of the form left at their place between two rows read with their values"},
	{"label.interleaved", "info", "row", "(text out of a PDF) a row label read from lines interleaved with its group label ((四)无2.没有现成信息需要另 / 法提供行制作)"},
	{"form.duplicate_row", "warning", "row", "a row appears twice; the second occurrence is ignored"},
	{"form.version_year_mismatch", "warning", "report", "the form version detected from the labels is not the one in force for the report year"},
	{"table.shifted_values", "error", "row", "a row has more values than columns: values stand under header cells that do not exist"},
	{"table.header_mismatch", "warning", "cell", "(HTML) a value stands under the header of another column"},
	{"table.values_unplaced", "warning", "row", "a row has fewer values than columns and nothing on the page says which columns they stand in: its cells are NULL, flagged unplaced"},
	{"table.values_placed_by_identity", "info", "row", "a row with fewer values than columns whose values the form's identities admit in one placement only, placed there (flag placed_by_identity); the cells left over are NULL"},
	{"table.value_stated_apart", "info", "cell", "(text out of a PDF) a value printed apart from its row, with a note naming its column (其中修订 16 件), placed in that column"},
	{"value.text_in_number", "warning", "cell", "words where a number belongs; stored as NULL"},
	{"value.negative", "error", "cell", "a negative value in a count or money column"},
	{"value.fractional", "error", "cell", "a fractional value in a count column"},
	{"content.spam", "warning", "report", "injected gambling text in the page (a tampered copy): suspect mirror, with its span"},
	{"source.non_gov_host", "warning", "report", "the page was served from a host outside gov.cn: a mirror or copy, suspect mirror"},
	{"source.ip_host", "info", "report", "the page was served from a bare IP address: the publishing body cannot be checked from the host (not a mirror sign)"},
	{"input.encoding", "error", "report", "the page bytes could not be decoded reliably (too many U+FFFD)"},
	{"input.html", "warning", "report", "the HTML was read in degraded mode: rowspans and headers not resolved"},
	{"input.cut", "error", "report", "the page has more tags or text fields than a report can have (200 000): it was read up to the limit, the rest ignored"},
	{"input.glued", "info", "report", "a glued text dump (cells run together): how many runs were split, and which identities decided splits (not checked again there)"},
	{"split.ambiguous", "warning", "row", "a glued run splits several ways under the form's constraints: the cells the splits disagree on are NULL (ambiguous_split), the splits listed"},
	{"split.inconsistent", "error", "row", "no split of a glued run fits the form (cells NULL, split_failed), or no choice of a table's splits satisfies an identity (decided without it)"},
	{"split.search_limit", "warning", "row", "a glued run (or table) has too many possible splits to search within the bounds: NULL, or decided row by row"},
	{"input.document", "error", "report", "a PDF, DOCX or DOC file could not be read (damaged, encrypted, over a reader's limit)"},
	{"input.converter_missing", "error", "report", "a DOC/WPS file could not be read because LibreOffice (soffice) is not installed"},
	{"input.document_note", "warning", "report", "a document reader's note, e.g. pages past the 200th of a PDF not read"},
	{"meta.year_missing", "warning", "report", "no report year in the title, the statistics period or the text"},
	{"region.ambiguous", "info", "report", "the body's place name names several divisions nothing in the page tells apart: the region keeps what they share"},
	{"region.site_mismatch", "info", "report", "the page names a place outside the region the sites file gives its portal: the page's place is kept"},
}

// RuleChecks says what a rule checks, or "" for a rule the catalog does not know.
func RuleChecks(id string) string {
	for _, r := range Catalog {
		if r.ID == id {
			return r.Checks
		}
	}
	return ""
}
