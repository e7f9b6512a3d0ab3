// Package docx reads the paragraphs and tables of a Word 2007+ document (word/document.xml in
// its zip) into a layout.Document: w:gridSpan becomes a column span, w:vMerge a row span, so a
// table comes out on the grid Word shows. It is a pure function of the bytes.
//
// Zip bombs are bounded: only word/document.xml and docProps/core.xml are read, each through a
// limit on the bytes it inflates to, whatever its header claims.
package docx

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/govreports/govreports/parser/layout"
)

// MaxXMLBytes bounds the inflated word/document.xml: a report with its tables is well under
// 2 MB of XML (images are separate entries, never read).
const MaxXMLBytes = 64 << 20

var (
	// ErrNotDOCX: the bytes are not a zip holding word/document.xml.
	ErrNotDOCX = errors.New("docx: not a Word document (no word/document.xml)")
	// ErrTooLarge: an entry inflates past MaxXMLBytes, or the document has more cells or
	// blocks than layout allows.
	ErrTooLarge = errors.New("docx: document too large")
	// ErrMalformed: the XML of the document cannot be read.
	ErrMalformed = errors.New("docx: malformed document.xml")
)

// Sniff tells a DOCX (a zip whose entries include word/) from other bytes, cheaply: it looks
// for the local file header and the name of a word/ entry in the first kilobytes.
func Sniff(data []byte) bool {
	if !bytes.HasPrefix(data, []byte("PK\x03\x04")) {
		return false
	}
	head := data[:min(len(data), 1<<16)]
	return bytes.Contains(head, []byte("word/")) || bytes.Contains(head, []byte("[Content_Types].xml"))
}

// Read parses a DOCX file.
func Read(data []byte) (*layout.Document, error) {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrNotDOCX, err)
	}
	var body, core *zip.File
	for _, f := range zr.File {
		switch f.Name {
		case "word/document.xml":
			body = f
		case "docProps/core.xml":
			core = f
		}
	}
	if body == nil {
		return nil, ErrNotDOCX
	}
	xmlBytes, err := inflate(body)
	if err != nil {
		return nil, err
	}
	d, err := readBody(xmlBytes)
	if err != nil {
		return nil, err
	}
	if core != nil {
		if b, err := inflate(core); err == nil {
			d.Title = coreTitle(b)
		}
	}
	return d, nil
}

// inflate reads one entry, refusing more than MaxXMLBytes of output.
func inflate(f *zip.File) ([]byte, error) {
	rc, err := f.Open()
	if err != nil {
		return nil, fmt.Errorf("%w: %s: %v", ErrNotDOCX, f.Name, err)
	}
	defer rc.Close()
	b, err := io.ReadAll(io.LimitReader(rc, MaxXMLBytes+1))
	if err != nil {
		return nil, fmt.Errorf("%w: %s: %v", ErrMalformed, f.Name, err)
	}
	if len(b) > MaxXMLBytes {
		return nil, fmt.Errorf("%w: %s inflates past %d bytes", ErrTooLarge, f.Name, MaxXMLBytes)
	}
	return b, nil
}

// coreTitle is dc:title of docProps/core.xml.
func coreTitle(b []byte) string {
	dec := xml.NewDecoder(bytes.NewReader(b))
	in := false
	var sb strings.Builder
	for {
		tok, err := dec.Token()
		if err != nil {
			break
		}
		switch t := tok.(type) {
		case xml.StartElement:
			in = t.Name.Local == "title"
		case xml.EndElement:
			if in {
				return strings.TrimSpace(sb.String())
			}
		case xml.CharData:
			if in && sb.Len() < 1000 {
				sb.Write(t)
			}
		}
	}
	return ""
}

// reader walks document.xml as a stream of tokens.
type reader struct {
	dec   *xml.Decoder
	doc   *layout.Document
	cells int
}

func readBody(b []byte) (*layout.Document, error) {
	r := &reader{dec: xml.NewDecoder(bytes.NewReader(b)), doc: &layout.Document{}}
	r.dec.Strict = false
	for {
		tok, err := r.dec.Token()
		if err == io.EOF {
			return r.doc, nil
		}
		if err != nil {
			return nil, fmt.Errorf("%w: %v", ErrMalformed, err)
		}
		se, ok := tok.(xml.StartElement)
		if !ok {
			continue
		}
		switch se.Name.Local {
		case "p":
			text, err := r.paragraph()
			if err != nil {
				return nil, err
			}
			if err := r.add(layout.Block{Text: text}); err != nil {
				return nil, err
			}
		case "tbl":
			t, err := r.table()
			if err != nil {
				return nil, err
			}
			if err := r.add(layout.Block{Table: t}); err != nil {
				return nil, err
			}
		}
		// Other elements (w:body, w:sdt, w:sdtContent, w:customXml) are descended into by the
		// loop itself: their paragraphs and tables are read where they stand.
	}
}

func (r *reader) add(b layout.Block) error {
	if len(r.doc.Blocks) >= layout.MaxBlocks {
		return fmt.Errorf("%w: more than %d paragraphs and tables", ErrTooLarge, layout.MaxBlocks)
	}
	r.doc.Blocks = append(r.doc.Blocks, b)
	return nil
}

// paragraph reads a w:p up to its end: the text of its runs (w:t), tabs and breaks as spaces,
// deleted text (w:delText) left out. A picture in it is recorded as an image.
func (r *reader) paragraph() (string, error) {
	var sb strings.Builder
	depth := 1
	inText := false
	for depth > 0 {
		tok, err := r.dec.Token()
		if err != nil {
			return "", fmt.Errorf("%w: %v", ErrMalformed, err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			depth++
			switch t.Name.Local {
			case "t":
				inText = true
			case "tab", "br", "cr":
				sb.WriteByte(' ')
			case "docPr":
				r.doc.Images = append(r.doc.Images, imageName(t, len(r.doc.Images)))
			case "imagedata":
				r.doc.Images = append(r.doc.Images, imageName(t, len(r.doc.Images)))
			}
		case xml.EndElement:
			depth--
			if t.Name.Local == "t" {
				inText = false
			}
		case xml.CharData:
			if inText && sb.Len() < layout.MaxText {
				sb.Write(t)
			}
		}
	}
	return sb.String(), nil
}

// imageName names a picture by its docPr name/descr (or v:imagedata title), else by position.
func imageName(se xml.StartElement, n int) string {
	for _, k := range []string{"descr", "name", "title"} {
		for _, a := range se.Attr {
			if a.Name.Local == k && strings.TrimSpace(a.Value) != "" {
				return strings.TrimSpace(a.Value)
			}
		}
	}
	return "image " + strconv.Itoa(n+1)
}

// table reads a w:tbl up to its end. Cells continuing a vertical merge (w:vMerge without
// val="restart") extend the cell above them; w:gridBefore skips leading grid columns.
func (r *reader) table() (*layout.Table, error) {
	t := &layout.Table{}
	row := -1
	col := 0
	open := map[int]int{} // grid column → index in t.Cells of the merge open there
	var cur *tcState
	depth := 1
	for depth > 0 {
		tok, err := r.dec.Token()
		if err != nil {
			return nil, fmt.Errorf("%w: %v", ErrMalformed, err)
		}
		switch se := tok.(type) {
		case xml.StartElement:
			depth++
			switch se.Name.Local {
			case "tr":
				row++
				col = 0
			case "gridBefore":
				if cur == nil {
					col += intAttr(se, 0)
				}
			case "tc":
				cur = &tcState{span: 1}
			case "gridSpan":
				if cur != nil {
					cur.span = max(1, min(intAttr(se, 1), 1000))
				}
			case "vMerge":
				if cur != nil {
					cur.vmerge = "continue"
					if attr(se, "val") == "restart" {
						cur.vmerge = "restart"
					}
				}
			case "p":
				text, err := r.paragraph()
				depth-- // paragraph consumed its end element
				if err != nil {
					return nil, err
				}
				if cur != nil {
					if text = strings.TrimSpace(text); text != "" {
						if cur.text.Len() > 0 {
							cur.text.WriteByte(' ')
						}
						cur.text.WriteString(text)
					}
				}
			case "tbl":
				// A table inside a cell: its text belongs to the cell.
				inner, err := r.table()
				depth--
				if err != nil {
					return nil, err
				}
				if cur != nil {
					for _, c := range inner.Cells {
						if c.Text != "" {
							cur.text.WriteByte(' ')
							cur.text.WriteString(c.Text)
						}
					}
				}
			}
		case xml.EndElement:
			depth--
			if se.Name.Local != "tc" || cur == nil {
				continue
			}
			text := cur.text.String()
			if i, ok := open[col]; ok && cur.vmerge == "continue" && t.Cells[i].ColSpan == cur.span {
				t.Cells[i].RowSpan = row - t.Cells[i].Row + 1
				if text != "" {
					t.Cells[i].Text = strings.TrimSpace(t.Cells[i].Text + " " + text)
				}
			} else {
				r.cells++
				if r.cells > layout.MaxCells {
					return nil, fmt.Errorf("%w: more than %d table cells", ErrTooLarge, layout.MaxCells)
				}
				for k := col; k < col+cur.span; k++ {
					delete(open, k)
				}
				t.Cells = append(t.Cells, layout.Cell{Row: max(row, 0), Col: col, RowSpan: 1, ColSpan: cur.span, Text: text})
				if cur.vmerge == "restart" {
					open[col] = len(t.Cells) - 1
				}
			}
			col += cur.span
			cur = nil
		}
	}
	return t, nil
}

// tcState collects one w:tc.
type tcState struct {
	span   int
	vmerge string // "", "restart" or "continue"
	text   strings.Builder
}

func attr(se xml.StartElement, local string) string {
	for _, a := range se.Attr {
		if a.Name.Local == local {
			return a.Value
		}
	}
	return ""
}

func intAttr(se xml.StartElement, def int) int {
	n, err := strconv.Atoi(strings.TrimSpace(attr(se, "val")))
	if err != nil || n < 0 {
		return def
	}
	return min(n, 1000)
}
