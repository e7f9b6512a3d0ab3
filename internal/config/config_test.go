package config

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"
)

func TestPrecedence(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "c.yaml")
	os.WriteFile(file, []byte("clickhouse: clickhouse://file@h:9000/x\ndata: /from/file\nbatch_rows: 7\ndial_timeout: 2s\n"), 0o644)
	c := Default()
	if err := c.LoadFile(file); err != nil {
		t.Fatal(err)
	}
	env := map[string]string{"GOVREPORTS_DATA": "/from/env", "GOVREPORTS_DIAL_TIMEOUT": "3s"}
	if err := c.LoadEnv(func(k string) string { return env[k] }); err != nil {
		t.Fatal(err)
	}
	if err := c.Set("data", "/from/flag"); err != nil {
		t.Fatal(err)
	}
	if c.ClickHouse != "clickhouse://file@h:9000/x" || c.Data != "/from/flag" || c.BatchRows != 7 || c.DialTimeout != 3*time.Second {
		t.Fatalf("precedence wrong: %+v", c)
	}
	if c.Archive != "./archive" {
		t.Fatalf("default lost: %q", c.Archive)
	}
}

func TestValidate(t *testing.T) {
	tests := []struct {
		name string
		mod  func(*Config)
		ok   bool
	}{
		{"default", func(*Config) {}, true},
		{"bad dsn", func(c *Config) { c.ClickHouse = "http://x" }, false},
		{"bad log format", func(c *Config) { c.LogFormat = "xml" }, false},
		{"no target", func(c *Config) { c.Data = "" }, false},
		{"zero batch", func(c *Config) { c.BatchRows = 0 }, false},
		{"zero concurrency", func(c *Config) { c.Concurrency = 0 }, false},
		{"no jitter", func(c *Config) { c.Jitter = 0 }, true},
		{"negative jitter", func(c *Config) { c.Jitter = -time.Second }, false},
		{"zero shutdown timeout", func(c *Config) { c.ShutdownTimeout = 0 }, false},
		{"frontier", func(c *Config) { c.Frontier = "redis://127.0.0.1:6379/0" }, true},
		{"frontier with password and TLS", func(c *Config) { c.Frontier = "rediss://:pw@redis.example:6380/2" }, true},
		{"frontier not redis", func(c *Config) { c.Frontier = "http://127.0.0.1:6379/0" }, false},
		{"frontier without host", func(c *Config) { c.Frontier = "redis:///0" }, false},
		{"frontier lease too short", func(c *Config) { c.FrontierLease = 100 * time.Millisecond }, false},
	}
	for _, tt := range tests {
		c := Default()
		tt.mod(&c)
		err := c.Validate()
		if (err == nil) != tt.ok {
			t.Errorf("%s: err = %v", tt.name, err)
		}
		if err != nil && !errors.Is(err, ErrInvalid) {
			t.Errorf("%s: not ErrInvalid: %v", tt.name, err)
		}
	}
}

func TestUnknownKeyRejected(t *testing.T) {
	file := filepath.Join(t.TempDir(), "c.yaml")
	os.WriteFile(file, []byte("clickhose: typo\n"), 0o644)
	c := Default()
	if err := c.LoadFile(file); err == nil {
		t.Fatal("typo in config file accepted")
	}
}

func TestBadEnv(t *testing.T) {
	c := Default()
	err := c.LoadEnv(func(k string) string {
		if k == "GOVREPORTS_BATCH_ROWS" {
			return "many"
		}
		return ""
	})
	if !errors.Is(err, ErrInvalid) {
		t.Fatalf("err = %v", err)
	}
}
