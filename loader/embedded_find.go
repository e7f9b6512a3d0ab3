package loader

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
)

// findChdb locates libchdb.so in the order chdb-go's purego binding does (CHDB_LIB_PATH, then
// libchdb.so on PATH, then /usr/local/lib), so the helper loads exactly the library checked here;
// the loader also passes the path on in CHDB_LIB_PATH. chdb-go panics when its lookup fails, which
// is why this check runs first, in a process that does not link chdb-go.
func findChdb() (string, error) {
	if p := os.Getenv("CHDB_LIB_PATH"); p != "" {
		if isFile(p) {
			return p, nil
		}
		return "", fmt.Errorf("%w (CHDB_LIB_PATH=%s does not exist)", ErrNoChdb, p)
	}
	if p, err := exec.LookPath("libchdb.so"); err == nil {
		return p, nil
	}
	for _, p := range []string{"/usr/local/lib/libchdb.so", "/opt/homebrew/lib/libchdb.dylib"} {
		if isFile(p) {
			return p, nil
		}
	}
	return "", ErrNoChdb
}

// helperName is the helper binary built from cmd/govreports-chdb.
const helperName = "govreports-chdb"

// findHelper locates the helper: an explicit path, next to the running executable (how releases
// ship it), on PATH, then $GOVREPORTS_CHDB_HELPER.
func findHelper(explicit string) (string, error) {
	if explicit != "" {
		if isFile(explicit) {
			return explicit, nil
		}
		return "", fmt.Errorf("%w (%s does not exist)", ErrNoHelper, explicit)
	}
	if exe, err := os.Executable(); err == nil {
		p := filepath.Join(filepath.Dir(exe), helperName)
		if isFile(p) {
			return p, nil
		}
	}
	if p, err := exec.LookPath(helperName); err == nil {
		return p, nil
	}
	if p := os.Getenv("GOVREPORTS_CHDB_HELPER"); p != "" {
		if isFile(p) {
			return p, nil
		}
		return "", fmt.Errorf("%w (GOVREPORTS_CHDB_HELPER=%s does not exist)", ErrNoHelper, p)
	}
	return "", ErrNoHelper
}

func isFile(p string) bool {
	st, err := os.Stat(p)
	return err == nil && !st.IsDir()
}
