package parser

import (
	"strings"
	"sync"

	"github.com/govreports/govreports/schemas"
)

// labelKind says what a label names in the form.
type labelKind int

const (
	kindSection labelKind = iota + 1
	kindGroup             // 第二十条第(X)项: a block of rows with its own header
	kindColumn
	kindRowGroup // (三)不予公开: heads numbered rows
	kindRow
	kindHeaderWord // 信息内容, 申请人情况 …: header text that is neither row nor column
	kindTrailing   // 五、存在的主要问题…: ends the tables
)

// labelHit is one meaning a label has in a form.
type labelHit struct {
	kind     labelKind
	section  string
	group    int    // kindGroup, kindColumn of a group, kindRow of a group: index in Section.Groups; -1 otherwise
	code     string // row or column code, or the row-group prefix
	ordered  bool   // the label carried an ordinal prefix in the source
	official string
}

// formIndex maps normalized labels (ordinal stripped) to their meanings in one form.
type formIndex struct {
	form     *schemas.Form
	exact    map[string][]labelHit
	prefixes []prefixEntry // rows matched by the start of their label (long labels cut or annotated)
	markers  map[string]bool
	// columns maps section and column code to the column, for value checks.
	columns map[colKey]*schemas.Column
	// cells is how many cells the form has (rows × columns of every section).
	cells int
}

type prefixEntry struct {
	prefix string
	hit    labelHit
}

var (
	indexMu    sync.Mutex
	indexCache = map[*schemas.Form]*formIndex{}
)

// indexFor builds (once per form) the lookup table of every label the form knows.
func indexFor(f *schemas.Form) *formIndex {
	indexMu.Lock()
	defer indexMu.Unlock()
	if ix, ok := indexCache[f]; ok {
		return ix
	}
	ix := &formIndex{form: f, exact: map[string][]labelHit{}, markers: map[string]bool{}, columns: map[colKey]*schemas.Column{}}
	for si := range f.Sections {
		ix.cells += len(f.Sections[si].AllRows()) * len(f.Sections[si].AllColumns())
		for _, c := range f.Sections[si].AllColumns() {
			c := c
			ix.columns[colKey{f.Sections[si].Code, c.Code}] = &c
		}
	}
	add := func(label string, h labelHit) {
		if label == "" {
			return
		}
		k, _ := schemas.StripOrdinal(schemas.NormalizeLabel(label))
		h.official = label
		ix.exact[k] = append(ix.exact[k], h)
	}
	for _, m := range f.Markers {
		k, _ := schemas.StripOrdinal(schemas.NormalizeLabel(m))
		ix.markers[k] = true
	}
	for _, w := range f.HeaderWords {
		add(w, labelHit{kind: kindHeaderWord, group: -1})
	}
	for _, w := range f.TrailingHeadings {
		add(w, labelHit{kind: kindTrailing, group: -1})
	}
	for _, s := range f.Sections {
		add(s.Heading, labelHit{kind: kindSection, section: s.Code, group: -1})
		for _, v := range s.HeadingVariants {
			add(v, labelHit{kind: kindSection, section: s.Code, group: -1})
		}
		addCols := func(cols []schemas.Column, g int) {
			for _, c := range cols {
				h := labelHit{kind: kindColumn, section: s.Code, group: g, code: c.Code}
				add(c.Label, h)
				for _, v := range c.Variants {
					add(v, h)
				}
			}
		}
		addRows := func(rows []schemas.Row, g int) {
			for _, r := range rows {
				h := labelHit{kind: kindRow, section: s.Code, group: g, code: r.Code}
				add(r.Label, h)
				for _, v := range r.Variants {
					add(v, h)
				}
				for _, p := range r.Prefixes {
					k, _ := schemas.StripOrdinal(schemas.NormalizeLabel(p))
					h.official = r.Label
					ix.prefixes = append(ix.prefixes, prefixEntry{k, h})
				}
			}
		}
		for gi, g := range s.Groups {
			add(g.Label, labelHit{kind: kindGroup, section: s.Code, group: gi, code: g.Code})
			addCols(g.Columns, gi)
			addRows(g.Rows, gi)
		}
		addCols(s.Columns, -1)
		addRows(s.Rows, -1)
		for _, rg := range s.RowGroups {
			add(rg.Label, labelHit{kind: kindRowGroup, section: s.Code, group: -1, code: rg.Prefix})
		}
	}
	indexCache[f] = ix
	return ix
}

// lookupKey returns the meanings of a token's text in the form, given the text normalized and
// split from its ordinal (k, ord: schemas.StripOrdinal of schemas.NormalizeLabel; the matcher
// keeps them memoized).
func (ix *formIndex) lookupKey(k, ord string) []labelHit {
	if k == "" {
		return nil
	}
	hits := ix.exact[k]
	if len(hits) == 0 {
		hits = ix.lookupLoose(k)
	}
	if ord != "" && len(hits) > 0 {
		out := make([]labelHit, len(hits))
		for i, h := range hits {
			h.ordered = true
			out[i] = h
		}
		return out
	}
	return hits
}

// lookupLoose handles labels with trailing notes or units, e.g. "二、主动公开政府信息情况（单位：件）"
// or "(二)部分公开(区分处理的…)" written differently: a row or heading prefix, or a label
// followed by a parenthesized remark.
func (ix *formIndex) lookupLoose(k string) []labelHit {
	for _, p := range ix.prefixes {
		if strings.HasPrefix(k, p.prefix) {
			return []labelHit{p.hit}
		}
	}
	if i := strings.IndexByte(k, '('); i > 0 {
		if hits := ix.exact[k[:i]]; len(hits) > 0 {
			return hits
		}
	}
	return nil
}
