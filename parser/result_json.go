package parser

import (
	"math"
	"strconv"
	"unicode/utf8"
)

// AppendJSON appends r as encoding/json writes it with HTML escaping off (json.Encoder with
// SetEscapeHTML(false), less the newline), byte for byte. parse --format jsonl writes every
// result this way: through reflection, encoding/json was a tenth of the command's time once
// parsing got faster. ok is false for what encoding/json refuses (a NaN or infinite value); the
// caller then lets encoding/json report it. FuzzAppendJSON holds the output to encoding/json for
// results with every field set, so a field added to the types without a line here fails it.
func (r *Result) AppendJSON(b []byte) (_ []byte, ok bool) {
	p := &r.Report
	b = append(b, `{"report":{"id":`...)
	b = appendJSONString(b, p.ID)
	b = appendField(b, "title", p.Title)
	b = appendField(b, "agency", p.Agency)
	b = append(b, `,"year":`...)
	b = strconv.AppendInt(b, int64(p.Year), 10)
	b = appendField(b, "form", p.Form)
	b = appendField(b, "source", p.Source)
	b = appendField(b, "sha256", p.SHA256)
	b = appendField(b, "encoding", p.Encoding)
	b = appendField(b, "published", p.Published)
	if p.URL != "" {
		b = appendField(b, "url", p.URL)
	}
	b = appendField(b, "encoding_source", p.EncodingSource)
	if p.Fetched != "" {
		b = appendField(b, "fetched", p.Fetched)
	}
	b = appendField(b, "input_format", p.InputFormat)
	if p.AttachmentURL != "" {
		b = appendField(b, "attachment_url", p.AttachmentURL)
	}
	b = appendField(b, "parser_version", p.ParserVersion)
	b = appendField(b, "status", p.Status)
	b = append(b, `,"mirror":`...)
	b = strconv.AppendBool(b, p.Mirror)
	g := &p.Region
	b = append(b, `,"region":{"code":`...)
	b = appendJSONString(b, g.Code)
	b = appendField(b, "name", g.Name)
	b = appendField(b, "province", g.Province)
	b = appendField(b, "city", g.City)
	b = appendField(b, "county", g.County)
	b = appendField(b, "township", g.Township)
	b = appendField(b, "level", g.Level)
	b = appendField(b, "body_type", g.BodyType)
	b = appendField(b, "parent_code", g.ParentCode)
	b = appendField(b, "source", g.Source)
	b = appendField(b, "data_version", g.DataVersion)
	b = append(b, `}},"cells":`...)
	if r.Cells == nil {
		b = append(b, "null"...)
	} else {
		b = append(b, '[')
		for i := range r.Cells {
			c := &r.Cells[i]
			if i > 0 {
				b = append(b, ',')
			}
			b = append(b, `{"section":`...)
			b = appendJSONString(b, c.Section)
			b = appendField(b, "row", c.Row)
			b = appendField(b, "col", c.Col)
			b = append(b, `,"value":`...)
			if c.Value == nil {
				b = append(b, "null"...)
			} else if b, ok = appendJSONFloat(b, *c.Value); !ok {
				return b, false
			}
			b = appendField(b, "raw", c.Raw)
			b = appendField(b, "unit", c.Unit)
			b = append(b, `,"flags":`...)
			b = appendJSONStrings(b, c.Flags)
			b = append(b, '}')
		}
		b = append(b, ']')
	}
	b = append(b, `,"issues":`...)
	if r.Issues == nil {
		b = append(b, "null"...)
	} else {
		b = append(b, '[')
		for i := range r.Issues {
			is := &r.Issues[i]
			if i > 0 {
				b = append(b, ',')
			}
			b = append(b, `{"rule":`...)
			b = appendJSONString(b, is.Rule)
			b = appendField(b, "severity", string(is.Severity))
			b = appendField(b, "section", is.Section)
			b = appendField(b, "row", is.Row)
			b = appendField(b, "col", is.Col)
			b = appendField(b, "message", is.Message)
			b = appendField(b, "expected", is.Expected)
			b = appendField(b, "actual", is.Actual)
			if is.Span != nil {
				b = append(b, `,"span":{"start":`...)
				b = strconv.AppendInt(b, int64(is.Span.Start), 10)
				b = append(b, `,"end":`...)
				b = strconv.AppendInt(b, int64(is.Span.End), 10)
				b = appendField(b, "text", is.Span.Text)
				b = append(b, '}')
			}
			b = append(b, '}')
		}
		b = append(b, ']')
	}
	return append(b, '}'), true
}

// appendField appends ,"key":value for a string value.
func appendField(b []byte, key, v string) []byte {
	b = append(b, ',', '"')
	b = append(b, key...)
	b = append(b, '"', ':')
	return appendJSONString(b, v)
}

func appendJSONStrings(b []byte, ss []string) []byte {
	if ss == nil {
		return append(b, "null"...)
	}
	b = append(b, '[')
	for i, s := range ss {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendJSONString(b, s)
	}
	return append(b, ']')
}

// appendJSONFloat writes a number as encoding/json does (as ES6 does: 'f' form between 1e-6 and
// 1e21, else 'e' with a two-digit exponent cut to one).
func appendJSONFloat(b []byte, f float64) ([]byte, bool) {
	if math.IsInf(f, 0) || math.IsNaN(f) {
		return b, false
	}
	format := byte('f')
	if abs := math.Abs(f); abs != 0 && (abs < 1e-6 || abs >= 1e21) {
		format = 'e'
	}
	b = strconv.AppendFloat(b, f, format, -1, 64)
	if format == 'e' {
		if n := len(b); n >= 4 && b[n-4] == 'e' && b[n-3] == '-' && b[n-2] == '0' {
			b[n-2] = b[n-1]
			b = b[:n-1]
		}
	}
	return b, true
}

const jsonHex = "0123456789abcdef"

// appendJSONString writes s quoted as encoding/json does without HTML escaping: '"' and '\\'
// escaped, control characters as \b \f \n \r \t or \u00XX, invalid UTF-8 as \ufffd, U+2028 and
// U+2029 escaped; everything else as it is.
func appendJSONString(b []byte, s string) []byte {
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\b':
				b = append(b, '\\', 'b')
			case '\f':
				b = append(b, '\\', 'f')
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', jsonHex[c>>4], jsonHex[c&0xF])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
			i += size
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', jsonHex[r&0xF])
			i += size
			start = i
			continue
		}
		i += size
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}
