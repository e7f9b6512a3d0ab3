package loader

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/govreports/govreports/parser"
)

func TestJSONStringEscaping(t *testing.T) {
	for _, s := range []string{"", "plain", `quote " and \ backslash`, "tab\tnl\ncr\r", "\x00\x01\x1f",
		"中文（全角）", "emoji 😀", "</script>", "\u2028 line sep"} {
		var b bytes.Buffer
		jstr(&b, s)
		var got string
		if err := json.Unmarshal(b.Bytes(), &got); err != nil {
			t.Errorf("%q → %s: invalid JSON: %v", s, b.String(), err)
			continue
		}
		if got != s {
			t.Errorf("%q round-tripped to %q", s, got)
		}
	}
}

func TestRowsAreValidJSON(t *testing.T) {
	b, err := buildBatch([]*parser.Result{sampleResult("r1")}, 7, epoch)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	for _, r := range b.cells {
		r.appendJSON(&buf)
	}
	for _, r := range b.issues {
		r.appendJSON(&buf)
	}
	for _, r := range b.reports {
		r.appendJSON(&buf)
	}
	for _, r := range fetchRows([]Fetch{{URL: "http://a.gov.cn/x"}}, 7) {
		r.appendJSON(&buf)
	}
	dec := json.NewDecoder(&buf)
	n := 0
	for dec.More() {
		var m map[string]any
		if err := dec.Decode(&m); err != nil {
			t.Fatalf("row %d: %v", n, err)
		}
		n++
	}
	if want := 4 + 3 + 1 + 1; n != want {
		t.Errorf("%d rows, want %d", n, want)
	}
}
