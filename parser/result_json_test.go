package parser

import (
	"bytes"
	"encoding/json"
	"math"
	"math/rand/v2"
	"reflect"
	"testing"
)

// fillValue sets every field below v from rnd, strings cut from text: nil and empty slices and
// pointers, odd floats and control, invalid and separator characters all come up.
func fillValue(v reflect.Value, rnd *rand.Rand, text string) {
	switch v.Kind() {
	case reflect.String:
		if text != "" && rnd.IntN(4) > 0 {
			i := rnd.IntN(len(text))
			v.SetString(text[i:min(len(text), i+rnd.IntN(24))])
		}
	case reflect.Int:
		v.SetInt(rnd.Int64N(1<<40) - 1<<39)
	case reflect.Bool:
		v.SetBool(rnd.IntN(2) == 0)
	case reflect.Float64:
		fs := []float64{0, math.Copysign(0, -1), 1, -2.5, 1e-7, 1e21, 123456789012345678901234.0, 1e-300, 0.000001, 5e-324}
		if rnd.IntN(2) == 0 {
			v.SetFloat(fs[rnd.IntN(len(fs))])
		} else {
			v.SetFloat(math.Float64frombits(rnd.Uint64()))
		}
	case reflect.Pointer:
		if rnd.IntN(3) > 0 {
			p := reflect.New(v.Type().Elem())
			fillValue(p.Elem(), rnd, text)
			v.Set(p)
		}
	case reflect.Slice:
		switch rnd.IntN(4) {
		case 0: // nil
		case 1:
			v.Set(reflect.MakeSlice(v.Type(), 0, 0))
		default:
			s := reflect.MakeSlice(v.Type(), 1+rnd.IntN(3), 3)
			for i := range s.Len() {
				fillValue(s.Index(i), rnd, text)
			}
			v.Set(s)
		}
	case reflect.Struct:
		for i := range v.NumField() {
			fillValue(v.Field(i), rnd, text)
		}
	default:
		panic("fillValue: no case for " + v.Kind().String()) // a new kind of field: add it here and to AppendJSON
	}
}

// FuzzAppendJSON holds Result.AppendJSON to encoding/json (SetEscapeHTML(false), as parse
// writes results) on results with every field filled from the fuzzer's text.
func FuzzAppendJSON(f *testing.F) {
	f.Add(uint64(1), "政府信息公开\x01\"\\<&>\u2028\u2029\xff\x7f\t\n\r\b\f")
	f.Add(uint64(2), "")
	f.Add(uint64(3), "a")
	f.Fuzz(func(t *testing.T, seed uint64, text string) {
		rnd := rand.New(rand.NewPCG(seed, seed>>7))
		var r Result
		fillValue(reflect.ValueOf(&r).Elem(), rnd, text)
		var want bytes.Buffer
		enc := json.NewEncoder(&want)
		enc.SetEscapeHTML(false)
		err := enc.Encode(&r)
		got, ok := r.AppendJSON(nil)
		if !ok {
			if err == nil {
				t.Fatalf("AppendJSON refused what encoding/json writes: %s", want.Bytes())
			}
			return
		}
		if err != nil {
			t.Fatalf("encoding/json refused (%v) what AppendJSON wrote: %s", err, got)
		}
		if w := bytes.TrimSuffix(want.Bytes(), []byte("\n")); !bytes.Equal(got, w) {
			t.Fatalf("AppendJSON:\n%s\nencoding/json:\n%s", got, w)
		}
	})
}

// TestAppendJSONParsedPages: the made pages' results come out of AppendJSON as out of
// encoding/json.
func TestAppendJSONParsedPages(t *testing.T) {
	for i, page := range madeGBKPages(t, 24<<10) {
		res, err := Parse(page, Source{Name: "made", URL: "http://x.gov.cn/a.html"})
		if err != nil {
			t.Fatal(err)
		}
		var w bytes.Buffer
		enc := json.NewEncoder(&w)
		enc.SetEscapeHTML(false)
		if err := enc.Encode(res); err != nil {
			t.Fatal(err)
		}
		got, ok := res.AppendJSON(nil)
		if !ok || !bytes.Equal(got, bytes.TrimSuffix(w.Bytes(), []byte("\n"))) {
			t.Fatalf("page %d: AppendJSON differs from encoding/json", i)
		}
	}
}
