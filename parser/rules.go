package parser

import "github.com/govreports/govreports/regions"

// The rules the parser emits: their ids as constants (every Issue the parser builds names one
// of these), and beside them their catalog, which the quality report shows next to each issue
// and docs/validation-rules.md documents. The identity.* rules are data: their ids come from
// schemas/forms/*.yaml, the region.* ones from package regions.

// RuleID names a validation rule: what Issue.Rule holds. An alias, not a distinct type, so
// Issue.Rule (and every test comparing it with a string) stays a plain string.
type RuleID = string

const (
	RuleFormSectionMissing          RuleID = "form.section_missing"
	RuleFormSectionEmpty            RuleID = "form.section_empty"
	RuleFormNoTables                RuleID = "form.no_tables"
	RuleFormTablesAsImages          RuleID = "form.tables_as_images"
	RuleFormRowMissing              RuleID = "form.row_missing"
	RuleFormValuesMissing           RuleID = "form.values_missing"
	RuleFormColumnMissing           RuleID = "form.column_missing"
	RuleFormUnknownRow              RuleID = "form.unknown_row"
	RuleLabelApproximate            RuleID = "label.approximate"
	RuleLabelInferredByOrder        RuleID = "label.inferred_by_order"
	RuleLabelInterleaved            RuleID = "label.interleaved"
	RuleFormDuplicateRow            RuleID = "form.duplicate_row"
	RuleFormVersionYearMismatch     RuleID = "form.version_year_mismatch"
	RuleTableShiftedValues          RuleID = "table.shifted_values"
	RuleTableHeaderMismatch         RuleID = "table.header_mismatch"
	RuleTableValuesUnplaced         RuleID = "table.values_unplaced"
	RuleTableValuesPlacedByIdentity RuleID = "table.values_placed_by_identity"
	RuleTableValueStatedApart       RuleID = "table.value_stated_apart"
	RuleValueTextInNumber           RuleID = "value.text_in_number"
	RuleValueNegative               RuleID = "value.negative"
	RuleValueFractional             RuleID = "value.fractional"
	RuleContentSpam                 RuleID = "content.spam"
	RuleSourceNonGovHost            RuleID = "source.non_gov_host"
	RuleSourceIPHost                RuleID = "source.ip_host"
	RuleInputEncoding               RuleID = "input.encoding"
	RuleInputHTML                   RuleID = "input.html"
	RuleInputCut                    RuleID = "input.cut"
	RuleInputGlued                  RuleID = "input.glued"
	RuleSplitAmbiguous              RuleID = "split.ambiguous"
	RuleSplitInconsistent           RuleID = "split.inconsistent"
	RuleSplitSearchLimit            RuleID = "split.search_limit"
	RuleInputDocument               RuleID = "input.document"
	RuleInputConverterMissing       RuleID = "input.converter_missing"
	RuleInputDocumentNote           RuleID = "input.document_note"
	RuleMetaYearMissing             RuleID = "meta.year_missing"
)

// RuleInfo describes one validation rule.
type RuleInfo struct {
	ID       RuleID
	Severity string // as emitted; "error (warning when …)" where it depends
	Level    string // what the issue names: report, section, row, column, cell
	Checks   string
}

// Rules lists every rule id, grouped as docs/validation-rules.md groups them.
var Rules = []RuleInfo{
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
	{RuleFormSectionMissing, "error", "section", "a table of the form (二, 三 or 四) is not in the page"},
	{RuleFormSectionEmpty, "error", "section", "a table's heading is in the page but no cells follow it (left out, or an image)"},
	{RuleFormNoTables, "error", "report", "the page has no statistical table at all (images, attachments, not a report)"},
	{RuleFormTablesAsImages, "error", "report", "no table as text, but images where the tables may be (a scan, tables pasted as pictures): the images are named"},
	{RuleFormRowMissing, "warning", "row", "a row of the form is not in its table (page cut off, row left out)"},
	{RuleFormValuesMissing, "warning", "row", "a row has fewer values than the form has columns; the missing cells are NULL"},
	{RuleFormColumnMissing, "warning", "column", "a table header lacks a column of the form: values of the rows below may stand in the wrong columns"},
	{RuleFormUnknownRow, "warning", "section", "a labelled row with values that the form does not have; its values are not loaded"},
	{RuleLabelApproximate, "info", "row", "a row label that matches no row exactly was read as the closest row of the form (similarity ≥ 0.8)"},
	{RuleLabelInferredByOrder, "info", "row", "(text out of a PDF) values whose label stands elsewhere were read as the one row of the form left at their place between two rows read with their values"},
	{RuleLabelInterleaved, "info", "row", "(text out of a PDF) a row label read from lines interleaved with its group label ((四)无2.没有现成信息需要另 / 法提供行制作)"},
	{RuleFormDuplicateRow, "warning", "row", "a row appears twice; the second occurrence is ignored"},
	{RuleFormVersionYearMismatch, "warning", "report", "the form version detected from the labels is not the one in force for the report year"},
	{RuleTableShiftedValues, "error", "row", "a row has more values than columns: values stand under header cells that do not exist"},
	{RuleTableHeaderMismatch, "warning", "cell", "(HTML) a value stands under the header of another column"},
	{RuleTableValuesUnplaced, "warning", "row", "a row has fewer values than columns and nothing on the page says which columns they stand in: its cells are NULL, flagged unplaced"},
	{RuleTableValuesPlacedByIdentity, "info", "row", "a row with fewer values than columns whose values the form's identities admit in one placement only, placed there (flag placed_by_identity); the cells left over are NULL"},
	{RuleTableValueStatedApart, "info", "cell", "(text out of a PDF) a value printed apart from its row, with a note naming its column (其中修订 16 件), placed in that column"},
	{RuleValueTextInNumber, "warning", "cell", "words where a number belongs; stored as NULL"},
	{RuleValueNegative, "error", "cell", "a negative value in a count or money column"},
	{RuleValueFractional, "error", "cell", "a fractional value in a count column"},
	{RuleContentSpam, "warning", "report", "injected gambling text in the page (a tampered copy): suspect mirror, with its span"},
	{RuleSourceNonGovHost, "warning", "report", "the page was served from a host outside gov.cn: a mirror or copy, suspect mirror"},
	{RuleSourceIPHost, "info", "report", "the page was served from a bare IP address: the publishing body cannot be checked from the host (not a mirror sign)"},
	{RuleInputEncoding, "error", "report", "the page bytes could not be decoded reliably (too many U+FFFD)"},
	{RuleInputHTML, "warning", "report", "the HTML was read in degraded mode: rowspans and headers not resolved"},
	{RuleInputCut, "error", "report", "the page has more tags or text fields than a report can have (200 000): it was read up to the limit, the rest ignored"},
	{RuleInputGlued, "info", "report", "a glued text dump (cells run together): how many runs were split, and which identities decided splits (not checked again there)"},
	{RuleSplitAmbiguous, "warning", "row", "a glued run splits several ways under the form's constraints: the cells the splits disagree on are NULL (ambiguous_split), the splits listed"},
	{RuleSplitInconsistent, "error", "row", "no split of a glued run fits the form (cells NULL, split_failed), or no choice of a table's splits satisfies an identity (decided without it)"},
	{RuleSplitSearchLimit, "warning", "row", "a glued run (or table) has too many possible splits to search within the bounds: NULL, or decided row by row"},
	{RuleInputDocument, "error", "report", "a PDF, DOCX or DOC file could not be read (damaged, encrypted, over a reader's limit)"},
	{RuleInputConverterMissing, "error", "report", "a DOC/WPS file could not be read because LibreOffice (soffice) is not installed"},
	{RuleInputDocumentNote, "warning", "report", "a document reader's note, e.g. pages past the 200th of a PDF not read"},
	{RuleMetaYearMissing, "warning", "report", "no report year in the title, the statistics period or the text"},
	{regions.RuleAmbiguous, "info", "report", "the body's place name names several divisions nothing in the page tells apart: the region keeps what they share"},
	{regions.RuleSiteMismatch, "info", "report", "the page names a place outside the region the sites file gives its portal: the page's place is kept"},
}

// RuleChecks says what a rule checks, or "" for a rule the catalog does not know.
func RuleChecks(id RuleID) string {
	for _, r := range Rules {
		if r.ID == id {
			return r.Checks
		}
	}
	return ""
}
