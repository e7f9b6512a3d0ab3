package schemas

import (
	_ "embed"
	"fmt"
	"regexp"
	"sync"

	"gopkg.in/yaml.v3"
)

//go:embed spam.yaml
var spamFile []byte

// SpamRules are the known injected-text brands and the patterns for new ones.
type SpamRules struct {
	Brands   []string      `yaml:"brands"`
	Patterns []SpamPattern `yaml:"patterns"`
}

// SpamPattern is a regular expression and the literal keywords that must stand near a match.
type SpamPattern struct {
	Keywords []string       `yaml:"keywords"`
	Regex    string         `yaml:"regex"`
	Compiled *regexp.Regexp `yaml:"-"`
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
		}
		spam = &r
	})
	return spam, spamErr
}
