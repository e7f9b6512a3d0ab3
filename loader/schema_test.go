package loader

import (
	"fmt"
	"reflect"
	"strings"
	"testing"
)

// The row structs' tags are the loader's only list of each table's columns: they must be the
// migrated table's columns, in its order, each of a type the Go field can hold. Checked on both
// targets, since each runs the migrations itself.
func TestRowTagsMatchSystemColumns(t *testing.T) {
	tables := []struct {
		name  string
		codec *rowCodec
	}{{"reports", reportCodec}, {"cells", cellCodec}, {"issues", issueCodec}, {"fetches", fetchCodec}}
	for _, tg := range targets() {
		t.Run(tg.name, func(t *testing.T) {
			s := migrated(t, tg)
			for _, tb := range tables {
				cols := mustQuery(t, s, "SELECT name, type FROM system.columns WHERE database = currentDatabase() AND table = '"+
					tb.name+"'")
				var names []string
				types := map[string]string{}
				for _, r := range cols.Rows {
					n, typ := fmt.Sprint(r[0]), fmt.Sprint(r[1])
					names = append(names, n)
					types[n] = typ
				}
				if !reflect.DeepEqual(names, tb.codec.cols) {
					t.Errorf("%s: table columns\n %v\nrow struct tags\n %v", tb.name, names, tb.codec.cols)
				}
				for _, f := range tb.codec.fields {
					goType := tb.codec.typ.Field(f.index).Type
					if want := chTypeOf(goType, f.kind); types[f.col] != "" && baseType(types[f.col]) != want {
						t.Errorf("%s.%s: column is %s, field %s wants %s", tb.name, f.col, types[f.col], goType, want)
					}
				}
			}
		})
	}
}

// chTypeOf is the ClickHouse type a field of Go type t holds (LowCardinality and Nullable aside).
func chTypeOf(t reflect.Type, k fieldKind) string {
	switch k {
	case kDate:
		return "Date"
	case kDateTime:
		return "DateTime"
	case kFloatPtr:
		return "Float64"
	case kStrings:
		return "Array(String)"
	case kString:
		return "String"
	}
	return strings.ToUpper(t.Kind().String()[:1]) + strings.Replace(t.Kind().String()[1:], "int", "Int", 1)
}
