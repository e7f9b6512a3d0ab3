-- 00002_views.sql rendered for cluster reports_cluster, database govreports (made by TestClusterGolden).

-- step: on cluster
CREATE VIEW IF NOT EXISTS govreports.cells_current ON CLUSTER reports_cluster AS
SELECT report_id, year, region_code, agency, section, row, col, value, raw, unit, flags, loaded_at
FROM govreports.cells FINAL
WHERE (report_id, version) GLOBAL IN (SELECT id, version FROM govreports.reports FINAL);

-- step: on cluster
CREATE VIEW IF NOT EXISTS govreports.issues_current ON CLUSTER reports_cluster AS
SELECT report_id, year, rule, severity, section, row, col, message, expected, actual, loaded_at
FROM govreports.issues FINAL
WHERE (report_id, version) GLOBAL IN (SELECT id, version FROM govreports.reports FINAL);

-- step: on cluster
CREATE VIEW IF NOT EXISTS govreports.report_quality ON CLUSTER reports_cluster AS
SELECT
    report_id,
    year,
    rule,
    severity,
    count() AS issues
FROM govreports.issues FINAL
WHERE (report_id, version) GLOBAL IN (SELECT id, version FROM govreports.reports FINAL)
GROUP BY report_id, year, rule, severity;
