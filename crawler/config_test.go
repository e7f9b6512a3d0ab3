package crawler

import (
	"errors"
	"reflect"
	"testing"
	"time"
)

// Validate only checks; defaults are filled on a copy (withDefaults), so a caller's Config is the
// same after New as before.
func TestValidateChangesNothing(t *testing.T) {
	c := Config{StartURLs: []string{"http://www.example.gov.cn/"}, AllowedHosts: []string{"*.example.gov.cn"}, Delay: NoDelay, MaxRetries: -1}
	before := c
	before.StartURLs = append([]string(nil), c.StartURLs...)
	before.AllowedHosts = append([]string(nil), c.AllowedHosts...)
	if err := c.Validate(); err != nil {
		t.Fatal(err)
	}
	d := c.withDefaults()
	if !reflect.DeepEqual(c.StartURLs, before.StartURLs) || !reflect.DeepEqual(c.AllowedHosts, before.AllowedHosts) ||
		c.UserAgent != "" || c.Delay != NoDelay || c.MaxRetries != -1 || c.Decode != nil {
		t.Errorf("Validate or withDefaults changed the caller's config: %+v", c)
	}
	if d.UserAgent != DefaultUserAgent || d.Delay != 0 || d.MaxRetries != 0 || d.Workers != 4 ||
		d.RequestTimeout != 3*time.Minute || d.Decode == nil || *d.ArchiveCompress != true {
		t.Errorf("withDefaults: %+v", d)
	}
	if want := []string{"*.example.gov.cn"}; !reflect.DeepEqual(d.AllowedHosts, want) {
		t.Errorf("allowed hosts %v, want %v", d.AllowedHosts, want)
	}
	// Without AllowedHosts, the start URLs' hosts (with their ports).
	if got := (Config{StartURLs: []string{"http://WWW.a.gov.cn:8080/x"}}).withDefaults().AllowedHosts; !reflect.DeepEqual(got, []string{"www.a.gov.cn:8080"}) {
		t.Errorf("derived allowed hosts %v", got)
	}
}

func TestValidateRejects(t *testing.T) {
	for name, c := range map[string]Config{
		"no start URL":   {},
		"relative start": {StartURLs: []string{"/x"}},
		"bad pattern":    {StartURLs: []string{"http://a.gov.cn/"}, ReportPatterns: []string{"("}},
		"bad host":       {StartURLs: []string{"http://a.gov.cn/"}, AllowedHosts: []string{"a.gov.cn/x"}},
		"impolite":       {StartURLs: []string{"http://a.gov.cn/"}, Workers: 1000},
	} {
		if err := c.Validate(); !errors.Is(err, ErrInvalidConfig) {
			t.Errorf("%s: err = %v, want ErrInvalidConfig", name, err)
		}
	}
}
