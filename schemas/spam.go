package schemas

import (
	_ "embed"
	"fmt"
	"regexp"
	"sort"
	"strings"
	"sync"

	"gopkg.in/yaml.v3"
)

//go:embed spam.yaml
var spamFile []byte

// SpamRules are the known injected-text brands and the patterns for new ones.
type SpamRules struct {
	Brands []string `yaml:"brands"`
	// TrimPrefixes are ordinary words a generic match may start with; they are not spam.
	TrimPrefixes []string      `yaml:"trim_prefixes"`
	Patterns     []SpamPattern `yaml:"patterns"`
}

// SpamPattern is a regular expression and the literal keywords that must stand near a match.
type SpamPattern struct {
	Keywords []string       `yaml:"keywords"`
	Regex    string         `yaml:"regex"`
	Require  string         `yaml:"require"`
	Compiled *regexp.Regexp `yaml:"-"`
	Required *regexp.Regexp `yaml:"-"`
}

// Trim returns how many leading bytes of a generic match are ordinary words, not spam.
func (r *SpamRules) Trim(match string) int {
	n := 0
	for again := true; again; {
		again = false
		for _, p := range r.TrimPrefixes {
			if len(match)-n > len(p) && strings.HasPrefix(match[n:], p) {
				n += len(p)
				again = true
				break
			}
		}
	}
	return n
}

// Matches tells whether text matched by the pattern counts as spam (it carries the marker).
func (p *SpamPattern) Matches(text string) bool {
	return p.Required == nil || p.Required.MatchString(text)
}

var (
	spamOnce sync.Once
	spam     *SpamRules
	spamErr  error
)

// Spam returns the spam rules, parsed and compiled once.
func Spam() (*SpamRules, error) {
	spamOnce.Do(func() {
		var r SpamRules
		if err := yaml.Unmarshal(spamFile, &r); err != nil {
			spamErr = fmt.Errorf("schemas: spam.yaml: %w", err)
			return
		}
		for i := range r.Patterns {
			p := &r.Patterns[i]
			re, err := regexp.Compile(p.Regex)
			if err != nil {
				spamErr = fmt.Errorf("schemas: spam.yaml: pattern %q: %w", p.Regex, err)
				return
			}
			if len(p.Keywords) == 0 {
				spamErr = fmt.Errorf("schemas: spam.yaml: pattern %q has no keywords", p.Regex)
				return
			}
			p.Compiled = re
			if p.Require != "" {
				if p.Required, err = regexp.Compile(p.Require); err != nil {
					spamErr = fmt.Errorf("schemas: spam.yaml: require %q: %w", p.Require, err)
					return
				}
			}
		}
		sort.Slice(r.TrimPrefixes, func(i, j int) bool { return len(r.TrimPrefixes[i]) > len(r.TrimPrefixes[j]) })
		spam = &r
	})
	return spam, spamErr
}
