package quality

import (
	"bytes"
	"path/filepath"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"github.com/govreports/govreports/internal/inputs"
	"github.com/govreports/govreports/parser"
)

// Inputs of the tests: the real sample, the 20 real partial pages and the made HTML fixtures
// with known breaks.
var testInputs = []string{"../testdata/corpus", "../parser/testdata/html"}

// loadAll parses every test input the way validate does.
func loadAll(t testing.TB) []Entry {
	t.Helper()
	var out []Entry
	err := inputs.Walker{}.Walk(testInputs, func(d inputs.Doc) error {
		res, err := parser.Parse(d.Data, d.Source)
		if err != nil {
			t.Fatalf("parse %s: %v", d.Source.Name, err)
		}
		out = append(out, NewEntry(res, d.Data, d.Source))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// loadOne parses one input file.
func loadOne(t testing.TB, path string) Entry {
	t.Helper()
	var out []Entry
	err := inputs.Walker{}.Walk([]string{path}, func(d inputs.Doc) error {
		res, err := parser.Parse(d.Data, d.Source)
		if err != nil {
			return err
		}
		out = append(out, NewEntry(res, d.Data, d.Source))
		return nil
	})
	if err != nil || len(out) != 1 {
		t.Fatalf("load %s: %v (%d reports)", path, err, len(out))
	}
	return out[0]
}

// render writes the HTML report of entries and parses it back.
func render(t testing.TB, entries []Entry, opts Options) (*goquery.Document, []byte) {
	t.Helper()
	var buf bytes.Buffer
	if err := WriteHTML(&buf, entries, opts); err != nil {
		t.Fatalf("WriteHTML: %v", err)
	}
	doc, err := goquery.NewDocumentFromReader(bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatalf("parse generated HTML: %v", err)
	}
	return doc, buf.Bytes()
}

func base(p string) string { return strings.TrimSuffix(filepath.Base(p), filepath.Ext(p)) }
