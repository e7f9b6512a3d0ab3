package pdf

import (
	"errors"
	"fmt"
	"math"
	"strings"

	"github.com/klippa-app/go-pdfium/enums"
	"github.com/klippa-app/go-pdfium/references"
	"github.com/klippa-app/go-pdfium/requests"
)

// ErrUnreadable: PDFium could not open the file (damaged, encrypted, not a PDF).
var ErrUnreadable = errors.New("pdf: file could not be opened")

// maxPathObjects bounds the drawing read per page: a table has some hundreds of rules, a page
// of vector art tens of thousands that say nothing about tables.
const maxPathObjects = 20000

// Page is what one PDF page holds for table reading, in PDF points with y growing upwards.
type Page struct {
	Width, Height float64
	Chars         []Char
	// Rules are the axis-aligned straight lines drawn on the page: table borders.
	Rules  []Rule
	Images int // image objects on the page
}

// Char is one character with its box.
type Char struct {
	Text                     string
	Left, Bottom, Right, Top float64
}

// Rule is a horizontal (Y1 == Y2) or vertical (X1 == X2) line segment.
type Rule struct{ X1, Y1, X2, Y2 float64 }

// Horizontal tells the orientation.
func (r Rule) Horizontal() bool { return math.Abs(r.Y2-r.Y1) < math.Abs(r.X2-r.X1) }

// Document is a PDF's pages and its Info title.
type Document struct {
	Title string
	Pages []Page
	// Skipped counts pages past MaxPages.
	Skipped int
}

// Extract reads the characters, rules and images of every page.
func (e *Engine) Extract(data []byte) (*Document, error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.inst == nil {
		return nil, ErrEngine
	}
	in := e.inst
	buf := data
	od, err := in.OpenDocument(&requests.OpenDocument{File: &buf})
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrUnreadable, err)
	}
	defer in.FPDF_CloseDocument(&requests.FPDF_CloseDocument{Document: od.Document})
	out := &Document{}
	if t, err := in.FPDF_GetMetaText(&requests.FPDF_GetMetaText{Document: od.Document, Tag: "Title"}); err == nil {
		out.Title = strings.TrimSpace(t.Value)
	}
	pc, err := in.FPDF_GetPageCount(&requests.FPDF_GetPageCount{Document: od.Document})
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrUnreadable, err)
	}
	n := pc.PageCount
	if n > MaxPages {
		out.Skipped = n - MaxPages
		n = MaxPages
	}
	for i := 0; i < n; i++ {
		p, err := e.page(od.Document, i)
		if err != nil {
			return nil, fmt.Errorf("%w: page %d: %v", ErrUnreadable, i+1, err)
		}
		out.Pages = append(out.Pages, p)
	}
	return out, nil
}

func (e *Engine) page(doc references.FPDF_DOCUMENT, index int) (Page, error) {
	in := e.inst
	lp, err := in.FPDF_LoadPage(&requests.FPDF_LoadPage{Document: doc, Index: index})
	if err != nil {
		return Page{}, err
	}
	defer in.FPDF_ClosePage(&requests.FPDF_ClosePage{Page: lp.Page})
	ref := requests.Page{ByReference: &lp.Page}
	var p Page
	if w, err := in.FPDF_GetPageWidthF(&requests.FPDF_GetPageWidthF{Page: ref}); err == nil {
		p.Width = float64(w.PageWidth)
	}
	if h, err := in.FPDF_GetPageHeightF(&requests.FPDF_GetPageHeightF{Page: ref}); err == nil {
		p.Height = float64(h.PageHeight)
	}
	st, err := in.GetPageTextStructured(&requests.GetPageTextStructured{Page: ref, Mode: requests.GetPageTextStructuredModeChars})
	if err != nil {
		return Page{}, err
	}
	for _, c := range st.Chars {
		if c == nil || c.Text == "" || c.Text == "\r" || c.Text == "\n" {
			continue
		}
		pp := c.PointPosition
		p.Chars = append(p.Chars, Char{Text: c.Text, Left: pp.Left, Right: pp.Right,
			Bottom: math.Min(pp.Top, pp.Bottom), Top: math.Max(pp.Top, pp.Bottom)})
	}
	cnt, err := in.FPDFPage_CountObjects(&requests.FPDFPage_CountObjects{Page: ref})
	if err != nil {
		return p, nil // text without drawing: read as unruled
	}
	budget := maxPathObjects
	get := func(k int) (references.FPDF_PAGEOBJECT, error) {
		o, err := in.FPDFPage_GetObject(&requests.FPDFPage_GetObject{Page: ref, Index: k})
		if err != nil {
			return "", err
		}
		return o.PageObject, nil
	}
	e.objects(&p, cnt.Count, get, identity, 0, &budget)
	return p, nil
}

var identity = [6]float64{1, 0, 0, 1, 0, 0}

// maxFormDepth bounds the nesting of form objects followed.
const maxFormDepth = 4

// objects reads n page objects (get(k) gives the k-th) drawn under the matrix ctm: paths give
// rules, images are counted, form objects (a group of objects with a matrix of their own, as
// some exporters wrap a page's drawing) are read inside.
func (e *Engine) objects(p *Page, n int, get func(int) (references.FPDF_PAGEOBJECT, error), ctm [6]float64, depth int, budget *int) {
	in := e.inst
	for k := 0; k < n && *budget > 0; k++ {
		obj, err := get(k)
		if err != nil {
			continue
		}
		ty, err := in.FPDFPageObj_GetType(&requests.FPDFPageObj_GetType{PageObject: obj})
		if err != nil {
			continue
		}
		switch ty.Type {
		case enums.FPDF_PAGEOBJ_IMAGE:
			p.Images++
		case enums.FPDF_PAGEOBJ_PATH:
			*budget--
			for _, r := range e.pathRules(obj) {
				if ctm != identity {
					a, b := apply(ctm, r.X1, r.Y1), apply(ctm, r.X2, r.Y2)
					p.Rules = appendRule(p.Rules, a, b)
					continue
				}
				p.Rules = append(p.Rules, r)
			}
		case enums.FPDF_PAGEOBJ_FORM:
			if depth >= maxFormDepth {
				continue
			}
			fc, err := in.FPDFFormObj_CountObjects(&requests.FPDFFormObj_CountObjects{PageObject: obj})
			if err != nil || fc.Count <= 0 {
				continue
			}
			m := identity
			if mx, err := in.FPDFPageObj_GetMatrix(&requests.FPDFPageObj_GetMatrix{PageObject: obj}); err == nil {
				a := mx.Matrix
				m = [6]float64{float64(a.A), float64(a.B), float64(a.C), float64(a.D), float64(a.E), float64(a.F)}
			}
			form := obj
			e.objects(p, fc.Count, func(i int) (references.FPDF_PAGEOBJECT, error) {
				o, err := in.FPDFFormObj_GetObject(&requests.FPDFFormObj_GetObject{PageObject: form, Index: uint64(i)})
				if err != nil {
					return "", err
				}
				return o.PageObject, nil
			}, compose(m, ctm), depth+1, budget)
		}
	}
}

// apply maps a point by a PDF matrix [a b c d e f].
func apply(m [6]float64, x, y float64) [2]float64 {
	return [2]float64{m[0]*x + m[2]*y + m[4], m[1]*x + m[3]*y + m[5]}
}

// compose is the matrix of m followed by n (PDF: m × n).
func compose(m, n [6]float64) [6]float64 {
	return [6]float64{
		m[0]*n[0] + m[1]*n[2], m[0]*n[1] + m[1]*n[3],
		m[2]*n[0] + m[3]*n[2], m[2]*n[1] + m[3]*n[3],
		m[4]*n[0] + m[5]*n[2] + n[4], m[4]*n[1] + m[5]*n[3] + n[5],
	}
}

// pathRules turns one path object into its axis-aligned straight segments, in page space. A
// thin filled rectangle (how Chromium and WPS draw a border) is one rule along its length.
func (e *Engine) pathRules(obj references.FPDF_PAGEOBJECT) []Rule {
	in := e.inst
	if b, err := in.FPDFPageObj_GetBounds(&requests.FPDFPageObj_GetBounds{PageObject: obj}); err == nil {
		w, h := float64(b.Right-b.Left), float64(b.Top-b.Bottom)
		switch {
		case w <= 2.5 && h > 2.5:
			x := float64(b.Left+b.Right) / 2
			return []Rule{{X1: x, Y1: float64(b.Bottom), X2: x, Y2: float64(b.Top)}}
		case h <= 2.5 && w > 2.5:
			y := float64(b.Bottom+b.Top) / 2
			return []Rule{{X1: float64(b.Left), Y1: y, X2: float64(b.Right), Y2: y}}
		case w <= 2.5 && h <= 2.5:
			return nil // a dot
		}
	}
	m := [6]float64{1, 0, 0, 1, 0, 0}
	if mx, err := in.FPDFPageObj_GetMatrix(&requests.FPDFPageObj_GetMatrix{PageObject: obj}); err == nil {
		a := mx.Matrix
		m = [6]float64{float64(a.A), float64(a.B), float64(a.C), float64(a.D), float64(a.E), float64(a.F)}
	}
	sc, err := in.FPDFPath_CountSegments(&requests.FPDFPath_CountSegments{PageObject: obj})
	if err != nil || sc.Count > 4096 {
		return nil
	}
	var out []Rule
	var start, prev [2]float64
	for i := 0; i < sc.Count; i++ {
		seg, err := in.FPDFPath_GetPathSegment(&requests.FPDFPath_GetPathSegment{PageObject: obj, Index: i})
		if err != nil {
			return out
		}
		pt, err1 := in.FPDFPathSegment_GetPoint(&requests.FPDFPathSegment_GetPoint{PathSegment: seg.PathSegment})
		st, err2 := in.FPDFPathSegment_GetType(&requests.FPDFPathSegment_GetType{PathSegment: seg.PathSegment})
		if err1 != nil || err2 != nil {
			return out
		}
		x, y := float64(pt.X), float64(pt.Y)
		cur := [2]float64{m[0]*x + m[2]*y + m[4], m[1]*x + m[3]*y + m[5]}
		switch st.Type {
		case enums.FPDF_SEGMENT_MOVETO:
			start = cur
		case enums.FPDF_SEGMENT_LINETO:
			out = appendRule(out, prev, cur)
			if cl, err := in.FPDFPathSegment_GetClose(&requests.FPDFPathSegment_GetClose{PathSegment: seg.PathSegment}); err == nil && cl.IsClose {
				out = appendRule(out, cur, start)
			}
		}
		prev = cur
	}
	return out
}

// appendRule keeps a segment that is straight along one axis and longer than a few points.
func appendRule(out []Rule, a, b [2]float64) []Rule {
	dx, dy := math.Abs(b[0]-a[0]), math.Abs(b[1]-a[1])
	switch {
	case dy < 0.5 && dx > 2.5:
		y := (a[1] + b[1]) / 2
		return append(out, Rule{X1: math.Min(a[0], b[0]), Y1: y, X2: math.Max(a[0], b[0]), Y2: y})
	case dx < 0.5 && dy > 2.5:
		x := (a[0] + b[0]) / 2
		return append(out, Rule{X1: x, Y1: math.Min(a[1], b[1]), X2: x, Y2: math.Max(a[1], b[1])})
	}
	return out
}
