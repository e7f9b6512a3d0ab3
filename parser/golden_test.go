package parser

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/golden")

// goldenInputs are the real corpus pages (repository copies of shared/corpus) and the made
// fixtures (HTML pages and text dumps). Each parses to the JSON stored under
// testdata/golden/<name>.json.
func goldenInputs(t *testing.T) []string {
	var files []string
	for _, pat := range []string{"../testdata/corpus/*.txt", "../testdata/corpus/partial/*.txt", "../testdata/corpus/extracted/*.md", "../testdata/corpus/glued/*.txt", "testdata/html/*.html", "testdata/text/*.txt",
		"testdata/docs/*.pdf", "testdata/docs/*.docx", "testdata/docs/*.doc"} {
		m, err := filepath.Glob(pat)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, m...)
	}
	if len(files) < 21 {
		t.Fatalf("only %d golden inputs found", len(files))
	}
	return files
}

// readCorpusFile applies the corpus convention: a first line "# SOURCE: URL …" is not page text.
func readCorpusFile(t testing.TB, path string) ([]byte, Source) {
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	src := Source{Name: filepath.ToSlash(strings.TrimPrefix(path, "../"))}
	if bytes.HasPrefix(b, []byte("# SOURCE:")) {
		i := bytes.IndexByte(b, '\n')
		if f := strings.Fields(string(b[:i])); len(f) > 2 && (strings.HasPrefix(f[2], "http://") || strings.HasPrefix(f[2], "https://")) {
			src.URL = f[2] // as internal/inputs reads it: a line that names no URL names none
		}
		b = b[i+1:]
	}
	return b, src
}

func TestGolden(t *testing.T) {
	for _, path := range goldenInputs(t) {
		name := filepath.Base(path)
		t.Run(name, func(t *testing.T) {
			data, src := readCorpusFile(t, path)
			res, err := Parse(data, src)
			if err != nil {
				t.Fatal(err)
			}
			got, err := json.MarshalIndent(res, "", "  ")
			if err != nil {
				t.Fatal(err)
			}
			got = append(got, '\n')
			base := strings.TrimSuffix(name, filepath.Ext(name))
			if strings.HasPrefix(path, "testdata/docs/") {
				base = name // one report as .pdf, .docx and .doc: one golden each
			}
			golden := filepath.Join("testdata", "golden", base+".json")
			if *update {
				if err := os.MkdirAll(filepath.Dir(golden), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(golden, got, 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test ./parser -run TestGolden -update)", err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("output differs from %s; review the diff and rerun with -update if it is right\n%s", golden, firstDiff(string(want), string(got)))
			}
		})
	}
}

func firstDiff(a, b string) string {
	al, bl := strings.Split(a, "\n"), strings.Split(b, "\n")
	for i := 0; i < len(al) && i < len(bl); i++ {
		if al[i] != bl[i] {
			return "line " + itoa(i+1) + ":\n- " + al[i] + "\n+ " + bl[i]
		}
	}
	return "lengths differ"
}

func itoa(i int) string { return strings.TrimSpace(strings.Repeat(" ", 0) + fmtNum(float64(i))) }

// TestPartialPagesReportMissing: the partial pages are cut off. What they hold is parsed, and
// nothing they lack is invented: every cell either has a value from the page, or is NULL with a
// flag saying why (blank, dash, missing).
func TestPartialPagesReportMissing(t *testing.T) {
	files, _ := filepath.Glob("../testdata/corpus/partial/*.txt")
	for _, path := range files {
		data, src := readCorpusFile(t, path)
		res, err := Parse(data, src)
		if err != nil {
			t.Errorf("%s: %v", path, err)
			continue
		}
		for _, c := range res.Cells {
			if c.Value == nil && len(c.Flags) == 0 {
				t.Errorf("%s: %s.%s.%s NULL without a flag", path, c.Section, c.Row, c.Col)
			}
			if c.Value != nil && c.Raw == "" {
				t.Errorf("%s: %s.%s.%s has a value but no raw text: invented", path, c.Section, c.Row, c.Col)
			}
		}
		missingSection := false
		for _, i := range res.Issues {
			if i.Rule == "form.section_missing" || i.Rule == "form.section_empty" || i.Rule == "form.row_missing" || i.Rule == "form.values_missing" {
				missingSection = true
			}
		}
		if !missingSection {
			t.Errorf("%s: a cut-off page parsed without any missing-part issue", path)
		}
	}
}
