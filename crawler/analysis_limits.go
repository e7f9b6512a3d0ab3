package crawler

import (
	"errors"
	"log/slog"

	"github.com/govreports/govreports/parser"
)

// analysisText is the part of a decoded HTML page the crawler builds a DOM of (colly's, or
// goquery's when an archive is re-read) to find links, the title and whether it is a report.
// The DOM costs far more than the bytes (16 MiB of empty <td> cells is gigabytes of nodes), so:
//   - a page cut at a size limit (body or decompression) is never parsed, so it is not analysed
//     either: it is archived and logged as truncated, and nothing is built of it;
//   - any other page is analysed up to parser.MaxMarkupTags tags, the limit the parser reads up
//     to, so a report the parser will read (and mark "input.cut") is still recognised.
//
// log may be nil.
func analysisText(text string, trunc error, log *slog.Logger, url string) string {
	if errors.Is(trunc, ErrBodyTooLarge) || errors.Is(trunc, ErrDecompressLimit) {
		return ""
	}
	prefix, cut := parser.MarkupPrefix(text)
	if cut && log != nil {
		log.Warn("page analysed up to the tag limit", "url", url, "limit", parser.MaxMarkupTags, "bytes", len(text), "analysed", len(prefix))
	}
	return prefix
}
