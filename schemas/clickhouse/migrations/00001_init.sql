-- 00001_init.sql — the four base tables of govreports.
--
-- Must run unchanged on ClickHouse 18.16 (Debian's server) and on chDB 26.x (embedded), so it uses
-- only what 18.16 knows: no DateTime64, Map, Bool, JSON, LowCardinality, CODEC, TTL, window
-- functions. Table names are unqualified: the loader runs migrations with the target database
-- (govreports by default, a unique one in tests) as the session's current database.
--
-- Re-loading: every table is a ReplacingMergeTree whose ORDER BY is the identity of a row, so
-- loading the same report again replaces its rows instead of duplicating them. `version` (UnixNano
-- of the load, monotonically increasing per loader) decides which copy survives; replacement
-- happens at merge time, so queries that count rows must use FINAL (or argMax on version).
-- A re-parse can also REMOVE cells or issues (a fixed bug); rows of an older load then survive
-- under their old key. The current rows of a report are those whose version equals
-- reports.version of that report: the views (00002) select exactly those.
--
-- Dates: unknown fetched/published times are stored as the zero value (1970-01-01 / 0000-00-00),
-- because Nullable columns cost a byte map per value and 18.16 cannot use them in keys.

-- +goose NO TRANSACTION
-- +goose Up
CREATE TABLE IF NOT EXISTS reports (
    id             String,
    sha256         String,
    title          String,
    agency         String,
    region_code    String,
    region_name    String,
    province       String,
    city           String,
    county         String,
    level          String,
    year           UInt16,
    form           String,
    source         String,
    url            String,
    mirror         UInt8,
    fetched        DateTime,
    published      Date,
    encoding       String,
    input_format   String,
    parser_version String,
    status         String,
    cells          UInt32,
    issues         UInt32,
    loaded_at      DateTime,
    version        UInt64
) ENGINE = ReplacingMergeTree(version)
ORDER BY id;

-- Key: one row per cell of a report. year/region/agency are copied from the report so analysts
-- can filter cells without a join.
CREATE TABLE IF NOT EXISTS cells (
    report_id   String,
    year        UInt16,
    region_code String,
    agency      String,
    section     String,
    row         String,
    col         String,
    value       Nullable(Float64),
    raw         String,
    unit        String,
    flags       Array(String),
    loaded_at   DateTime,
    version     UInt64
) ENGINE = ReplacingMergeTree(version)
ORDER BY (report_id, section, row, col);

-- Issues have no natural id. The key is (report_id, rule, section, row, col, key) where key is a
-- 64-bit hash of (message, expected, actual, span) computed by the loader (loader.issueKey: the
-- first 8 bytes of SHA-256, big-endian) so it is deterministic across loads and the same on both
-- targets: the same finding re-loaded replaces itself, two different findings of one rule on one
-- cell both stay. Byte-identical findings (same text at the same span) collapse into one.
CREATE TABLE IF NOT EXISTS issues (
    report_id String,
    year      UInt16,
    rule      String,
    severity  String,
    section   String,
    row       String,
    col       String,
    message   String,
    expected  String,
    actual    String,
    span_start Int64,
    span_end   Int64,
    key       UInt64,
    loaded_at DateTime,
    version   UInt64
) ENGINE = ReplacingMergeTree(version)
ORDER BY (report_id, rule, section, row, col, key);

-- The crawler's fetch log, one row per HTTP fetch. Key: (host, url, fetched_at): re-loading the
-- same log (e.g. from a WARC re-read) does not duplicate it.
CREATE TABLE IF NOT EXISTS fetches (
    url            String,
    host           String,
    status         UInt16,
    bytes          UInt64,
    encoding       String,
    fetched_at     DateTime,
    outcome        String,
    duration_ms    UInt32,
    content_sha256 String,
    error          String,
    version        UInt64
) ENGINE = ReplacingMergeTree(version)
ORDER BY (host, url, fetched_at);

-- +goose Down
DROP TABLE IF EXISTS fetches;
DROP TABLE IF EXISTS issues;
DROP TABLE IF EXISTS cells;
DROP TABLE IF EXISTS reports;
