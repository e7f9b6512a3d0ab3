package parser

import (
	"crypto/sha256"
	"encoding/hex"
	"strconv"
	"strings"

	"github.com/govreports/govreports/schemas"
)

// contentID identifies a report by what it says, not where it was found: form, year, agency
// (spam removed) and every cell value. A mirror or a _wap copy of the same report gets the same
// id; a page with too few values to tell reports apart adds the normalized text of its article
// (article is called only then: finding the article normalizes every token of the page).
func contentID(rep *Report, cells []Cell, article func() string, spam *schemas.SpamRules) string {
	// The hashed text is built in one buffer (fmt.Fprintf per cell was a tenth of a parse's
	// allocations); its bytes are those of "%s|%s|%s|%s\n" per cell, as before.
	buf := make([]byte, 0, 64+len(cells)*48)
	buf = append(buf, "govreports-id-v1\n"...)
	buf = append(buf, rep.Form...)
	buf = append(buf, '\n')
	buf = strconv.AppendInt(buf, int64(rep.Year), 10)
	buf = append(buf, '\n')
	buf = append(buf, schemas.NormalizeLabel(rep.Agency)...)
	buf = append(buf, '\n')
	filled := 0
	for _, c := range cells {
		buf = append(buf, c.Section...)
		buf = append(buf, '|')
		buf = append(buf, c.Row...)
		buf = append(buf, '|')
		buf = append(buf, c.Col...)
		buf = append(buf, '|')
		if c.Value != nil {
			buf = strconv.AppendFloat(buf, *c.Value, 'f', -1, 64) // fmtNum
			filled++
		} else {
			buf = append(buf, "null"...)
		}
		buf = append(buf, '\n')
	}
	if filled < 10 {
		buf = append(buf, schemas.NormalizeLabel(stripSpam(article(), spam))...)
	}
	sum := sha256.Sum256(buf)
	return hex.EncodeToString(sum[:16])
}

// footerMarkers begin a portal's footer (or a mobile page's tool bar): the article ends there.
var footerMarkers = []string{"版权所有", "主办单位", "承办单位", "网站标识码", "ICP备", "技术支持", "网站地图", "返回顶部", "关闭窗口", "打印本页"}

// articleText is the report as its body published it, without the portal around it: from the
// first line holding the title (else 一、总体情况) up to the first footer line. The same report on
// a desktop page, a _wap page or a mirror then reads the same. Without either start, everything.
func articleText(toks []Token, title string) string {
	start := -1
	key := schemas.NormalizeLabel(title)
	for i, t := range toks {
		if t.Empty {
			continue
		}
		n := schemas.NormalizeLabel(t.Text)
		if (key != "" && strings.Contains(n, key)) || strings.Contains(n, "总体情况") {
			start = i
			break
		}
	}
	if start < 0 {
		start = 0
	}
	var b strings.Builder
	for _, t := range toks[start:] {
		if isFooter(t.Text) {
			break
		}
		b.WriteString(t.Text)
		b.WriteByte('\n')
	}
	return b.String()
}

func isFooter(s string) bool {
	if len(s) > 600 {
		return false // a paragraph of the report that mentions a marker in passing
	}
	for _, m := range footerMarkers {
		if strings.Contains(s, m) {
			return true
		}
	}
	return false
}
