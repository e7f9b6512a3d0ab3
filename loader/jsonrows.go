package loader

import (
	"bytes"
	"strconv"
	"time"
)

// The JSON pieces of rowCodec.appendJSON.

func juint(b *bytes.Buffer, v uint64) { b.Write(strconv.AppendUint(b.AvailableBuffer(), v, 10)) }

func jtime(b *bytes.Buffer, t time.Time) {
	sec := t.Unix()
	if sec < 0 {
		sec = 0
	}
	b.Write(strconv.AppendInt(b.AvailableBuffer(), sec, 10))
}

const hexDigits = "0123456789abcdef"

// jstr writes s as a JSON string. UTF-8 passes through unchanged (ClickHouse reads it as bytes);
// quotes, backslashes and control characters are escaped.
func jstr(b *bytes.Buffer, s string) {
	b.WriteByte('"')
	start := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 0x20 && c != '"' && c != '\\' {
			continue
		}
		b.WriteString(s[start:i])
		switch c {
		case '"':
			b.WriteString(`\"`)
		case '\\':
			b.WriteString(`\\`)
		case '\n':
			b.WriteString(`\n`)
		case '\r':
			b.WriteString(`\r`)
		case '\t':
			b.WriteString(`\t`)
		default:
			b.WriteString(`\u00`)
			b.WriteByte(hexDigits[c>>4])
			b.WriteByte(hexDigits[c&0xF])
		}
		start = i + 1
	}
	b.WriteString(s[start:])
	b.WriteByte('"')
}
