// Package charset turns the bytes of a fetched web page into UTF-8 text.
//
// Chinese government sites declare their encoding badly: a server header that says utf-8 on
// GBK bytes, iso-8859-1 from a default Apache config, gb2312 in a <meta> while the page uses
// characters outside GB2312, or nothing at all. So every declared charset is only a candidate:
// it is decoded and checked, and the first candidate that gives clean text wins.
package charset
