// Package pdf reads the tables of a PDF report: PDFium (WebAssembly, run by wazero in this
// process: pure Go, no system library, no cgo) gives every character with its box and every
// straight line drawn on each page; Layout (pure Go) rebuilds ruled tables from their lines and
// unruled ones from the alignment of their columns, into a layout.Document that the parser
// matches like an HTML page.
//
// The engine is started once per process, on the first PDF (Default); wazero's compilation
// cache makes that start cost a fraction of a second after the first run on a machine.
package pdf

import (
	"bytes"

	"github.com/govreports/govreports/parser/layout"
)

// Sniff tells a PDF by its header, which may follow a little junk (as readers allow).
func Sniff(data []byte) bool { return bytes.Contains(data[:min(len(data), 1024)], []byte("%PDF-")) }

// Read extracts and lays out a PDF with the process's engine.
func Read(data []byte) (*layout.Document, error) {
	e, err := Default()
	if err != nil {
		return nil, err
	}
	d, err := e.Extract(data)
	if err != nil {
		return nil, err
	}
	return Layout(d), nil
}
