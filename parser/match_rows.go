package parser

import (
	"fmt"
	"slices"
	"strings"

	"github.com/govreports/govreports/schemas"
)

// walkRows reads a table whose rows have labels (active, requests): a row label, then its values.
func (m *matcher) walkRows(s *schemas.Section, sp span) {
	seen := m.seenRows(s.Code)
	inRows := false
	// Header areas: the cells between a table's (or group's) start and its first row label.
	areas := []*headerArea{}
	var area *headerArea
	if len(s.Groups) == 0 {
		area = &headerArea{group: -1, seen: map[string]bool{}}
		areas = append(areas, area)
	}
	defer func() { m.checkColumns(s, areas) }()
	w := newRowWalk()
	defer func() {
		m.resolveOrphans(s, w)
		m.placeStated(s, w)
		m.placeByIdentities(s, w)
		m.dropIssues(w) // once, at the end: the slots' issue indices hold until then
	}()
	for i := sp.start; i < sp.end; {
		t := m.toks[i]
		if t.Empty {
			i++
			continue
		}
		if area != nil {
			area.note(m, s, t)
		}
		if t.Heading || t.HeaderLine {
			// A heading ("### 二、上年结转政府信息公开申请数量" over a piece of the table) or a
			// header line ("| 类别 | 数据1 | …") is never a row: only a group heading counts.
			if h, ok := m.pick(s, t, inRows); ok && h.kind == kindGroup {
				area = &headerArea{group: h.group, seen: map[string]bool{}}
				areas = append(areas, area)
			}
			i++
			continue
		}
		hit, ok := m.pick(s, t, inRows)
		consumed := 1
		j := i + 1 // the next cell, past the pipe opening its line
		for j < sp.end && m.toks[j].Lead {
			j++
		}
		if j < sp.end && !m.toks[j].Empty && !m.toks[j].Heading && !m.toks[j].HeaderLine && !looksLikeValue(m.toks[j].Text) && !m.isLabel(s, m.toks[j]) {
			// A label broken over two cells or lines: "行政规范" + "性文件", or
			// "(二)部分公开(区分处理的,只计这一情形," + "不计其他情形)", or "2.没有现成信息需要另"
			// + "| 行制作 | 47 | …".
			joined := t
			joined.Text = t.Text + m.toks[j].Text
			if h2, ok2 := m.pick(s, joined, inRows); ok2 && h2.kind == kindRow && (!ok || h2.code == hit.code) {
				hit, ok, consumed = h2, true, j-i+1
			}
		}
		if !ok {
			if h, n, found := m.deinterleaved(s, i, sp.end); found {
				hit, ok, consumed = h, true, n
			}
		}
		if !ok && i+1 < sp.end && m.isValueToken(m.toks[i+1]) && !looksLikeValue(t.Text) {
			// A label followed by values that matches no row exactly: a row of the form written a
			// little differently (a typo, an extra 的), if one is close enough.
			if h, score, found := m.fuzzyRow(s, t.Text, seen); found {
				hit, ok = h, true
				m.issue(Issue{Rule: RuleLabelApproximate, Severity: SeverityInfo, Section: s.Code, Row: h.code,
					Message:  fmt.Sprintf("row label %q read as %q (similarity %.2f)", t.Text, h.official, score),
					Expected: h.official, Actual: t.Text})
			}
		}
		if !ok {
			// A short label we don't know, followed by values: a row the form doesn't have.
			if inRows && !looksLikeValue(t.Text) && isShort(t.Text) && i+1 < sp.end && m.isValueToken(m.toks[i+1]) {
				vals, next := m.collect(s, i+1, sp.end, 0, -1)
				w.orphans = append(w.orphans, orphan{pos: i, label: m.wordsBefore(i) + t.Text, vals: onlyValues(vals), issue: len(m.issues)})
				m.issue(Issue{Rule: RuleFormUnknownRow, Severity: SeverityWarning, Section: s.Code,
					Message:  fmt.Sprintf("row %q is not a row of the %s form; its %d value(s) were not loaded", t.Text, m.form.Version, len(vals)),
					Expected: "a row of the form", Actual: t.Text})
				i = next
				continue
			}
			if looksLikeValue(t.Text) {
				switch {
				case area != nil && area.group >= 0:
					// A value in a group's header area, apart from its row: "22" then
					// "（其中修订 16 件）" above 第二十条第（一）项's rows (text out of a PDF).
					sv := statedValue{tok: t}
					if i+1 < sp.end && isNote(m.toks[i+1].Text) {
						sv.remark = m.toks[i+1].Text
					} else if slices.Contains(parseValue(t.Text, "count").Flags, FlagNote) {
						sv.remark = t.Text // "22（其中修订 16 件）" on one line
					}
					w.stated[area.group] = append(w.stated[area.group], sv)
				case inRows || len(s.Groups) == 0:
					// Values with no label before them: their label was printed elsewhere
					// (in a heading over them, "### 一、本年新收政府信息公开申请数量").
					vals, next := m.orphanValues(i, sp.end)
					if len(vals) > 0 {
						w.orphans = append(w.orphans, orphan{pos: i, vals: vals, issue: -1})
						i = next
						continue
					}
				}
			}
			i++
			continue
		}
		switch hit.kind {
		case kindGroup:
			area = &headerArea{group: hit.group, seen: map[string]bool{}}
			areas = append(areas, area)
		case kindRow:
			if !hit.ordered && hasKind(m.lookup(t.Text), kindColumn, s.Code) && m.headerLine(s, i) {
				// "其他", "总计" in a header repeated inside the table (a table continued on
				// a new page with its header rows again): columns, not rows.
				i++
				continue
			}
			inRows = true
			if area != nil {
				area.closed = true
			}
			area = nil
			cols := s.ColumnsOf(hit.code)
			vals, next := m.collect(s, i+consumed, sp.end, len(cols), m.toks[i+consumed-1].Row)
			if len(vals) == 0 && next < sp.end && m.sameRowLabel(s, t, m.toks[next]) {
				// A label with no cell of its own, followed on its line by the label of another
				// row: a piece of a merged label broken over lines ("（六）其他" / "处理" in
				// text out of a PDF, the line shared with "1.申请人无正当理由…"), not the row.
				i = next
				continue
			}
			switch sl := w.slots[hit.code]; {
			case seen[hit.code] && sl != nil && sl.empty && !wordsOnly(vals):
				// The label printed first without its values (a heading, a label above
				// the table), then again with them: the row is the second one.
				m.refill(w, sl, s, cols, vals, i)
			case seen[hit.code]:
				m.issue(Issue{Rule: RuleFormDuplicateRow, Severity: SeverityWarning, Section: s.Code, Row: hit.code,
					Message: fmt.Sprintf("row %s appears twice; the second occurrence was ignored", hit.official), Actual: t.Text})
			default:
				seen[hit.code] = true
				m.emitSlot(w, s, hit.code, cols, vals, i)
			}
			i = next
			continue
		}
		i++
	}
}

// walkSingleRow reads a table of one unlabeled row under a multi-row header (appeals): every
// value token of the section, in order, fills the columns.
func (m *matcher) walkSingleRow(s *schemas.Section, sp span) {
	var vals []Token
	// lead: the empty cells after the header and before the first value. They are the row's
	// first cells left blank (a page that leaves zeros empty: 行政复议's 结果维持 is 0 on most
	// pages), or layout (an extra empty column closing the last header row, the "| " opening a
	// row in a wrapped dump).
	var lead []Token
	header := false // a column label of the section was seen: the table is there
	for i := sp.start; i < sp.end; i++ {
		t := m.toks[i]
		if m.isFiller(t) {
			continue
		}
		if t.Empty {
			switch {
			case len(vals) == 0:
				lead = append(lead, t)
			case !t.Lead:
				vals = append(vals, t)
			}
			// A Lead field after the first value opens a line of its own ("| 结果维持 | …" over
			// the next small table, "| 0 | 1 | …" continuing the row): no cell.
			continue
		}
		if t.HeaderLine || t.Heading || m.isHeaderText(s, t.Text) || hasOrdinal(t.Text) {
			// (A markdown header line, "| 维持 | 纠正 | … |", repeated over the second piece of
			// the row: column names, never values.)
			header = header || hasKind(m.lookup(t.Text), kindColumn, s.Code)
			lead = lead[:0]
			continue
		}
		// Words before the first number are header (a merged "行政复议行政诉讼" cell); after it,
		// they stand where a number belongs.
		if looksLikeValue(t.Text) || (len(vals) > 0 && isShort(t.Text) && t.InTable) {
			vals = append(vals, t)
		} else if len(vals) == 0 {
			lead = lead[:0]
		}
	}
	// The leading empty cells that the row lacks to fill its columns are its first cells: the
	// rest is layout.
	n := len(vals)
	for n > 0 && vals[n-1].Empty {
		n--
	}
	if k := min(len(lead), len(s.Columns)-n); k > 0 {
		vals = append(append([]Token{}, lead[len(lead)-k:]...), vals...)
	}
	if len(vals) == 0 && !header {
		return // a heading alone: the table is left out or an image
	}
	// With its header but no value (a page whose empty cells left nothing in the dump, 017), the
	// row is there with every cell missing, as the rows of tables 二 and 三 are.
	m.seenRows(s.Code)[s.Rows[0].Code] = true
	w := newRowWalk()
	m.emitSlot(w, s, s.Rows[0].Code, s.Columns, vals, sp.start)
	m.placeByIdentities(s, w) // a value lost: its group's 总计 may say which
	m.dropIssues(w)
}

// pick chooses the meaning of a token in a section. "总计" and "其他" are both columns and rows
// of table 三: in the header they are columns, among the rows (or with an ordinal) rows.
func (m *matcher) pick(s *schemas.Section, t Token, inRows bool) (labelHit, bool) {
	hits := m.lookup(t.Text)
	var best labelHit
	found := false
	for _, h := range hits {
		if h.kind != kindHeaderWord && h.kind != kindTrailing && h.section != s.Code {
			continue
		}
		if h.kind == kindRow && !(inRows || h.ordered) && hasKind(hits, kindColumn, s.Code) {
			continue
		}
		if h.kind == kindColumn && (inRows || h.ordered) && hasKind(hits, kindRow, s.Code) {
			continue
		}
		if !found || h.kind == kindRow {
			best, found = h, true
		}
	}
	return best, found
}

func hasKind(hits []labelHit, k labelKind, section string) bool {
	for _, h := range hits {
		if h.kind == k && h.section == section {
			return true
		}
	}
	return false
}

// isLabel tells whether a token is any label of the section (it ends a run of values).
func (m *matcher) isLabel(s *schemas.Section, t Token) bool {
	for _, h := range m.lookup(t.Text) {
		if h.kind == kindHeaderWord || h.kind == kindTrailing || h.kind == kindSection || h.section == s.Code {
			return true
		}
	}
	return false
}

// headerLine tells whether the table row (or text line) of token i names a column that is only
// a column ("自然人", "商业企业"): the row is a header row.
func (m *matcher) headerLine(s *schemas.Section, i int) bool {
	t := m.toks[i]
	if !t.InTable {
		return false
	}
	same := func(u Token) bool { return u.InTable && u.Table == t.Table && u.Row == t.Row }
	onlyColumn := func(u Token) bool {
		hits := m.lookup(u.Text)
		return hasKind(hits, kindColumn, s.Code) && !hasKind(hits, kindRow, s.Code)
	}
	// A header row of the form has at most a dozen cells: looking further would only make a
	// hostile page with one huge row quadratic.
	const reach = 24
	for j := i - 1; j >= 0 && j >= i-reach && same(m.toks[j]); j-- {
		if onlyColumn(m.toks[j]) {
			return true
		}
	}
	for j := i + 1; j < len(m.toks) && j <= i+reach && same(m.toks[j]); j++ {
		if onlyColumn(m.toks[j]) {
			return true
		}
	}
	return false
}

// sameRowLabel tells whether next is a row label of the section in the same table row (or
// text line) as t.
func (m *matcher) sameRowLabel(s *schemas.Section, t, next Token) bool {
	if !t.InTable || !next.InTable || t.Table != next.Table || t.Row != next.Row {
		return false
	}
	h, ok := m.pick(s, next, true)
	return ok && h.kind == kindRow
}

func (m *matcher) isValueToken(t Token) bool {
	if t.Empty {
		// A Lead field opens a line or stands for a slot covered from above: no value of the
		// row before it.
		return !t.Lead
	}
	return !t.Heading && !t.HeaderLine && looksLikeValue(t.Text)
}

// hasOrdinal: a token that starts with an ordinal ("6.属于四…", "(三)") is a row label, perhaps
// cut short or unknown, never a value.
func hasOrdinal(s string) bool {
	if looksLikeValue(s) {
		return false
	}
	_, ord := schemas.StripOrdinal(schemas.NormalizeLabel(s))
	return ord != ""
}

func isShort(s string) bool { return !moreRunesThan(s, maxCellRunes) }

// collect gathers the value tokens of one row starting at i: numbers and null marks, and short
// words where a number belongs while the row still lacks values. It stops at the next label,
// and, in text, at the end of a line that held the whole row (labelRow: the label's line).
func (m *matcher) collect(s *schemas.Section, i, end, want, labelRow int) ([]Token, int) {
	var vals []Token
	if want > 0 {
		vals = make([]Token, 0, want) // the row's cells, most often all there: one allocation
	}
	for ; i < end; i++ {
		t := m.toks[i]
		if want > 0 && len(vals) >= want && m.rowLineEnded(vals, t, labelRow) {
			break // "| 4.无正当理由大量反复申请 | 1 | … |" then "| 0 | 0 | … |": the next row
		}
		if m.isFiller(t) || t.Lead {
			continue // Lead: the start of the next line (a covered slot, a row's opening pipe)
		}
		if t.Empty {
			vals = append(vals, t)
			continue
		}
		if t.Heading || t.HeaderLine || m.isLabel(s, t) || hasOrdinal(t.Text) {
			break // a heading or a table's header line between pieces of a table ends the row
		}
		if looksLikeValue(t.Text) {
			vals = append(vals, t)
			continue
		}
		if m.gluedMode {
			if isRun(t.Text) {
				vals = append(vals, t) // cells run together with a sign between them: 30-2410
				continue
			}
			break // a glued row's values are runs of digits: words start the next row
		}
		if isShort(t.Text) && (want == 0 || len(vals) < want) && (t.InTable || m.reliableGrid) && !m.rowLineEnded(vals, t, labelRow) {
			// Words where a number belongs, but not at the start of the next line after a row
			// that stood on one line ("| （三）不 | 4.保护第三方… | 0 | …" then "| 予公开 | …").
			vals = append(vals, t)
			continue
		}
		break
	}
	return vals, i
}

// rowLineEnded tells, in text, that the values of a row stood on one line (its label's, or a
// line of their own) and t starts another line: a dump of one row per line whose next row has
// no label of its own (printed elsewhere by the tool that extracted the text). Dumps of one cell
// per line are not concerned: their values each stand on a line of their own.
func (m *matcher) rowLineEnded(vals []Token, t Token, labelRow int) bool {
	if m.reliableGrid || len(vals) == 0 {
		return false
	}
	last := vals[len(vals)-1]
	if t.Row == last.Row {
		return false
	}
	for _, v := range vals {
		if v.Row != last.Row {
			return false
		}
	}
	return len(vals) >= 2 || last.Row == labelRow
}

// emitRow turns a row's value tokens into cells. Extra non-blank values mean the row is shifted
// (values under a header cell that does not exist); missing ones are reported, never invented.
func (m *matcher) emitRow(s *schemas.Section, row string, cols []schemas.Column, vals []Token) {
	if m.gluedMode && m.deferGlued(s, row, cols, vals) {
		return
	}
	// Trailing blank cells beyond the form's columns are layout (an extra empty column), not data.
	for len(vals) > len(cols) && vals[len(vals)-1].Empty {
		vals = vals[:len(vals)-1]
	}
	if placed, ok := m.placeByHeader(cols, vals); ok {
		m.emitPlaced(s, row, cols, placed)
		return
	}
	if n := len(vals); n > 0 && n < len(cols) && (!m.endsText(vals[n-1]) || !m.leftFillAgrees(s, row, cols, vals)) {
		m.emitUnplaced(s, row, cols, vals)
		return
	}
	shifted := len(vals) > len(cols)
	if shifted {
		var extra []string
		for _, v := range vals[len(cols):] {
			extra = append(extra, v.Text)
		}
		m.issue(Issue{Rule: RuleTableShiftedValues, Severity: SeverityError, Section: s.Code, Row: row,
			Message:  fmt.Sprintf("row has %d values for %d columns: values stand under header cells that do not exist; positions are doubtful", len(vals), len(cols)),
			Expected: fmt.Sprint(len(cols)), Actual: fmt.Sprintf("%d (extra: %s)", len(vals), strings.Join(extra, " "))})
	}
	missing := 0
	for ci, c := range cols {
		cell := Cell{Section: s.Code, Row: row, Col: c.Code, Flags: []string{}}
		if ci >= len(vals) {
			cell.Flags = append(cell.Flags, FlagMissing)
			missing++
			m.addCell(cell)
			continue
		}
		v := vals[ci]
		pv := parseValue(v.Text, c.Kind)
		cell.Raw = v.Text
		cell.Value = pv.Value
		cell.Unit = pv.Unit
		cell.Flags = append(cell.Flags, pv.Flags...)
		if shifted {
			cell.Flags = append(cell.Flags, FlagShifted)
		}
		if m.reliableGrid && v.Header != "" && !m.headerFits(s, c, v.Header) {
			cell.Flags = append(cell.Flags, FlagShifted)
			m.issue(Issue{Rule: RuleTableHeaderMismatch, Severity: SeverityWarning, Section: s.Code, Row: row, Col: c.Code,
				Message:  fmt.Sprintf("value %q stands under header %q, expected %q", v.Text, v.Header, c.Label),
				Expected: c.Label, Actual: v.Header})
		}
		m.addCell(cell)
	}
	if missing > 0 {
		m.issue(Issue{Rule: RuleFormValuesMissing, Severity: SeverityWarning, Section: s.Code, Row: row,
			Message:  fmt.Sprintf("row found with %d of %d values; the missing cells are NULL (page cut off, or cells left out)", len(cols)-missing, len(cols)),
			Expected: fmt.Sprint(len(cols)), Actual: fmt.Sprint(len(cols) - missing)})
	}
}

// placeByHeader maps a row's values to columns by the header above each value, when the grid is
// real (HTML) and every value's header names exactly one column of the row: a table that leaves
// a column out (no 其他) or orders them differently is then read right. ok is false when the
// headers do not settle it (repeated labels as in table 四, missing headers), and when they
// agree with the positions anyway.
func (m *matcher) placeByHeader(cols []schemas.Column, vals []Token) ([]*Token, bool) {
	if len(vals) == 0 {
		return nil, false
	}
	for vi := range vals {
		if vals[vi].Header == "" {
			return nil, false
		}
	}
	// The columns' labels and variants as compared, once for all values (it was once per value).
	names, nameCol := m.colNames[:0], m.colNameCol[:0] // scratch, kept for the next row
	defer func() { m.colNames, m.colNameCol = names, nameCol }()
	for ci, c := range cols {
		names, nameCol = append(names, m.norm(c.Label).rest), append(nameCol, ci)
		for _, l := range c.Variants {
			names, nameCol = append(names, m.norm(l).rest), append(nameCol, ci)
		}
	}
	placed := make([]*Token, len(cols))
	differs := false
	for vi := range vals {
		v := &vals[vi]
		h := m.norm(v.Header).rest
		match := -1
		for i, n := range names {
			if ci := nameCol[i]; n == h {
				if match >= 0 && match != ci {
					return nil, false // the header names several columns
				}
				match = ci
			}
		}
		if match < 0 || placed[match] != nil {
			return nil, false
		}
		placed[match] = v
		if match != vi {
			differs = true
		}
	}
	return placed, differs
}

// emitPlaced emits a row whose values were placed by their headers. Columns without a value
// under them are missing (the table has no such column).
func (m *matcher) emitPlaced(s *schemas.Section, row string, cols []schemas.Column, placed []*Token) {
	var absent []string
	for ci, c := range cols {
		cell := Cell{Section: s.Code, Row: row, Col: c.Code, Flags: []string{}}
		v := placed[ci]
		if v == nil {
			cell.Flags = append(cell.Flags, FlagMissing)
			absent = append(absent, c.Code)
			m.addCell(cell)
			continue
		}
		pv := parseValue(v.Text, c.Kind)
		cell.Raw, cell.Value, cell.Unit = v.Text, pv.Value, pv.Unit
		cell.Flags = append(cell.Flags, pv.Flags...)
		m.addCell(cell)
	}
	if len(absent) > 0 {
		m.issue(Issue{Rule: RuleFormValuesMissing, Severity: SeverityWarning, Section: s.Code, Row: row,
			Message:  fmt.Sprintf("values placed by their column headers; the table has no column for %s: NULL", strings.Join(absent, ", ")),
			Expected: fmt.Sprint(len(cols)), Actual: fmt.Sprint(len(cols) - len(absent))})
	}
}

// checkRowsPresent reports each row of a found section that the page does not have.
func (m *matcher) checkRowsPresent(s *schemas.Section) {
	seen := m.seenRows(s.Code)
	for _, r := range s.AllRows() {
		if !seen[r.Code] {
			m.issue(Issue{Rule: RuleFormRowMissing, Severity: SeverityWarning, Section: s.Code, Row: r.Code,
				Message:  fmt.Sprintf("row %s (%s) not found in table %s", r.Code, r.Label, s.Ordinal),
				Expected: r.Label, Actual: ""})
		}
	}
}

func (m *matcher) seenRows(section string) map[string]bool {
	if m.rowsSeen[section] == nil {
		m.rowsSeen[section] = map[string]bool{}
	}
	return m.rowsSeen[section]
}
