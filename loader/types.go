package loader

import (
	"encoding/json"
	"fmt"
	"reflect"
	"strconv"
	"strings"
	"time"
)

// baseType strips the wrappers that do not change how a value is represented.
func baseType(typ string) string {
	for {
		switch {
		case strings.HasPrefix(typ, "Nullable(") && strings.HasSuffix(typ, ")"):
			typ = typ[len("Nullable(") : len(typ)-1]
		case strings.HasPrefix(typ, "LowCardinality(") && strings.HasSuffix(typ, ")"):
			typ = typ[len("LowCardinality(") : len(typ)-1]
		default:
			return typ
		}
	}
}

// normalizeNative turns a value scanned by clickhouse-go into the Table representation.
func normalizeNative(v any) any {
	if v == nil {
		return nil
	}
	switch x := v.(type) {
	case string:
		return x
	case time.Time:
		return x.UTC()
	case float32:
		return float64(x)
	case float64:
		return x
	case bool:
		if x {
			return uint64(1)
		}
		return uint64(0)
	case []byte:
		return string(x)
	case fmt.Stringer:
		// big.Int, decimal.Decimal, uuid.UUID, net.IP: their text is the useful value.
		if rv := reflect.ValueOf(v); rv.Kind() == reflect.Pointer && rv.IsNil() {
			return nil
		}
		return x.String()
	}
	rv := reflect.ValueOf(v)
	switch rv.Kind() {
	case reflect.Pointer, reflect.Interface:
		if rv.IsNil() {
			return nil
		}
		return normalizeNative(rv.Elem().Interface())
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return rv.Int()
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return rv.Uint()
	case reflect.Slice, reflect.Array:
		out := make([]any, rv.Len())
		for i := range out {
			out[i] = normalizeNative(rv.Index(i).Interface())
		}
		return out
	}
	return fmt.Sprint(v)
}

// normalizeJSON turns a value decoded (with UseNumber) from chDB's JSONCompact into the Table
// representation, guided by the column type. 64-bit integers may arrive quoted or not,
// depending on the server version's output_format_json_quote_64bit_integers.
func normalizeJSON(v any, typ string) any {
	if v == nil {
		return nil
	}
	t := baseType(typ)
	switch {
	case strings.HasPrefix(t, "Array(") && strings.HasSuffix(t, ")"):
		arr, ok := v.([]any)
		if !ok {
			return fmt.Sprint(v)
		}
		elem := t[len("Array(") : len(t)-1]
		out := make([]any, len(arr))
		for i, e := range arr {
			out[i] = normalizeJSON(e, elem)
		}
		return out
	case strings.HasPrefix(t, "UInt"):
		if n, err := strconv.ParseUint(numText(v), 10, 64); err == nil {
			return n
		}
	case strings.HasPrefix(t, "Int"):
		if n, err := strconv.ParseInt(numText(v), 10, 64); err == nil {
			return n
		}
	case strings.HasPrefix(t, "Float"):
		if f, err := strconv.ParseFloat(numText(v), 64); err == nil {
			return f
		}
	case t == "Date" || t == "Date32":
		if s, ok := v.(string); ok {
			if d, err := time.Parse(time.DateOnly, s); err == nil {
				return d
			}
		}
	case strings.HasPrefix(t, "DateTime"):
		if s, ok := v.(string); ok {
			if d, err := time.Parse(time.DateTime, s); err == nil {
				return d
			}
		}
	case t == "Bool":
		if b, ok := v.(bool); ok {
			if b {
				return uint64(1)
			}
			return uint64(0)
		}
	}
	switch x := v.(type) {
	case string:
		return x
	case json.Number:
		return x.String()
	default:
		b, _ := json.Marshal(x)
		return string(b)
	}
}

func numText(v any) string {
	switch x := v.(type) {
	case json.Number:
		return x.String()
	case string:
		return x
	}
	return fmt.Sprint(v)
}
