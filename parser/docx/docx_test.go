package docx

import (
	"archive/zip"
	"bytes"
	"errors"
	"os"
	"testing"

	"github.com/govreports/govreports/parser/layout"
)

const ns = `xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"`

// makeDOCX zips a document.xml body (and any further entries) the way Word does.
func makeDOCX(t testing.TB, body string, extra map[string][]byte) []byte {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, _ := zw.Create("[Content_Types].xml")
	w.Write([]byte(`<?xml version="1.0"?><Types/>`))
	w, _ = zw.Create("word/document.xml")
	w.Write([]byte(`<?xml version="1.0" encoding="UTF-8"?><w:document ` + ns + `><w:body>` + body + `</w:body></w:document>`))
	for name, b := range extra {
		w, _ = zw.Create(name)
		w.Write(b)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func p(text string) string { return `<w:p><w:r><w:t>` + text + `</w:t></w:r></w:p>` }

func tc(props, text string) string {
	return `<w:tc><w:tcPr>` + props + `</w:tcPr>` + p(text) + `</w:tc>`
}

func TestReadTables(t *testing.T) {
	for _, tt := range []struct {
		name string
		body string
		want []layout.Cell
	}{
		{
			name: "gridSpan and vMerge",
			body: `<w:tbl><w:tr>` + tc(`<w:vMerge w:val="restart"/>`, "（三）不予公开") + tc("", "1.属于国家秘密") + tc("", "0") + `</w:tr>` +
				`<w:tr>` + tc(`<w:vMerge/>`, "") + tc("", "2.其他法律行政法规禁止公开") + tc("", "1") + `</w:tr>` +
				`<w:tr>` + tc(`<w:gridSpan w:val="2"/>`, "（四）无法提供") + tc("", "2") + `</w:tr></w:tbl>`,
			want: []layout.Cell{
				{Row: 0, Col: 0, RowSpan: 2, ColSpan: 1, Text: "（三）不予公开"},
				{Row: 0, Col: 1, RowSpan: 1, ColSpan: 1, Text: "1.属于国家秘密"},
				{Row: 0, Col: 2, RowSpan: 1, ColSpan: 1, Text: "0"},
				{Row: 1, Col: 1, RowSpan: 1, ColSpan: 1, Text: "2.其他法律行政法规禁止公开"},
				{Row: 1, Col: 2, RowSpan: 1, ColSpan: 1, Text: "1"},
				{Row: 2, Col: 0, RowSpan: 1, ColSpan: 2, Text: "（四）无法提供"},
				{Row: 2, Col: 2, RowSpan: 1, ColSpan: 1, Text: "2"},
			},
		},
		{
			name: "gridBefore, label over two paragraphs, deleted text",
			body: `<w:tbl><w:tr><w:trPr><w:gridBefore w:val="1"/></w:trPr>` + `<w:tc>` + p("商业") + p("企业") + `</w:tc>` +
				`<w:tc><w:p><w:r><w:t>1</w:t></w:r><w:del><w:r><w:delText>9</w:delText></w:r></w:del><w:r><w:t>2</w:t></w:r></w:p></w:tc></w:tr></w:tbl>`,
			want: []layout.Cell{
				{Row: 0, Col: 1, RowSpan: 1, ColSpan: 1, Text: "商业 企业"},
				{Row: 0, Col: 2, RowSpan: 1, ColSpan: 1, Text: "12"},
			},
		},
	} {
		t.Run(tt.name, func(t *testing.T) {
			d, err := Read(makeDOCX(t, p("二、主动公开政府信息情况")+tt.body, nil))
			if err != nil {
				t.Fatal(err)
			}
			if len(d.Blocks) != 2 || d.Blocks[0].Text != "二、主动公开政府信息情况" || d.Blocks[1].Table == nil {
				t.Fatalf("blocks %+v", d.Blocks)
			}
			got := d.Blocks[1].Table.Cells
			if len(got) != len(tt.want) {
				t.Fatalf("cells %+v\nwant %+v", got, tt.want)
			}
			for i := range got {
				if got[i] != tt.want[i] {
					t.Errorf("cell %d: %+v, want %+v", i, got[i], tt.want[i])
				}
			}
		})
	}
}

func TestReadPicturesAndTitle(t *testing.T) {
	body := `<w:p><w:r><w:drawing><wp:inline xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"><wp:docPr id="1" name="图片 1" descr="表三.png"/></wp:inline></w:drawing></w:r></w:p>`
	core := []byte(`<?xml version="1.0"?><cp:coreProperties xmlns:cp="x" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>某局2022年政府信息公开工作年度报告</dc:title></cp:coreProperties>`)
	d, err := Read(makeDOCX(t, body, map[string][]byte{"docProps/core.xml": core}))
	if err != nil {
		t.Fatal(err)
	}
	if len(d.Images) != 1 || d.Images[0] != "表三.png" || d.Title != "某局2022年政府信息公开工作年度报告" {
		t.Errorf("images %q title %q", d.Images, d.Title)
	}
}

// A zip bomb: document.xml inflating past the limit is refused without being held in memory.
func TestZipBombIsBounded(t *testing.T) {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, _ := zw.Create("word/document.xml")
	chunk := bytes.Repeat([]byte("<w:p/>"), 1<<16)
	for n := 0; n <= MaxXMLBytes/len(chunk); n++ {
		w.Write(chunk)
	}
	zw.Close()
	if buf.Len() > 2<<20 {
		t.Fatalf("bomb is %d bytes compressed: not a bomb", buf.Len())
	}
	if _, err := Read(buf.Bytes()); !errors.Is(err, ErrTooLarge) {
		t.Errorf("err = %v, want ErrTooLarge", err)
	}
}

func TestNotADocument(t *testing.T) {
	for _, b := range [][]byte{nil, []byte("PK\x03\x04 garbage"), makeZip(t, "xl/workbook.xml")} {
		if _, err := Read(b); !errors.Is(err, ErrNotDOCX) {
			t.Errorf("%q: err = %v, want ErrNotDOCX", b[:min(len(b), 20)], err)
		}
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, _ := zw.Create("word/document.xml")
	w.Write([]byte(`<w:document ` + ns + `><w:body><w:p><w:r><w:t>cut off`))
	zw.Close()
	if _, err := Read(buf.Bytes()); !errors.Is(err, ErrMalformed) {
		t.Errorf("truncated XML: err = %v, want ErrMalformed", err)
	}
}

func makeZip(t testing.TB, name string) []byte {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, _ := zw.Create(name)
	w.Write([]byte("<x/>"))
	zw.Close()
	return buf.Bytes()
}

func FuzzRead(f *testing.F) {
	if b, err := os.ReadFile("../testdata/docs/wps_2021_ruled.docx"); err == nil {
		f.Add(b)
	}
	f.Add(makeDOCX(f, `<w:tbl><w:tr>`+tc(`<w:gridSpan w:val="99999"/><w:vMerge/>`, "x")+`</w:tr></w:tbl>`, nil))
	f.Fuzz(func(t *testing.T, b []byte) {
		d, err := Read(b)
		if err != nil {
			return
		}
		for _, bl := range d.Blocks {
			if bl.Table == nil {
				continue
			}
			for _, c := range bl.Table.Cells {
				if c.RowSpan < 1 || c.ColSpan < 1 || c.Row < 0 || c.Col < 0 || len(c.Text) > layout.MaxText {
					t.Fatalf("bad cell %+v", c)
				}
			}
		}
	})
}
