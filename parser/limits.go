package parser

import (
	"fmt"
	"strings"
)

// Per-page work limits. MaxInputBytes bounds the bytes of one report; these bound what a page of
// that size can make the parser build, because 16 MiB of markup is 3.2 M empty <td> cells (a DOM
// of gigabytes) and 16 MiB of "1\t" is 8 M tokens. Real reports have a few thousand cells and a
// few tens of thousands of tags; a page over a limit is read up to it and gets an "input.cut"
// issue (severity error: what follows the cut is not read).
const (
	// MaxMarkupTags is the most tags ('<' characters) of an HTML page read into a tree. The
	// crawler uses it too, for the tree it builds to find links and report titles.
	MaxMarkupTags = 200_000
	// MaxTextFields is the most fields (runs of text between white space or '|') of a text dump
	// read into tokens.
	MaxTextFields = 200_000
)

// MarkupPrefix is doc up to (not including) its MaxMarkupTags+1-th '<', and whether it was cut.
// The count is a plain byte scan: no tree, no tokens.
func MarkupPrefix(doc string) (string, bool) {
	// Every page of a sane size is under the limit: fewer bytes than the limit, or fewer '<'
	// (strings.Count is vectorised; the loop below is not).
	if len(doc) <= MaxMarkupTags || strings.Count(doc, "<") <= MaxMarkupTags {
		return doc, false
	}
	n := 0
	for i := 0; i < len(doc); i++ {
		if doc[i] == '<' {
			if n == MaxMarkupTags {
				return doc[:i], true
			}
			n++
		}
	}
	return doc, false
}

// fieldsPrefix is doc up to its MaxTextFields+1-th field, and whether it was cut. A field starts
// after white space or '|' (every token of the text readers starts a field, so the tokens of the
// prefix are at most MaxTextFields plus one per line).
func fieldsPrefix(doc string) (string, bool) {
	// n fields take at least 2n-1 bytes (a byte each and a separator between them): a doc of
	// at most 2·MaxTextFields bytes cannot reach field MaxTextFields+1.
	if len(doc) <= 2*MaxTextFields {
		return doc, false
	}
	n := 0
	inField := false
	for i := 0; i < len(doc); i++ {
		switch doc[i] {
		case ' ', '\t', '\n', '\r', '|', '\v', '\f':
			inField = false
		default:
			if !inField {
				if n == MaxTextFields {
					return doc[:i], true
				}
				n++
				inField = true
			}
		}
	}
	return doc, false
}

func cutIssue(what string, limit, at int) Issue {
	return Issue{Rule: RuleInputCut, Severity: SeverityError,
		Message:  fmt.Sprintf("the page has more %s than a report can have; read up to the limit (byte %d), the rest ignored", what, at),
		Expected: fmt.Sprintf("at most %d %s", limit, what), Actual: "more"}
}
