# The README's two commands are `make demo` and `make test`; everything else serves them.
SHELL := /bin/bash
export PATH := /usr/local/go/bin:$(PATH)
GO ?= go
BIN := bin
DEMO_DATA ?= ./data
CH_PORT ?= $(or $(GOVREPORTS_CH_PORT),19000)
CH_DSN ?= clickhouse://default@127.0.0.1:$(CH_PORT)/govreports
FUZZTIME ?= 10s

.PHONY: demo test deps deps-demo build race clickhouse-start clickhouse-stop redis-start redis-stop cluster-start cluster-stop vet unit fuzz bench clean

## demo: install what is missing; load the bundled sample reports, then run the main job on a
## made province (a few simulated portals on 127.0.0.1, crawled at once by `run --sites`) into
## embedded ClickHouse (chDB); answer an analyst's question across regions; write quality.html.
demo: deps-demo build
	BIN=$(BIN) DEMO_DATA=$(DEMO_DATA) bash scripts/demo.sh

## test: install what is missing, start the private ClickHouse server, run go vet, the gofmt check
## and every test.
test: deps build clickhouse-start unit

deps:
	@if [ "$$(id -u)" = 0 ]; then bash scripts/install-deps.sh; else echo "make deps: not root, skipping installs (run scripts/install-deps.sh as root)"; fi

deps-demo:
	@if [ "$$(id -u)" = 0 ]; then bash scripts/install-deps.sh chdb; else echo "make deps-demo: not root, skipping installs (run scripts/install-deps.sh chdb as root)"; fi

build:
	$(GO) build -o $(BIN)/govreports ./cmd/govreports
	$(GO) build -o $(BIN)/govreports-chdb ./cmd/govreports-chdb

clickhouse-start:
	bash scripts/clickhouse.sh start

clickhouse-stop:
	bash scripts/clickhouse.sh stop

## redis-start / redis-stop: a private Redis on 127.0.0.1:16379 (scripts/redis.sh), the shared
## frontier of several crawler nodes (docs/nodes.md). The tests start servers of their own.
redis-start:
	bash scripts/redis.sh start

redis-stop:
	bash scripts/redis.sh stop

## cluster-start / cluster-stop: ZooKeeper and three ClickHouse servers on loopback (scripts/cluster.sh;
## the tests start clusters of their own).
cluster-start:
	bash scripts/cluster.sh start

cluster-stop:
	bash scripts/cluster.sh stop

## vet: go vet and gofmt over the module (part of unit, so of make test).
vet:
	$(GO) vet ./...
	@out="$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go'))"; if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi

unit: vet
	mkdir -p .artifacts
	GOVREPORTS_ARTIFACTS=$(CURDIR)/.artifacts GOVREPORTS_TEST_CLICKHOUSE=$(CH_DSN) GOVREPORTS_CHDB_HELPER=$(CURDIR)/$(BIN)/govreports-chdb $(GO) test -count=1 ./...

## race: the race detector over the packages that run goroutines together (CI runs it).
race:
	GOVREPORTS_TEST_CLICKHOUSE=$(CH_DSN) $(GO) test -race -count=1 ./crawler/... ./internal/pipeline ./internal/serve ./internal/frontier

## fuzz: run every fuzz target briefly (CI does this after the tests); see scripts/fuzz.sh.
fuzz:
	GO=$(GO) FUZZTIME=$(FUZZTIME) bash scripts/fuzz.sh

bench: build clickhouse-start
	GOVREPORTS_TEST_CLICKHOUSE=$(CH_DSN) GOVREPORTS_CHDB_HELPER=$(CURDIR)/$(BIN)/govreports-chdb $(GO) test -run '^$$' -bench . -benchmem ./...

clean:
	rm -rf $(BIN) $(DEMO_DATA) .demo quality.html
