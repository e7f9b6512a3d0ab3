#!/usr/bin/env bash
# install-deps.sh — install what govreports' loader needs outside Go, on Debian (bookworm), as root.
#
#   * clickhouse-server + clickhouse-client (Debian packages, 18.16): the server target and tests.
#     The package's own service is NOT started; scripts/clickhouse.sh runs a private server.
#   * libchdb.so (chDB, embedded ClickHouse 26.7) in /usr/local/lib: the embedded target. It comes
#     from the npm package @chdb/lib-linux-x64-gnu (npm pack; Debian's npm is installed if missing).
#   * zookeeper (Debian package, 3.8, with its Java runtime): the cluster that scripts/cluster.sh
#     runs for the cluster tests. Its own service is not started either.
#   * redis-server (Debian package, 7.0): the shared frontier of several crawler nodes
#     (--frontier redis://…, docs/nodes.md). scripts/redis.sh and the tests (internal/testenv)
#     run private servers on loopback; the package's own service is stopped.
#   * chromium and fonts-wqy-zenhei (Debian packages): the browser test of the HTML quality report (quality/browser_test.go)
#     runs it headless. Skipped when /usr/bin/chromium and fonts-wqy-zenhei are present.
#   * libreoffice-writer-nogui, poppler-utils and fonts-noto-cjk (Debian packages), component
#     "documents": soffice converts DOC/WPS reports to DOCX (parser/doc, its tests) and, with
#     pdftoppm, regenerates the made document fixtures (parser/testdata/docs/gen_docs.py).
#     PDF itself needs nothing: PDFium runs in-process as WebAssembly.
#   * python3-pandas and python3-lxml (Debian packages), only when asked for (`bench`): the
#     comparison of scripts/bench-parse.sh. Not part of the default set: no test needs them.
#   * python3-scrapy (Debian package, Scrapy 2.8), only when asked for (`scrapy`): the crawl
#     comparison of scripts/bench-crawl.sh. Not part of the default set either.
#
# Idempotent and fast when everything is present (no network then).
#
#   scripts/install-deps.sh                  everything (tests)
#   scripts/install-deps.sh chdb             only the embedded engine (make demo)
#   scripts/install-deps.sh bench            pandas + lxml for scripts/bench-parse.sh
#   scripts/install-deps.sh scrapy           Scrapy for scripts/bench-crawl.sh
#   scripts/install-deps.sh clickhouse|zookeeper|redis|chdb|chromium|bench|scrapy …   only those components
#
#   CHDB_NPM_VERSION   npm version of @chdb/lib-linux-x64-gnu   (default 26.7.3-stable.1)
#   CHDB_LIB_DIR       where libchdb.so goes                     (default /usr/local/lib)
set -euo pipefail

CHDB_NPM_PKG="@chdb/lib-linux-x64-gnu"
CHDB_NPM_VERSION="${CHDB_NPM_VERSION:-26.7.3-stable.1}"
CHDB_LIB_DIR="${CHDB_LIB_DIR:-/usr/local/lib}"
# Size and hash of package/libchdb.so in the default version, to catch a truncated download.
CHDB_EXPECT_SIZE=566330096
CHDB_EXPECT_SHA256=36ad4e999882821ef13cf2d0f52c93f48e6ee1b4498b35a201c23ce4b8d15bf5

log() { echo "install-deps: $*"; }
die() { echo "install-deps: $*" >&2; exit 1; }

[ "$(id -u)" -eq 0 ] || die "run as root (apt-get and $CHDB_LIB_DIR need it)"

APT_UPDATED=
apt_install() {
	export DEBIAN_FRONTEND=noninteractive
	if [ -z "$APT_UPDATED" ]; then
		apt-get update -qq
		APT_UPDATED=1
	fi
	apt-get install -y -qq --no-install-recommends "$@"
}

have_clickhouse() {
	# Debian puts the server in /usr/sbin (often not on PATH); upstream has one /usr/bin/clickhouse.
	{ [ -x /usr/sbin/clickhouse-server ] || command -v clickhouse-server >/dev/null 2>&1 || command -v clickhouse >/dev/null 2>&1; } &&
		{ command -v clickhouse-client >/dev/null 2>&1 || command -v clickhouse >/dev/null 2>&1; }
}

install_clickhouse() {
	if have_clickhouse; then
		log "clickhouse present: $(clickhouse-client --version 2>/dev/null || clickhouse client --version 2>/dev/null || echo '?')"
		return
	fi
	log "installing clickhouse-server clickhouse-client (apt)"
	apt_install clickhouse-server clickhouse-client
	# The Debian package may start its service (when a service manager runs); the project uses its
	# own private server, so stop the system one to free port 9000/8123.
	if command -v systemctl >/dev/null 2>&1 && systemctl is-active --quiet clickhouse-server 2>/dev/null; then
		systemctl stop clickhouse-server || true
	fi
	have_clickhouse || die "clickhouse still missing after apt-get install"
}

chdb_ok() {
	local f="$CHDB_LIB_DIR/libchdb.so"
	[ -f "$f" ] || return 1
	# A size check is instant; the full hash (2 s) is done only right after an install.
	if [ "$CHDB_NPM_VERSION" = "26.7.3-stable.1" ]; then
		[ "$(stat -c %s "$f")" -eq "$CHDB_EXPECT_SIZE" ] || return 1
	else
		[ "$(stat -c %s "$f")" -gt 100000000 ] || return 1
	fi
}

install_chdb() {
	if chdb_ok; then
		log "libchdb present: $CHDB_LIB_DIR/libchdb.so ($(stat -c %s "$CHDB_LIB_DIR/libchdb.so") bytes)"
		return
	fi
	local tmp
	tmp=$(mktemp -d /tmp/govreports-chdb.XXXXXX)
	# shellcheck disable=SC2064
	trap "rm -rf '$tmp'" EXIT
	log "fetching $CHDB_NPM_PKG@$CHDB_NPM_VERSION (about 180 MB)"
	command -v npm >/dev/null 2>&1 || apt_install npm
	(cd "$tmp" && npm pack --silent "$CHDB_NPM_PKG@$CHDB_NPM_VERSION" >/dev/null)
	local tgz
	tgz=$(ls "$tmp"/*.tgz 2>/dev/null | head -n1)
	[ -n "$tgz" ] || die "no tarball downloaded"
	tar -xzf "$tgz" -C "$tmp" package/libchdb.so
	local so="$tmp/package/libchdb.so" size
	size=$(stat -c %s "$so")
	if [ "$CHDB_NPM_VERSION" = "26.7.3-stable.1" ]; then
		[ "$size" -eq "$CHDB_EXPECT_SIZE" ] || die "libchdb.so has $size bytes, want $CHDB_EXPECT_SIZE"
		echo "$CHDB_EXPECT_SHA256  $so" | sha256sum -c --quiet - || die "libchdb.so checksum mismatch"
	fi
	mkdir -p "$CHDB_LIB_DIR"
	# Copy then rename, so a running process never sees a half-written library.
	install -m 0755 "$so" "$CHDB_LIB_DIR/.libchdb.so.new"
	mv -f "$CHDB_LIB_DIR/.libchdb.so.new" "$CHDB_LIB_DIR/libchdb.so"
	command -v ldconfig >/dev/null 2>&1 && ldconfig || true
	log "installed $CHDB_LIB_DIR/libchdb.so ($size bytes)"
}

install_zookeeper() {
	# scripts/cluster.sh runs the jar with java itself (no service, no /etc/zookeeper/conf).
	if [ -f /usr/share/java/zookeeper.jar ] && command -v java >/dev/null 2>&1; then
		log "zookeeper present: $(dpkg-query -W -f='${Version}' zookeeper 2>/dev/null || echo '?')"
		return
	fi
	log "installing zookeeper (apt)"
	apt_install zookeeper
	if command -v systemctl >/dev/null 2>&1 && systemctl is-active --quiet zookeeper 2>/dev/null; then
		systemctl stop zookeeper || true
	fi
	[ -f /usr/share/java/zookeeper.jar ] || die "zookeeper still missing after apt-get install"
}

install_redis() {
	if command -v redis-server >/dev/null 2>&1 && command -v redis-cli >/dev/null 2>&1; then
		log "redis present: $(redis-server --version 2>/dev/null | head -n1 || echo '?')"
		return
	fi
	log "installing redis-server (apt)"
	apt_install redis-server redis-tools
	# The package starts its own service on 6379 where a service manager runs; the project runs
	# private servers only (scripts/redis.sh, internal/testenv), so stop it and keep it off.
	if command -v systemctl >/dev/null 2>&1 && systemctl is-active --quiet redis-server 2>/dev/null; then
		systemctl stop redis-server || true
		systemctl disable redis-server >/dev/null 2>&1 || true
	fi
	command -v redis-server >/dev/null 2>&1 || die "redis-server still missing after apt-get install"
}

install_chromium() {
	# A CJK font too: without one Chromium draws the reports' Chinese as boxes in screenshots.
	if [ -x /usr/bin/chromium ] && dpkg -s fonts-wqy-zenhei >/dev/null 2>&1; then
		log "chromium present: $(/usr/bin/chromium --version 2>/dev/null || echo '?')"
		return
	fi
	log "installing chromium and a CJK font (apt)"
	apt_install chromium fonts-wqy-zenhei
	[ -x /usr/bin/chromium ] || die "chromium still missing after apt-get install"
}

install_documents() {
	if command -v soffice >/dev/null 2>&1 && command -v pdftoppm >/dev/null 2>&1 && dpkg -s fonts-noto-cjk >/dev/null 2>&1; then
		log "soffice present: $(soffice --version 2>/dev/null | head -n1 || echo '?')"
		return
	fi
	log "installing libreoffice-writer-nogui poppler-utils fonts-noto-cjk (apt)"
	apt_install libreoffice-writer-nogui poppler-utils fonts-noto-cjk
	command -v soffice >/dev/null 2>&1 || die "soffice still missing after apt-get install"
}

install_bench() {
	if /usr/bin/python3 -c 'import pandas, lxml' >/dev/null 2>&1; then
		log "pandas and lxml present: $(/usr/bin/python3 -c 'import pandas; print(pandas.__version__)')"
		return
	fi
	log "installing python3-pandas python3-lxml (apt)"
	apt_install python3-pandas python3-lxml
	/usr/bin/python3 -c 'import pandas, lxml' || die "pandas/lxml still missing after apt-get install"
}

install_scrapy() {
	if /usr/bin/python3 -c 'import scrapy' >/dev/null 2>&1; then
		log "scrapy present: $(/usr/bin/python3 -c 'import scrapy; print(scrapy.__version__)')"
		return
	fi
	log "installing python3-scrapy (apt)"
	apt_install python3-scrapy
	/usr/bin/python3 -c 'import scrapy' || die "scrapy still missing after apt-get install"
}

# Components: all by default; `install-deps.sh chdb` installs only what `make demo` needs.
components=("$@")
[ ${#components[@]} -gt 0 ] || components=(clickhouse zookeeper redis chdb chromium documents)
for c in "${components[@]}"; do
	case "$c" in
	clickhouse) install_clickhouse ;;
	zookeeper) install_zookeeper ;;
	redis) install_redis ;;
	chdb) install_chdb ;;
	chromium) install_chromium ;;
	documents) install_documents ;;
	bench) install_bench ;;
	scrapy) install_scrapy ;;
	*) die "unknown component $c (want clickhouse, zookeeper, redis, chdb, chromium, documents, bench or scrapy)" ;;
	esac
done
log "done"
