// Package doc reads Word 97–2003 (.doc) and WPS files by converting them to DOCX with
// LibreOffice (Debian: libreoffice-writer-nogui) and reading that with parser/docx. LibreOffice
// keeps merged cells (the converted file has w:gridSpan and w:vMerge) where antiword's text
// loses them, which is why it was chosen (docs/documents.md has the comparison).
//
// The converter is a separate process, bounded: a time limit (the whole process group is
// killed when it passes), an address-space limit (ulimit -v) and one conversion at a time.
// When soffice is not installed, Read returns ErrConverterMissing, which the parser records as
// an issue of the report.
package doc

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/govreports/govreports/parser/docx"
	"github.com/govreports/govreports/parser/layout"
)

// Limits of one conversion.
const (
	Timeout     = 90 * time.Second
	MemoryLimit = 4 << 30 // bytes of address space (LibreOffice maps much more than it uses)
)

var (
	// ErrConverterMissing: soffice is not on PATH.
	ErrConverterMissing = errors.New("doc: converter soffice (LibreOffice) not found; install libreoffice-writer-nogui (scripts/install-deps.sh documents)")
	// ErrConvert: the converter failed, timed out or wrote nothing.
	ErrConvert = errors.New("doc: conversion to DOCX failed")
)

// Sniff tells an OLE2 compound file (.doc, .wps, also .xls and .ppt: the converter tells
// those apart and fails on them).
func Sniff(data []byte) bool {
	return bytes.HasPrefix(data, []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1})
}

var mu sync.Mutex // one conversion at a time: LibreOffice is heavy and its profile is shared

// Read converts the file and reads the DOCX.
func Read(data []byte) (*layout.Document, error) {
	out, err := ToDOCX(context.Background(), data)
	if err != nil {
		return nil, err
	}
	return docx.Read(out)
}

// ToDOCX runs soffice --convert-to docx on the bytes.
func ToDOCX(ctx context.Context, data []byte) ([]byte, error) {
	bin, err := exec.LookPath("soffice")
	if err != nil {
		return nil, ErrConverterMissing
	}
	mu.Lock()
	defer mu.Unlock()
	dir, err := os.MkdirTemp("", "govreports-doc-")
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrConvert, err)
	}
	defer os.RemoveAll(dir)
	in := filepath.Join(dir, "report.doc")
	if err := os.WriteFile(in, data, 0o600); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrConvert, err)
	}
	ctx, cancel := context.WithTimeout(ctx, Timeout)
	defer cancel()
	// The profile lives in the temporary directory: no state shared with a desktop
	// LibreOffice, none left behind.
	script := fmt.Sprintf(`ulimit -v %d && exec "$0" "$@"`, MemoryLimit/1024)
	cmd := exec.CommandContext(ctx, "/bin/sh", "-c", script, bin, "--headless", "--norestore", "--nologo",
		"-env:UserInstallation=file://"+filepath.Join(dir, "profile"),
		"--convert-to", "docx:MS Word 2007 XML", "--outdir", dir, in)
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Cancel = func() error { return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) }
	cmd.Env = append(os.Environ(), "HOME="+dir)
	var stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stderr, &stderr
	runErr := cmd.Run()
	outPath := filepath.Join(dir, "report.docx")
	b, err := os.ReadFile(outPath)
	if err != nil || len(b) == 0 {
		msg := strings.TrimSpace(stderr.String())
		if len(msg) > 300 {
			msg = msg[:300]
		}
		if ctx.Err() != nil {
			return nil, fmt.Errorf("%w: timed out after %s", ErrConvert, Timeout)
		}
		return nil, fmt.Errorf("%w: %v: %s", ErrConvert, runErr, msg)
	}
	return b, nil
}
