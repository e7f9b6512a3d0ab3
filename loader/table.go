package loader

import (
	"bufio"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/mattn/go-runewidth"
)

// Table is a whole query result. Values are normalized the same way on both targets so output
// does not depend on the target: nil (NULL), int64 (signed integers), uint64 (unsigned), float64,
// string, time.Time (Date, DateTime; UTC), []any (Array), or string for anything else.
type Table struct {
	Columns []string
	Types   []string // ClickHouse type names, e.g. Nullable(Float64)
	Rows    [][]any
}

// Formats accepted by Table.Write.
const (
	FormatTable = "table"
	FormatCSV   = "csv"
	FormatJSON  = "json"
)

// Write renders the table: "table" (aligned text for a terminal; NULL shown as NULL), "csv"
// (header line, NULL as an empty field) or "json" (an array of objects in column order).
func (t *Table) Write(w io.Writer, format string) error {
	bw := bufio.NewWriter(w)
	var err error
	switch strings.ToLower(format) {
	case FormatTable, "":
		err = t.writeText(bw)
	case FormatCSV:
		err = t.writeCSV(bw)
	case FormatJSON:
		err = t.writeJSON(bw)
	default:
		return fmt.Errorf("%w: %q", ErrUnknownFormat, format)
	}
	if err != nil {
		return err
	}
	return bw.Flush()
}

func (t *Table) writeText(w *bufio.Writer) error {
	cells := make([][]string, len(t.Rows))
	widths := make([]int, len(t.Columns))
	for i, c := range t.Columns {
		widths[i] = runewidth.StringWidth(c)
	}
	for r, row := range t.Rows {
		cells[r] = make([]string, len(t.Columns))
		for i := range t.Columns {
			s := "NULL"
			if i < len(row) && row[i] != nil {
				s = strings.NewReplacer("\n", `\n`, "\t", `\t`).Replace(formatValue(row[i], t.typeOf(i)))
			}
			cells[r][i] = s
			widths[i] = max(widths[i], runewidth.StringWidth(s))
		}
	}
	line := func(vals []string) {
		for i, v := range vals {
			if i > 0 {
				w.WriteString("  ")
			}
			w.WriteString(v)
			if i < len(vals)-1 {
				w.WriteString(strings.Repeat(" ", widths[i]-runewidth.StringWidth(v)))
			}
		}
		w.WriteByte('\n')
	}
	line(t.Columns)
	rule := make([]string, len(widths))
	for i, n := range widths {
		rule[i] = strings.Repeat("-", n)
	}
	line(rule)
	for _, c := range cells {
		line(c)
	}
	_, err := fmt.Fprintf(w, "(%d rows)\n", len(t.Rows))
	return err
}

func (t *Table) writeCSV(w *bufio.Writer) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(t.Columns); err != nil {
		return err
	}
	rec := make([]string, len(t.Columns))
	for _, row := range t.Rows {
		for i := range rec {
			rec[i] = ""
			if i < len(row) && row[i] != nil {
				rec[i] = formatValue(row[i], t.typeOf(i))
			}
		}
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

func (t *Table) writeJSON(w *bufio.Writer) error {
	w.WriteString("[")
	for r, row := range t.Rows {
		if r > 0 {
			w.WriteString(",")
		}
		w.WriteString("\n  {")
		for i, col := range t.Columns {
			if i > 0 {
				w.WriteString(", ")
			}
			k, _ := json.Marshal(col)
			w.Write(k)
			w.WriteString(": ")
			var v any
			if i < len(row) {
				v = row[i]
			}
			b, err := json.Marshal(jsonValue(v, t.typeOf(i)))
			if err != nil {
				return err
			}
			w.Write(b)
		}
		w.WriteString("}")
	}
	if len(t.Rows) > 0 {
		w.WriteString("\n")
	}
	_, err := w.WriteString("]\n")
	return err
}

func (t *Table) typeOf(i int) string {
	if i < len(t.Types) {
		return t.Types[i]
	}
	return ""
}

// formatValue renders a normalized value as text. Dates print as ClickHouse prints them.
func formatValue(v any, typ string) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return x
	case int64:
		return strconv.FormatInt(x, 10)
	case uint64:
		return strconv.FormatUint(x, 10)
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64)
	case time.Time:
		if strings.HasPrefix(baseType(typ), "Date") && !strings.HasPrefix(baseType(typ), "DateTime") {
			return x.UTC().Format(time.DateOnly)
		}
		return x.UTC().Format(time.DateTime)
	case []any:
		parts := make([]string, len(x))
		elem := strings.TrimSuffix(strings.TrimPrefix(baseType(typ), "Array("), ")")
		for i, e := range x {
			if s, ok := e.(string); ok {
				parts[i] = strconv.Quote(s)
			} else if e == nil {
				parts[i] = "NULL"
			} else {
				parts[i] = formatValue(e, elem)
			}
		}
		return "[" + strings.Join(parts, ",") + "]"
	default:
		return fmt.Sprint(x)
	}
}

// jsonValue maps a normalized value to what encoding/json should print.
func jsonValue(v any, typ string) any {
	switch x := v.(type) {
	case float64:
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return nil
		}
		return x
	case time.Time:
		return formatValue(x, typ)
	case []any:
		elem := strings.TrimSuffix(strings.TrimPrefix(baseType(typ), "Array("), ")")
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = jsonValue(e, elem)
		}
		return out
	default:
		return x
	}
}
