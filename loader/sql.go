package loader

import "strings"

// insertPrefix is "INSERT INTO t (a, b, …)": both targets need the explicit column list
// (clickhouse-go's PrepareBatch on 18.16; JSONEachRow on chDB so columns match by name).
func insertPrefix(table string, cols []string) string {
	return "INSERT INTO " + table + " (" + joinCols(cols) + ")"
}

func joinCols(cols []string) string { return strings.Join(cols, ", ") }
