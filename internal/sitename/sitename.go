// Package sitename maps a site's name to the one folder (or file-name part) that every part of
// the pipeline uses for it: the crawl state (--state), the spool of `run` and of `serve`
// (--spool), the fetch log and WARC file names. One function, so a batch left in the spool by
// `run` is found by `serve` and the other way round, and so no name leads outside the folder it
// is joined to.
package sitename

import (
	"errors"
	"fmt"
	"strings"
	"unicode"
)

// ErrUnsafe is returned by Check for a name that cannot be a folder of its own.
var ErrUnsafe = errors.New("site name cannot be a folder name")

// Dir is the folder name for a site name: the name itself with path separators, ':' and control
// characters replaced by '_' (Chinese, spaces and '%' are kept as they are). The names "", "."
// and ".." (which Check refuses) map to "_site", so a caller that did not check never joins a
// path that leaves its parent folder.
func Dir(name string) string {
	out := strings.Map(func(r rune) rune {
		if r == '/' || r == '\\' || r == ':' || unicode.IsControl(r) || r == unicode.ReplacementChar {
			return '_'
		}
		return r
	}, name)
	if out == "" || out == "." || out == ".." {
		return "_site"
	}
	return out
}

// Check refuses the names that Dir would have to change beyond recognition: empty, "." and "..",
// and names made only of dots (a folder "..." is legal but a typo of ".." is likelier).
func Check(name string) error {
	if strings.Trim(name, ".") == "" {
		return fmt.Errorf("%w: %q", ErrUnsafe, name)
	}
	return nil
}
