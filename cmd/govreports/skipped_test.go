package main

import (
	"compress/gzip"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// TestNothingSkippedSilently: inputs that yield nothing (an empty .warc, a .warc cut inside its
// first record, a garbage .warc.gz, a dangling link) are each named in a warning, the good input
// beside them is still read, and the exit status is 1. They used to pass in silence with exit 0,
// and a dangling link in a folder stopped the whole walk.
func TestNothingSkippedSilently(t *testing.T) {
	good, err := os.ReadFile(sample)
	if err != nil {
		t.Fatal(err)
	}
	// A real WARC first record, to cut: the one crawl writes first (warcinfo), made here.
	warcHead := "WARC/1.1\r\nWARC-Type: warcinfo\r\nWARC-Record-ID: <urn:uuid:00000000-0000-0000-0000-000000000000>\r\nContent-Length: 400\r\n\r\nsoftware: gov"
	cases := []struct {
		name  string
		setup func(dir string) string // returns the bad input's path
	}{
		{"empty warc", func(dir string) string { return write(t, dir, "a-empty.warc", "") }},
		{"warc cut in its first record", func(dir string) string { return write(t, dir, "a-cut.warc", warcHead) }},
		{"garbage warc.gz", func(dir string) string {
			return write(t, dir, "a-garbage.warc.gz", "\x1f\x8b\x08\x00garbage, not a gzip stream at all")
		}},
		{"gzip of garbage warc.gz", func(dir string) string {
			p := filepath.Join(dir, "a-gz-garbage.warc.gz")
			f, _ := os.Create(p)
			zw := gzip.NewWriter(f)
			zw.Write([]byte("this is not WARC\r\n\r\n"))
			zw.Close()
			f.Close()
			return p
		}},
		{"dangling link", func(dir string) string {
			p := filepath.Join(dir, "a-dangling.html")
			if err := os.Symlink(filepath.Join(dir, "gone.html"), p); err != nil {
				t.Fatal(err)
			}
			return p
		}},
	}
	for _, c := range cases {
		for _, verb := range []string{"parse", "validate"} {
			t.Run(c.name+"/"+verb, func(t *testing.T) {
				dir := t.TempDir()
				bad := c.setup(dir)
				write(t, dir, "b-good.txt", string(good))
				argSets := [][]string{{dir}, {bad, filepath.Join(dir, "b-good.txt")}}
				if c.name == "dangling link" {
					argSets = argSets[:1] // named on the command line, a missing file is a usage error
				}
				for _, args := range argSets {
					r := runCmd(t, nil, append([]string{verb}, args...)...)
					if r.code != 1 {
						t.Errorf("%v: exit %d, want 1\n%s", args, r.code, r.stderr)
					}
					if !strings.Contains(r.stderr, filepath.Base(bad)) {
						t.Errorf("%v: stderr does not name %s:\n%s", args, filepath.Base(bad), r.stderr)
					}
					if !strings.Contains(r.stdout, "冶金工业园") && !strings.Contains(r.stdout, "jinfeng") {
						t.Errorf("%v: the good input was not read:\n%.300s", args, r.stdout)
					}
				}
			})
		}
	}
}

// TestUnreadableFolderSkipped: a folder that cannot be read is named and skipped, the rest of the
// tree is read, exit 1. Run as an unprivileged user (root reads a mode-000 folder): the built
// binary, as uid/gid 65534 when the test runs as root.
func TestUnreadableFolderSkipped(t *testing.T) {
	bin := govreportsBin(t)
	good, err := os.ReadFile(sample)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	write(t, filepath.Join(dir, "b"), "good.txt", string(good))
	write(t, filepath.Join(dir, "a"), "hidden.txt", string(good))
	if err := os.Chmod(filepath.Join(dir, "a"), 0); err != nil {
		t.Fatal(err)
	}
	defer os.Chmod(filepath.Join(dir, "a"), 0o755)
	cmd := exec.Command(bin, "parse", "--format", "jsonl", dir)
	if os.Getuid() == 0 {
		// The unprivileged user must reach the binary and the tree.
		for _, d := range []string{filepath.Dir(bin), dir, filepath.Join(dir, "b"), filepath.Dir(dir)} {
			os.Chmod(d, 0o755)
		}
		os.Chmod(filepath.Join(dir, "b", "good.txt"), 0o644)
		cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: 65534, Gid: 65534}}
	}
	cmd.Env = append(os.Environ(), "GOVREPORTS_LOG_LEVEL=warn")
	var out, errb strings.Builder
	cmd.Stdout, cmd.Stderr = &out, &errb
	err = cmd.Run()
	code := cmd.ProcessState.ExitCode()
	if code != 1 {
		t.Errorf("exit %d (%v), want 1\n%s", code, err, errb.String())
	}
	if !strings.Contains(errb.String(), filepath.Join(dir, "a")) {
		t.Errorf("stderr does not name the unreadable folder:\n%s", errb.String())
	}
	if strings.Count(out.String(), "\n") != 1 {
		t.Errorf("want the one readable report, got:\n%.300s", out.String())
	}
}

func write(t *testing.T, dir, name, content string) string {
	t.Helper()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// TestLoadSkipsAndLoadsTheRest: load over a folder with a dangling link loads the good report,
// names the link and exits 1.
func TestLoadSkipsAndLoadsTheRest(t *testing.T) {
	good, err := os.ReadFile(sample)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	write(t, dir, "b-good.txt", string(good))
	if err := os.Symlink(filepath.Join(dir, "gone.html"), filepath.Join(dir, "a-dangling.html")); err != nil {
		t.Fatal(err)
	}
	r := runCmd(t, nil, "--clickhouse", testDSN(t), "load", dir)
	if r.code != 1 || !strings.Contains(r.stderr, "a-dangling.html") || !strings.Contains(r.stdout, "loaded 1 report(s)") {
		t.Errorf("exit %d\nstdout: %s\nstderr: %s", r.code, r.stdout, r.stderr)
	}
}
