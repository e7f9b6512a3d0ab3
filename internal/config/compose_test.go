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
	if _, ok := compose.Services["govreports"]; !ok || compose.Services["clickhouse"].Environment == nil {
		t.Fatalf("services: want govreports and clickhouse")
	}
	// Every crawler node (the second one of the "nodes" profile too) is checked alike, and no two
	// share a data volume: a node's archive, state and spool are its own (docs/nodes.md).
	dataVolume := map[string]string{} // volume → node
	for _, name := range []string{"govreports", "govreports-2"} {
		svc, ok := compose.Services[name]
		if !ok {
			t.Errorf("service %s missing", name)
			continue
		}
		t.Run(name, func(t *testing.T) {
			vol := checkComposeNode(t, root, svc.Environment, svc.Volumes, svc.Command, svc.DependsOn)
			if other, ok := dataVolume[vol]; ok {
				t.Errorf("%s and %s share the data volume %s", name, other, vol)
			}
			dataVolume[vol] = name
		})
	}
	const workdir = "/var/lib/govreports"
	df, err := os.ReadFile(filepath.Join(root, "Dockerfile"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(df), "WORKDIR "+workdir) {
		t.Errorf("Dockerfile WORKDIR is not %s", workdir)
	}
}

// checkComposeNode checks one crawler node's service and returns its data volume: the variables
// it sets are ones Config reads and validate, the files it mounts exist, and what the pipeline
// keeps lives on its data volume.
func checkComposeNode(t *testing.T, root string, env map[string]string, volumes, command []string, dependsOn map[string]any) (dataVolume string) {
	t.Helper()
	if len(command) == 0 || command[0] != "serve" {
		t.Errorf("command %v, want serve", command)
	}
	if _, ok := dependsOn["clickhouse"]; !ok {
		t.Error("does not wait for clickhouse")
	}
	if _, ok := dependsOn["redis"]; env["GOVREPORTS_FRONTIER"] != "" && !ok {
		t.Error("uses the Redis frontier but does not wait for redis")
	}

	known := map[string]bool{}
	ct := reflect.TypeOf(Config{})
	for i := 0; i < ct.NumField(); i++ {
		if e := ct.Field(i).Tag.Get("env"); e != "" {
			known[e] = true
		}
	}
	for k, v := range env {
		if !known[k] {
			t.Errorf("compose sets %s=%s, which Config does not read", k, v)
		}
	}
	// The values themselves: the same merge as the binary (defaults, then these variables).
	for k, v := range env {
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
	for _, v := range volumes {
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
	return mounts[workdir]
}
