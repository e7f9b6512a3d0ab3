package loader

import (
	"bytes"
	"fmt"
	"math"
	"reflect"
	"strconv"
	"time"
	"unsafe"
)

// A row struct is the one definition of a table's columns: each exported field carries its
// column name in a `ch:"…"` tag (the tag clickhouse-go's AppendStruct reads), in the table's
// order. A time.Time field is a DateTime column unless tagged `chtype:"Date"`. From the tags come
// the INSERT column list of both targets, the JSONEachRow rows of the embedded target, the SELECT
// list that reads rows back, and the test against system.columns (schema_test.go).

// fieldKind is how one field is written and read; it is fixed per field when the codec is built,
// so encoding a row does no type switch on reflect.Type.
type fieldKind int

const (
	kString fieldKind = iota
	kUint
	kInt
	kDateTime
	kDate
	kFloatPtr // Nullable(Float64)
	kStrings  // Array(String)
)

type codecField struct {
	col   string
	index int
	kind  fieldKind
	width reflect.Kind // of an integer field: which size to read
	off   uintptr      // offset in the struct, for the encoder
	key   string       // `{"col":` for the first field, `,"col":` after
}

// rowCodec is a row type's columns and how to move its fields to and from ClickHouse.
type rowCodec struct {
	typ    reflect.Type
	cols   []string
	fields []codecField
	byCol  map[string]int // column → position in fields
}

var timeType = reflect.TypeOf(time.Time{})

// newCodec builds the codec of a row struct. A field without a ch tag or of a type the codec
// cannot write is a programming error in this package, caught when the package initialises
// (every codec is a package variable) and by the tests.
func newCodec[T any]() *rowCodec {
	t := reflect.TypeFor[T]()
	c := &rowCodec{typ: t, byCol: map[string]int{}}
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		col := f.Tag.Get("ch")
		if col == "" || !f.IsExported() {
			panic(fmt.Sprintf("loader: %s.%s has no ch tag", t.Name(), f.Name))
		}
		var k fieldKind
		switch {
		case f.Type == timeType && f.Tag.Get("chtype") == "Date":
			k = kDate
		case f.Type == timeType:
			k = kDateTime
		case f.Type.Kind() == reflect.String:
			k = kString
		case f.Type.Kind() >= reflect.Uint && f.Type.Kind() <= reflect.Uint64:
			k = kUint
		case f.Type.Kind() >= reflect.Int && f.Type.Kind() <= reflect.Int64:
			k = kInt
		case f.Type.Kind() == reflect.Pointer && f.Type.Elem().Kind() == reflect.Float64:
			k = kFloatPtr
		case f.Type.Kind() == reflect.Slice && f.Type.Elem().Kind() == reflect.String:
			k = kStrings
		default:
			panic(fmt.Sprintf("loader: %s.%s: type %s has no column encoding", t.Name(), f.Name, f.Type))
		}
		key := `,"` + col + `":`
		if i == 0 {
			key = `{"` + col + `":`
		}
		c.byCol[col] = len(c.fields)
		c.fields = append(c.fields, codecField{col: col, index: i, kind: k, width: f.Type.Kind(), off: f.Offset, key: key})
		c.cols = append(c.cols, col)
	}
	return c
}

// appendJSON writes the row at p (a pointer to the codec's type) as one JSONEachRow object, keys
// = columns in table order. This is hand-rolled rather than encoding/json because bulk loads into
// chDB spend most of their time here: fields are read at their offsets (fixed by the struct type
// newCodec checked), which measured 2-3x faster than reading them through reflect.Value
// (BenchmarkEncodeCells); jsonrows_test.go checks the output against encoding/json. DateTime is
// written as Unix seconds (time-zone free), Date as "YYYY-MM-DD".
func (c *rowCodec) appendJSON(b *bytes.Buffer, p any) {
	v := reflect.ValueOf(p)
	if v.Type().Elem() != c.typ {
		panic(fmt.Sprintf("loader: %s codec given a %s", c.typ.Name(), v.Type()))
	}
	base := v.UnsafePointer()
	for i := range c.fields {
		f := &c.fields[i]
		b.WriteString(f.key)
		at := unsafe.Add(base, f.off)
		switch f.kind {
		case kString:
			jstr(b, *(*string)(at))
		case kUint:
			juint(b, readUint(at, f.width))
		case kInt:
			b.Write(strconv.AppendInt(b.AvailableBuffer(), readInt(at, f.width), 10))
		case kDateTime:
			jtime(b, *(*time.Time)(at))
		case kDate:
			jstr(b, (*time.Time)(at).Format(time.DateOnly))
		case kFloatPtr:
			if x := *(**float64)(at); x == nil || math.IsNaN(*x) || math.IsInf(*x, 0) {
				b.WriteString("null")
			} else {
				b.Write(strconv.AppendFloat(b.AvailableBuffer(), *x, 'g', -1, 64))
			}
		case kStrings:
			b.WriteByte('[')
			for i, s := range *(*[]string)(at) {
				if i > 0 {
					b.WriteByte(',')
				}
				jstr(b, s)
			}
			b.WriteByte(']')
		}
	}
	if len(c.fields) == 0 {
		b.WriteByte('{')
	}
	b.WriteByte('}')
}

func readUint(p unsafe.Pointer, k reflect.Kind) uint64 {
	switch k {
	case reflect.Uint8:
		return uint64(*(*uint8)(p))
	case reflect.Uint16:
		return uint64(*(*uint16)(p))
	case reflect.Uint32:
		return uint64(*(*uint32)(p))
	case reflect.Uint:
		return uint64(*(*uint)(p))
	}
	return *(*uint64)(p)
}

func readInt(p unsafe.Pointer, k reflect.Kind) int64 {
	switch k {
	case reflect.Int8:
		return int64(*(*int8)(p))
	case reflect.Int16:
		return int64(*(*int16)(p))
	case reflect.Int32:
		return int64(*(*int32)(p))
	case reflect.Int:
		return int64(*(*int)(p))
	}
	return *(*int64)(p)
}

// selectList is the codec's columns for a SELECT, in table order.
func (c *rowCodec) selectList() string {
	return joinCols(c.cols)
}

// scan reads the rows of t (whose columns are a subset of the codec's, in any order) into
// structs of the codec's type, appending to the slice at dst (a *[]T). Values come as either
// target's Table gives them (see normalizeNative, normalizeJSON); one that does not fit its field
// is an error naming the column, not a zero.
func (c *rowCodec) scan(t *Table, dst any) error {
	out := reflect.ValueOf(dst).Elem()
	pos := make([]int, len(t.Columns)) // Table column → codec field, -1 when not ours
	for i, name := range t.Columns {
		j, ok := c.byCol[name]
		if !ok {
			return fmt.Errorf("%w: column %q is not a column of %s", ErrBadRow, name, c.typ.Name())
		}
		pos[i] = j
	}
	for r, row := range t.Rows {
		v := reflect.New(c.typ).Elem()
		for i, val := range row {
			if i >= len(pos) {
				break
			}
			f := c.fields[pos[i]]
			if err := setField(v.Field(f.index), f.kind, val); err != nil {
				return fmt.Errorf("%w: row %d column %s: %v", ErrBadRow, r, f.col, err)
			}
		}
		out.Set(reflect.Append(out, v))
	}
	return nil
}

func setField(fv reflect.Value, k fieldKind, val any) error {
	switch k {
	case kString:
		s, ok := val.(string)
		if !ok && val != nil {
			return fmt.Errorf("want a string, got %T", val)
		}
		fv.SetString(s)
	case kUint:
		n, err := asUint(val)
		if err != nil || fv.OverflowUint(n) {
			return fmt.Errorf("want an unsigned integer, got %v (%T)", val, val)
		}
		fv.SetUint(n)
	case kInt:
		n, err := asInt(val)
		if err != nil || fv.OverflowInt(n) {
			return fmt.Errorf("want an integer, got %v (%T)", val, val)
		}
		fv.SetInt(n)
	case kDateTime, kDate:
		switch x := val.(type) {
		case time.Time:
			fv.Set(reflect.ValueOf(x.UTC()))
		case nil:
			fv.Set(reflect.ValueOf(epoch))
		default:
			return fmt.Errorf("want a time, got %T", val)
		}
	case kFloatPtr:
		switch x := val.(type) {
		case nil:
			fv.SetZero()
		case float64:
			fv.Set(reflect.ValueOf(&x))
		default:
			return fmt.Errorf("want a number or null, got %T", val)
		}
	case kStrings:
		arr, ok := val.([]any)
		if !ok && val != nil {
			return fmt.Errorf("want an array, got %T", val)
		}
		ss := make([]string, 0, len(arr))
		for _, e := range arr {
			s, ok := e.(string)
			if !ok {
				return fmt.Errorf("want an array of strings, got a %T element", e)
			}
			ss = append(ss, s)
		}
		fv.Set(reflect.ValueOf(ss))
	}
	return nil
}

func asUint(v any) (uint64, error) {
	switch x := v.(type) {
	case uint64:
		return x, nil
	case int64:
		if x >= 0 {
			return uint64(x), nil
		}
	case string:
		return strconv.ParseUint(x, 10, 64)
	}
	return 0, fmt.Errorf("not an unsigned integer")
}

func asInt(v any) (int64, error) {
	switch x := v.(type) {
	case int64:
		return x, nil
	case uint64:
		if x <= math.MaxInt64 {
			return int64(x), nil
		}
	case string:
		return strconv.ParseInt(x, 10, 64)
	}
	return 0, fmt.Errorf("not an integer")
}
