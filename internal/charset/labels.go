package charset

import (
	"strings"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/htmlindex"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/unicode"
)

// chineseAliases are labels whose htmlindex mapping is wrong or missing for Chinese pages.
// Pages labelled gb2312 or gbk routinely contain GBK- and GB18030-only characters, and
// GB18030 decodes a strict superset of both, so every one of them gets the GB18030 decoder.
// The value is the name recorded in Decoded.Encoding (the declared family, normalised).
var chineseAliases = map[string]string{
	"gb2312":          "gbk",
	"gbk":             "gbk",
	"x-gbk":           "gbk",
	"cp936":           "gbk",
	"ms936":           "gbk",
	"windows-936":     "gbk",
	"chinese":         "gbk",
	"csgb2312":        "gbk",
	"csiso58gb231280": "gbk",
	"iso-ir-58":       "gbk",
	"x-euc-cn":        "gbk",
	"euc-cn":          "gbk",
	"gb18030":         "gb18030",
	"gb-18030":        "gb18030", // chardet's spelling
	"gb_18030":        "gb18030",
}

// lookup maps a charset label to a decoder and the canonical lower-case name recorded for it.
// ok is false for unknown labels.
func lookup(label string) (enc encoding.Encoding, name string, ok bool) {
	l := strings.ToLower(strings.Trim(strings.TrimSpace(label), `"'`))
	if l == "" {
		return nil, "", false
	}
	if n, found := chineseAliases[l]; found {
		return simplifiedchinese.GB18030, n, true
	}
	switch l {
	case "utf8", "utf-8", "unicode-1-1-utf-8":
		return unicode.UTF8, "utf-8", true
	}
	e, err := htmlindex.Get(l)
	if err != nil {
		return nil, "", false
	}
	n, err := htmlindex.Name(e)
	if err != nil {
		n = l
	}
	return e, strings.ToLower(n), true
}

// singleByteLatin reports whether a canonical name is a single-byte Western encoding: such a
// declaration decodes any bytes without a U+FFFD, so U+FFFD counting cannot refute it.
func singleByteLatin(name string) bool {
	return strings.HasPrefix(name, "windows-125") || strings.HasPrefix(name, "iso-8859-") ||
		name == "us-ascii" || name == "macintosh" || name == "x-mac-cyrillic" || name == "koi8-r" ||
		name == "koi8-u" || name == "ibm866"
}
