-- 00001_init.sql rendered for cluster reports_cluster, database govreports (made by TestClusterGolden).

-- step: on cluster
CREATE TABLE IF NOT EXISTS govreports.reports_local ON CLUSTER reports_cluster (
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
) ENGINE = ReplicatedReplacingMergeTree('/clickhouse/tables/{shard}/govreports/reports_local', '{replica}', version)
ORDER BY id;

-- step: on cluster
CREATE TABLE IF NOT EXISTS govreports.reports ON CLUSTER reports_cluster AS govreports.reports_local
ENGINE = Distributed(reports_cluster, govreports, reports_local, cityHash64(id));

-- step: on cluster
CREATE TABLE IF NOT EXISTS govreports.cells_local ON CLUSTER reports_cluster (
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
) ENGINE = ReplicatedReplacingMergeTree('/clickhouse/tables/{shard}/govreports/cells_local', '{replica}', version)
ORDER BY (report_id, section, row, col);

-- step: on cluster
CREATE TABLE IF NOT EXISTS govreports.cells ON CLUSTER reports_cluster AS govreports.cells_local
ENGINE = Distributed(reports_cluster, govreports, cells_local, cityHash64(report_id));

-- step: on cluster
CREATE TABLE IF NOT EXISTS govreports.issues_local ON CLUSTER reports_cluster (
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
) ENGINE = ReplicatedReplacingMergeTree('/clickhouse/tables/{shard}/govreports/issues_local', '{replica}', version)
ORDER BY (report_id, rule, section, row, col, key);

-- step: on cluster
CREATE TABLE IF NOT EXISTS govreports.issues ON CLUSTER reports_cluster AS govreports.issues_local
ENGINE = Distributed(reports_cluster, govreports, issues_local, cityHash64(report_id));

-- step: on cluster
CREATE TABLE IF NOT EXISTS govreports.fetches_local ON CLUSTER reports_cluster (
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
) ENGINE = ReplicatedReplacingMergeTree('/clickhouse/tables/{shard}/govreports/fetches_local', '{replica}', version)
ORDER BY (host, url, fetched_at);

-- step: on cluster
CREATE TABLE IF NOT EXISTS govreports.fetches ON CLUSTER reports_cluster AS govreports.fetches_local
ENGINE = Distributed(reports_cluster, govreports, fetches_local, cityHash64(host));
