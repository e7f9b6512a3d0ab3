package loader

import (
	"bytes"
	"encoding/json"
	"math"
	"reflect"
	"testing"
	"time"

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

// reference is what a row must encode to, built with encoding/json from the row's fields by
// reflection (independently of rowCodec's field kinds): DateTime as Unix seconds, Date as
// YYYY-MM-DD, a non-finite float as null.
func reference(t *testing.T, row any) []byte {
	t.Helper()
	v := reflect.ValueOf(row).Elem()
	var b bytes.Buffer
	b.WriteByte('{')
	for i := 0; i < v.NumField(); i++ {
		f := v.Type().Field(i)
		var val any = v.Field(i).Interface()
		switch x := val.(type) {
		case time.Time:
			if f.Tag.Get("chtype") == "Date" {
				val = x.Format(time.DateOnly)
			} else {
				val = max(x.Unix(), 0)
			}
		case *float64:
			if x != nil && (math.IsNaN(*x) || math.IsInf(*x, 0)) {
				val = nil
			}
		case []string:
			if x == nil {
				val = []string{}
			}
		}
		k, _ := json.Marshal(f.Tag.Get("ch"))
		e, err := json.Marshal(val)
		if err != nil {
			t.Fatalf("%s: %v", f.Name, err)
		}
		if i > 0 {
			b.WriteByte(',')
		}
		b.Write(k)
		b.WriteByte(':')
		b.Write(e)
	}
	b.WriteByte('}')
	return b.Bytes()
}

// The fast encoder writes the same JSON as encoding/json (same keys in the same order, same
// values once decoded), for every row type, with text that needs escaping.
func TestFastEncoderMatchesEncodingJSON(t *testing.T) {
	odd := "a\"b\\c\n\t\x01 中文 </script> \u2028"
	nan, inf, v := math.NaN(), math.Inf(1), 1.25e-7
	at := time.Date(2024, 3, 5, 6, 7, 8, 0, time.UTC)
	rows := []struct {
		codec *rowCodec
		row   any
	}{
		{reportCodec, &reportRow{ID: odd, Title: odd, Year: 2023, Mirror: 1, Fetched: at, Published: at,
			Cells: math.MaxUint32, Version: math.MaxUint64, AttachmentURL: odd, RegionData: odd}},
		{reportCodec, &reportRow{Fetched: time.Unix(-5, 0), Published: epoch}},
		{cellCodec, &cellRow{ReportID: odd, Value: &v, Flags: []string{odd, "x"}, LoadedAt: at}},
		{cellCodec, &cellRow{Value: &nan}},
		{cellCodec, &cellRow{Value: &inf, Flags: nil}},
		{issueCodec, &issueRow{Message: odd, Expected: "1", Actual: "2", SpanStart: -1, SpanEnd: math.MaxInt64, Key: math.MaxUint64}},
		{fetchCodec, &fetchRow{URL: odd, Status: 503, Bytes: 1 << 40, DurationMS: 17, IsReport: 1, FetchedAt: at}},
	}
	for i, r := range rows {
		var fast bytes.Buffer
		r.codec.appendJSON(&fast, r.row)
		want := reference(t, r.row)
		var got, exp any
		if err := json.Unmarshal(fast.Bytes(), &got); err != nil {
			t.Fatalf("row %d: fast encoder wrote invalid JSON %s: %v", i, fast.String(), err)
		}
		if err := json.Unmarshal(want, &exp); err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, exp) {
			t.Errorf("row %d:\nfast %s\njson %s", i, fast.String(), want)
		}
		if keys, wantKeys := keyOrder(t, fast.Bytes()), keyOrder(t, want); !reflect.DeepEqual(keys, wantKeys) {
			t.Errorf("row %d: keys %v, want %v", i, keys, wantKeys)
		}
	}
}

func keyOrder(t *testing.T, b []byte) []string {
	t.Helper()
	dec := json.NewDecoder(bytes.NewReader(b))
	var keys []string
	if _, err := dec.Token(); err != nil {
		t.Fatal(err)
	}
	for dec.More() {
		k, err := dec.Token()
		if err != nil {
			t.Fatal(err)
		}
		keys = append(keys, k.(string))
		var skip json.RawMessage
		if err := dec.Decode(&skip); err != nil {
			t.Fatal(err)
		}
	}
	return keys
}

func TestRowsAreValidJSON(t *testing.T) {
	b, err := buildBatch([]*parser.Result{sampleResult("r1")}, 7, epoch)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	for i := range b.cells {
		cellCodec.appendJSON(&buf, &b.cells[i])
	}
	for i := range b.issues {
		issueCodec.appendJSON(&buf, &b.issues[i])
	}
	for i := range b.reports {
		reportCodec.appendJSON(&buf, &b.reports[i])
	}
	fs := fetchRows([]Fetch{{URL: "http://a.gov.cn/x"}}, 7)
	for i := range fs {
		fetchCodec.appendJSON(&buf, &fs[i])
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

// BenchmarkEncodeCells: the chDB path's encoder on a typical cell row.
func BenchmarkEncodeCells(b *testing.B) {
	v := 697.449
	row := cellRow{ReportID: "bench-000001", Year: 2023, RegionCode: "110105", Agency: "某区人民政府",
		Section: "requests", Row: "received", Col: "total", Value: &v, Raw: "697.449万元", Unit: "万元",
		Flags: []string{"unit_stripped"}, LoadedAt: time.Now(), Version: 1}
	var buf bytes.Buffer
	b.ReportAllocs()
	for b.Loop() {
		buf.Reset()
		cellCodec.appendJSON(&buf, &row)
	}
}
