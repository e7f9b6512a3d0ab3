package config

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"gopkg.in/yaml.v3"
)

// docker-compose.yml cannot be run here (no Docker engine), so it is checked by reading, against
// the code it configures: every GOVREPORTS_* variable it sets must be one Config knows (a renamed
// key would otherwise be ignored silently in the container), its values must pass Validate, the
// files it mounts must exist, and everything the pipeline keeps (archive, state, spool) must live
// on the data volume, or a container rebuild would lose it.
func TestDockerComposeMatchesConfig(t *testing.T) {
	root := filepath.Join("..", "..")
	b, err := os.ReadFile(filepath.Join(root, "docker-compose.yml"))
	if err != nil {
		t.Fatal(err)
	}
	var compose struct {
		Services map[string]struct {
			Environment map[string]string `yaml:"environment"`
			Volumes     []string          `yaml:"volumes"`
			Command     []string          `yaml:"command"`
			DependsOn   map[string]any    `yaml:"depends_on"`
		} `yaml:"services"`
	}
	if err := yaml.Unmarshal(b, &compose); err != nil {
		t.Fatal(err)
	}
	svc, ok := compose.Services["govreports"]
	if !ok || compose.Services["clickhouse"].Environment == nil {
		t.Fatalf("services: want govreports and clickhouse")
	}
	if len(svc.Command) == 0 || svc.Command[0] != "serve" {
		t.Errorf("govreports command %v, want serve", svc.Command)
	}
	if _, ok := svc.DependsOn["clickhouse"]; !ok {
		t.Error("govreports does not wait for clickhouse")
	}

	known := map[string]bool{}
	ct := reflect.TypeOf(Config{})
	for i := 0; i < ct.NumField(); i++ {
		if e := ct.Field(i).Tag.Get("env"); e != "" {
			known[e] = true
		}
	}
	for k, v := range svc.Environment {
		if !known[k] {
			t.Errorf("compose sets %s=%s, which Config does not read", k, v)
		}
	}
	// The values themselves: the same merge as the binary (defaults, then these variables).
	for k, v := range svc.Environment {
		t.Setenv(k, v)
	}
	c := Default()
	if err := c.LoadEnv(os.Getenv); err != nil {
		t.Fatalf("compose environment: %v", err)
	}
	if err := c.Validate(); err != nil {
		t.Fatalf("compose environment does not validate: %v", err)
	}
	if c.ShutdownTimeout <= 0 || c.ShutdownTimeout > 60*time.Second {
		t.Errorf("shutdown timeout %v: must fit in stop_grace_period (60s)", c.ShutdownTimeout)
	}

	mounts := map[string]string{} // container path → host path or volume
	for _, v := range svc.Volumes {
		parts := strings.Split(v, ":")
		if len(parts) < 2 {
			t.Fatalf("volume %q", v)
		}
		mounts[parts[1]] = parts[0]
		if strings.HasPrefix(parts[0], ".") {
			if _, err := os.Stat(filepath.Join(root, parts[0])); err != nil {
				t.Errorf("mounted file: %v", err)
			}
		}
	}
	if src := mounts[c.Sites]; src == "" {
		t.Errorf("sites file %s is not mounted", c.Sites)
	}
	const workdir = "/var/lib/govreports" // the Dockerfile's WORKDIR: relative paths land there
	if mounts[workdir] == "" || strings.HasPrefix(mounts[workdir], ".") {
		t.Fatalf("%s is not on a named volume: %v", workdir, mounts)
	}
	for name, p := range map[string]string{"archive": c.Archive, "state": c.State, "spool": c.Spool} {
		if !filepath.IsAbs(p) {
			p = filepath.Join(workdir, p)
		}
		if p != workdir && !strings.HasPrefix(p, workdir+"/") {
			t.Errorf("%s %s is outside the data volume %s", name, p, workdir)
		}
	}
	df, err := os.ReadFile(filepath.Join(root, "Dockerfile"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(df), "WORKDIR "+workdir) {
		t.Errorf("Dockerfile WORKDIR is not %s", workdir)
	}
}
