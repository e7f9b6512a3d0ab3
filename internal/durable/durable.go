// Package durable writes files that survive a crash or a power cut: whole or not at all. The
// spools, the crawl journal's compaction and serve's state file all need this; it was written
// three times before.
package durable

import (
	"os"
	"path/filepath"
)

// WriteFile writes data to path through a temporary file in the same directory: written,
// fsync'd, renamed over path, and the directory fsync'd so the rename itself is kept. A reader
// sees the old file or the new one, never a part. On failure the temporary file is removed.
func WriteFile(path string, data []byte, perm os.FileMode) error {
	tmp := path + ".tmp"
	f, err := os.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, perm)
	if err != nil {
		return err
	}
	_, err = f.Write(data)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp, path)
	}
	if err != nil {
		_ = os.Remove(tmp)
		return err
	}
	return SyncDir(filepath.Dir(path))
}

// SyncDir makes a rename, creation or removal in dir durable.
func SyncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	return d.Sync()
}
