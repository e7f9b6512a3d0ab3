package loader

import (
	"bytes"
	"math"
	"strconv"
	"time"
)

// jsonRow is a row that can write itself as one JSONEachRow object, keys = table columns. This is
// hand-written rather than encoding/json because bulk loads into chDB spend most of their time
// here. DateTime columns are written as Unix seconds (time-zone free), Date as "YYYY-MM-DD".
type jsonRow interface {
	appendJSON(b *bytes.Buffer)
}

func (r reportRow) appendJSON(b *bytes.Buffer) {
	b.WriteString(`{"id":`)
	jstr(b, r.ID)
	b.WriteString(`,"sha256":`)
	jstr(b, r.SHA256)
	b.WriteString(`,"title":`)
	jstr(b, r.Title)
	b.WriteString(`,"agency":`)
	jstr(b, r.Agency)
	b.WriteString(`,"region_code":`)
	jstr(b, r.RegionCode)
	b.WriteString(`,"region_name":`)
	jstr(b, r.RegionName)
	b.WriteString(`,"province":`)
	jstr(b, r.Province)
	b.WriteString(`,"city":`)
	jstr(b, r.City)
	b.WriteString(`,"county":`)
	jstr(b, r.County)
	b.WriteString(`,"level":`)
	jstr(b, r.Level)
	b.WriteString(`,"year":`)
	juint(b, uint64(r.Year))
	b.WriteString(`,"form":`)
	jstr(b, r.Form)
	b.WriteString(`,"source":`)
	jstr(b, r.Source)
	b.WriteString(`,"url":`)
	jstr(b, r.URL)
	b.WriteString(`,"mirror":`)
	juint(b, uint64(r.Mirror))
	b.WriteString(`,"fetched":`)
	jtime(b, r.Fetched)
	b.WriteString(`,"published":`)
	jstr(b, r.Published.Format(time.DateOnly))
	b.WriteString(`,"encoding":`)
	jstr(b, r.Encoding)
	b.WriteString(`,"input_format":`)
	jstr(b, r.InputFormat)
	b.WriteString(`,"parser_version":`)
	jstr(b, r.ParserVersion)
	b.WriteString(`,"status":`)
	jstr(b, r.Status)
	b.WriteString(`,"cells":`)
	juint(b, uint64(r.Cells))
	b.WriteString(`,"issues":`)
	juint(b, uint64(r.Issues))
	b.WriteString(`,"loaded_at":`)
	jtime(b, r.LoadedAt)
	b.WriteString(`,"version":`)
	juint(b, r.Version)
	b.WriteString(`,"township":`)
	jstr(b, r.Township)
	b.WriteString(`,"body_type":`)
	jstr(b, r.BodyType)
	b.WriteString(`,"parent_code":`)
	jstr(b, r.ParentCode)
	b.WriteString(`,"region_source":`)
	jstr(b, r.RegionSource)
	b.WriteString(`,"region_data":`)
	jstr(b, r.RegionData)
	b.WriteString(`,"attachment_url":`)
	jstr(b, r.AttachmentURL)
	b.WriteByte('}')
}

func (r cellRow) appendJSON(b *bytes.Buffer) {
	b.WriteString(`{"report_id":`)
	jstr(b, r.ReportID)
	b.WriteString(`,"year":`)
	juint(b, uint64(r.Year))
	b.WriteString(`,"region_code":`)
	jstr(b, r.RegionCode)
	b.WriteString(`,"agency":`)
	jstr(b, r.Agency)
	b.WriteString(`,"section":`)
	jstr(b, r.Section)
	b.WriteString(`,"row":`)
	jstr(b, r.Row)
	b.WriteString(`,"col":`)
	jstr(b, r.Col)
	b.WriteString(`,"value":`)
	if r.Value == nil || math.IsNaN(*r.Value) || math.IsInf(*r.Value, 0) {
		b.WriteString("null")
	} else {
		b.Write(strconv.AppendFloat(b.AvailableBuffer(), *r.Value, 'g', -1, 64))
	}
	b.WriteString(`,"raw":`)
	jstr(b, r.Raw)
	b.WriteString(`,"unit":`)
	jstr(b, r.Unit)
	b.WriteString(`,"flags":[`)
	for i, f := range r.Flags {
		if i > 0 {
			b.WriteByte(',')
		}
		jstr(b, f)
	}
	b.WriteString(`],"loaded_at":`)
	jtime(b, r.LoadedAt)
	b.WriteString(`,"version":`)
	juint(b, r.Version)
	b.WriteByte('}')
}

func (r issueRow) appendJSON(b *bytes.Buffer) {
	b.WriteString(`{"report_id":`)
	jstr(b, r.ReportID)
	b.WriteString(`,"year":`)
	juint(b, uint64(r.Year))
	b.WriteString(`,"rule":`)
	jstr(b, r.Rule)
	b.WriteString(`,"severity":`)
	jstr(b, r.Severity)
	b.WriteString(`,"section":`)
	jstr(b, r.Section)
	b.WriteString(`,"row":`)
	jstr(b, r.Row)
	b.WriteString(`,"col":`)
	jstr(b, r.Col)
	b.WriteString(`,"message":`)
	jstr(b, r.Message)
	b.WriteString(`,"expected":`)
	jstr(b, r.Expected)
	b.WriteString(`,"actual":`)
	jstr(b, r.Actual)
	b.WriteString(`,"span_start":`)
	b.Write(strconv.AppendInt(b.AvailableBuffer(), r.SpanStart, 10))
	b.WriteString(`,"span_end":`)
	b.Write(strconv.AppendInt(b.AvailableBuffer(), r.SpanEnd, 10))
	b.WriteString(`,"key":`)
	juint(b, r.Key)
	b.WriteString(`,"loaded_at":`)
	jtime(b, r.LoadedAt)
	b.WriteString(`,"version":`)
	juint(b, r.Version)
	b.WriteByte('}')
}

func (r fetchRow) appendJSON(b *bytes.Buffer) {
	b.WriteString(`{"url":`)
	jstr(b, r.URL)
	b.WriteString(`,"host":`)
	jstr(b, r.Host)
	b.WriteString(`,"status":`)
	juint(b, uint64(r.Status))
	b.WriteString(`,"bytes":`)
	juint(b, r.Bytes)
	b.WriteString(`,"encoding":`)
	jstr(b, r.Encoding)
	b.WriteString(`,"fetched_at":`)
	jtime(b, r.FetchedAt)
	b.WriteString(`,"outcome":`)
	jstr(b, r.Outcome)
	b.WriteString(`,"duration_ms":`)
	juint(b, uint64(r.DurationMS))
	b.WriteString(`,"content_sha256":`)
	jstr(b, r.ContentSHA256)
	b.WriteString(`,"error":`)
	jstr(b, r.Error)
	b.WriteString(`,"attempt":`)
	juint(b, uint64(r.Attempt))
	b.WriteString(`,"kind":`)
	jstr(b, r.Kind)
	b.WriteString(`,"referrer":`)
	jstr(b, r.Referrer)
	b.WriteString(`,"depth":`)
	juint(b, uint64(r.Depth))
	b.WriteString(`,"is_report":`)
	juint(b, uint64(r.IsReport))
	b.WriteString(`,"version":`)
	juint(b, r.Version)
	b.WriteByte('}')
}

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
