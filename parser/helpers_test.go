package parser

// cellValues maps "section.row.col" to each cell's value as text ("null" for NULL): the form the
// tests compare against.
func cellValues(res *Result) map[string]string {
	out := make(map[string]string, len(res.Cells))
	for _, c := range res.Cells {
		v := "null"
		if c.Value != nil {
			v = fmtNum(*c.Value)
		}
		out[c.Section+"."+c.Row+"."+c.Col] = v
	}
	return out
}
