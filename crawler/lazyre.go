package crawler

import (
	"regexp"
	"sync"
)

// lazyRegexp compiles a pattern at its first use. Compiled at package init, the crawler's
// patterns cost every command of the binary 6 ms at start, parse and validate too, which never
// crawl: the serial start of a parallel parse.
func lazyRegexp(expr string) func() *regexp.Regexp {
	return sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(expr) })
}
