package sitename

import (
	"errors"
	"path/filepath"
	"strings"
	"testing"
)

func TestDir(t *testing.T) {
	cases := []struct{ name, dir string }{
		{"张家港市人民政府", "张家港市人民政府"},
		{"a b", "a b"},
		{"市 政府", "市 政府"},
		{"a%zz", "a%zz"},
		{"www.zjg.gov.cn", "www.zjg.gov.cn"},
		{"127.0.0.1_8080", "127.0.0.1_8080"},
		{"127.0.0.1:8080", "127.0.0.1_8080"},
		{"a/b", "a_b"},
		{`a\b`, "a_b"},
		{"../x", ".._x"},
		{"a\x1b[31mb", "a_[31mb"},
		{"..", "_site"},
		{".", "_site"},
		{"", "_site"},
	}
	for _, c := range cases {
		got := Dir(c.name)
		if got != c.dir {
			t.Errorf("Dir(%q) = %q, want %q", c.name, got, c.dir)
		}
		// Whatever the name, the folder stays inside its parent.
		if j := filepath.Join("/spool", got); !strings.HasPrefix(j, "/spool/") {
			t.Errorf("Dir(%q) = %q leaves the parent: %s", c.name, got, j)
		}
	}
}

func TestCheck(t *testing.T) {
	for _, bad := range []string{"", ".", "..", "..."} {
		if err := Check(bad); !errors.Is(err, ErrUnsafe) {
			t.Errorf("Check(%q) = %v, want ErrUnsafe", bad, err)
		}
	}
	for _, good := range []string{"a b", "市 政府", "a%zz", "..a", "www.x.cn"} {
		if err := Check(good); err != nil {
			t.Errorf("Check(%q) = %v", good, err)
		}
	}
}
