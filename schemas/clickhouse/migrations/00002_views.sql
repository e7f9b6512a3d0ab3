-- 00002_views.sql — first analyst views. More views (requests_by_report, …) come in later
-- migrations; views only read, so replacing one is DROP + CREATE in a new migration.
--
-- "Current" rows: a re-parse can drop cells or issues, whose old rows then survive under their
-- old keys (see 00001). A row is current when its version equals the version of the report's
-- latest load, i.e. (report_id, version) IN (SELECT id, version FROM reports FINAL). The loader
-- writes a report's cells and issues BEFORE its reports row, so a view never shows a half-loaded
-- report: until the reports row lands, the previous load stays current.
--
-- Written for 18.16: no JOIN (its JOIN support is narrow), tuple IN with a FINAL subquery instead.

-- +goose NO TRANSACTION
-- +goose Up
CREATE VIEW IF NOT EXISTS cells_current AS
SELECT report_id, year, region_code, agency, section, row, col, value, raw, unit, flags, loaded_at
FROM cells FINAL
WHERE (report_id, version) IN (SELECT id, version FROM reports FINAL);

CREATE VIEW IF NOT EXISTS issues_current AS
SELECT report_id, year, rule, severity, section, row, col, message, expected, actual, loaded_at
FROM issues FINAL
WHERE (report_id, version) IN (SELECT id, version FROM reports FINAL);

-- report_quality: per report and rule, how many findings of each severity the latest load had.
CREATE VIEW IF NOT EXISTS report_quality AS
SELECT
    report_id,
    year,
    rule,
    severity,
    count() AS issues
FROM issues FINAL
WHERE (report_id, version) IN (SELECT id, version FROM reports FINAL)
GROUP BY report_id, year, rule, severity;

-- +goose Down
DROP TABLE IF EXISTS report_quality;
DROP TABLE IF EXISTS issues_current;
DROP TABLE IF EXISTS cells_current;
