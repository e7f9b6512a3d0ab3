-- 00003_analyst_views.sql — views that answer the usual cross-region questions without knowing
-- the form by heart: one row per report (its region, year and the figures of its three tables),
-- one row per region and year, and per-report quality counts.
--
-- Same rules as 00002: runs unchanged on ClickHouse 18.16 and chDB 26.x, so no window functions;
-- reads only the current rows of a report ((report_id, version) IN (SELECT id, version FROM
-- reports FINAL)). The only JOIN 18.16 does reliably is `ANY … JOIN (subquery) USING key` between
-- two subqueries with unique keys, which is what these views use: both sides have one row per
-- report id, so ANY and ALL would give the same rows, and 26.x's stricter ANY INNER semantics do not
-- change the answer.
--
-- Blank cells count as 0 here, as in the form's own identities (ifNull(value, 0)): 18.16 and 26.x
-- disagree on what sumIf over a Nullable column returns when the matching values are all NULL, so
-- the views never let that case reach an aggregate. Whether a cell was filled is in cells_current.
--
-- Names: *_by_report has one row per report (only reports that have cells in that table);
-- *_by_region sums them per region and year.

-- +goose NO TRANSACTION
-- +goose Up

-- reports_current: the reports table, one row per report (its latest load), with the host of its
-- URL; the base of every *_by_report view.
CREATE VIEW IF NOT EXISTS reports_current AS
SELECT
    id, sha256, title, agency, region_code, region_name, province, city, county, level,
    year, form, source, url, domain(url) AS host, mirror, fetched, published, encoding,
    input_format, parser_version, status, cells, issues, loaded_at
FROM reports FINAL;

-- requests_by_report: table 三 (requests) per report, column 总计 (total) only. disclosure_rate is
-- (disclosed + partial) / result_total, NULL when nothing was decided.
CREATE VIEW IF NOT EXISTS requests_by_report AS
SELECT
    report_id, agency, year, form, region_code, region_name, province, city, county, level,
    mirror, status,
    received, carried_in, disclosed, partial,
    withheld, withheld_state_secret, withheld_prohibited_by_law, withheld_security_stability,
    withheld_third_party, withheld_internal_affairs, withheld_process_info,
    withheld_enforcement_files, withheld_query_matters,
    unavailable, not_processed, other, result_total, carried_out,
    if(result_total > 0, round((disclosed + partial) / result_total, 4), NULL) AS disclosure_rate
FROM (
    SELECT id AS report_id, agency, year, form, region_code, region_name, province, city, county,
           level, mirror, status
    FROM reports_current
) AS r
ANY INNER JOIN (
    SELECT
        report_id,
        sumIf(ifNull(value, 0), row = 'received') AS received,
        sumIf(ifNull(value, 0), row = 'carried_in') AS carried_in,
        sumIf(ifNull(value, 0), row = 'result.disclosed') AS disclosed,
        sumIf(ifNull(value, 0), row = 'result.partial') AS partial,
        sumIf(ifNull(value, 0), startsWith(row, 'result.withheld.')) AS withheld,
        sumIf(ifNull(value, 0), row = 'result.withheld.state_secret') AS withheld_state_secret,
        sumIf(ifNull(value, 0), row = 'result.withheld.prohibited_by_law') AS withheld_prohibited_by_law,
        sumIf(ifNull(value, 0), row = 'result.withheld.security_stability') AS withheld_security_stability,
        sumIf(ifNull(value, 0), row = 'result.withheld.third_party') AS withheld_third_party,
        sumIf(ifNull(value, 0), row = 'result.withheld.internal_affairs') AS withheld_internal_affairs,
        sumIf(ifNull(value, 0), row = 'result.withheld.process_info') AS withheld_process_info,
        sumIf(ifNull(value, 0), row = 'result.withheld.enforcement_files') AS withheld_enforcement_files,
        sumIf(ifNull(value, 0), row = 'result.withheld.query_matters') AS withheld_query_matters,
        sumIf(ifNull(value, 0), startsWith(row, 'result.unavailable.')) AS unavailable,
        sumIf(ifNull(value, 0), startsWith(row, 'result.not_processed.')) AS not_processed,
        -- 2019 has one row result.other; 2021 splits it into result.other.*.
        sumIf(ifNull(value, 0), row = 'result.other' OR startsWith(row, 'result.other.')) AS other,
        sumIf(ifNull(value, 0), row = 'result.total') AS result_total,
        sumIf(ifNull(value, 0), row = 'carried_out') AS carried_out
    FROM cells FINAL
    WHERE section = 'requests' AND col = 'total'
      AND (report_id, version) IN (SELECT id, version FROM reports FINAL)
    GROUP BY report_id
) AS t USING report_id;

-- requests_by_region: requests_by_report summed per region and year. The region is what the report
-- row says (the sites file, or inferred from the agency: see package regions); reports whose
-- region is unknown fall into one row with empty names.
CREATE VIEW IF NOT EXISTS requests_by_region AS
SELECT
    year, region_code, region_name, province, city, county, reports,
    s_received AS received, s_disclosed AS disclosed, s_partial AS partial, s_withheld AS withheld,
    s_withheld_process_info AS withheld_process_info,
    s_withheld_internal_affairs AS withheld_internal_affairs,
    s_unavailable AS unavailable, s_not_processed AS not_processed, s_other AS other,
    s_result_total AS result_total,
    if(s_result_total > 0, round((s_disclosed + s_partial) / s_result_total, 4), NULL) AS disclosure_rate
FROM (
    -- The s_ names: 18.16 substitutes aliases everywhere, so `sum(x) AS x` would nest sum in sum.
    SELECT
        year, region_code, region_name, province, city, county,
        count() AS reports,
        sum(received) AS s_received,
        sum(disclosed) AS s_disclosed,
        sum(partial) AS s_partial,
        sum(withheld) AS s_withheld,
        sum(withheld_process_info) AS s_withheld_process_info,
        sum(withheld_internal_affairs) AS s_withheld_internal_affairs,
        sum(unavailable) AS s_unavailable,
        sum(not_processed) AS s_not_processed,
        sum(other) AS s_other,
        sum(result_total) AS s_result_total
    FROM requests_by_report
    GROUP BY year, region_code, region_name, province, city, county
);

-- appeals_by_report: table 四 per report: administrative review (复议), suits without review
-- (suit_direct) and suits after review (suit_after_review), by outcome.
CREATE VIEW IF NOT EXISTS appeals_by_report AS
SELECT
    report_id, agency, year, form, region_code, region_name, province, city, county, level,
    mirror, status,
    review_upheld, review_corrected, review_other, review_pending, review_total,
    suit_direct_upheld, suit_direct_corrected, suit_direct_other, suit_direct_pending, suit_direct_total,
    suit_after_review_upheld, suit_after_review_corrected, suit_after_review_other,
    suit_after_review_pending, suit_after_review_total,
    suit_direct_total + suit_after_review_total AS suits_total,
    review_corrected + suit_direct_corrected + suit_after_review_corrected AS corrected_total
FROM (
    SELECT id AS report_id, agency, year, form, region_code, region_name, province, city, county,
           level, mirror, status
    FROM reports_current
) AS r
ANY INNER JOIN (
    SELECT
        report_id,
        sumIf(ifNull(value, 0), col = 'review.upheld') AS review_upheld,
        sumIf(ifNull(value, 0), col = 'review.corrected') AS review_corrected,
        sumIf(ifNull(value, 0), col = 'review.other') AS review_other,
        sumIf(ifNull(value, 0), col = 'review.pending') AS review_pending,
        sumIf(ifNull(value, 0), col = 'review.total') AS review_total,
        sumIf(ifNull(value, 0), col = 'suit_direct.upheld') AS suit_direct_upheld,
        sumIf(ifNull(value, 0), col = 'suit_direct.corrected') AS suit_direct_corrected,
        sumIf(ifNull(value, 0), col = 'suit_direct.other') AS suit_direct_other,
        sumIf(ifNull(value, 0), col = 'suit_direct.pending') AS suit_direct_pending,
        sumIf(ifNull(value, 0), col = 'suit_direct.total') AS suit_direct_total,
        sumIf(ifNull(value, 0), col = 'suit_after_review.upheld') AS suit_after_review_upheld,
        sumIf(ifNull(value, 0), col = 'suit_after_review.corrected') AS suit_after_review_corrected,
        sumIf(ifNull(value, 0), col = 'suit_after_review.other') AS suit_after_review_other,
        sumIf(ifNull(value, 0), col = 'suit_after_review.pending') AS suit_after_review_pending,
        sumIf(ifNull(value, 0), col = 'suit_after_review.total') AS suit_after_review_total
    FROM cells FINAL
    WHERE section = 'appeals'
      AND (report_id, version) IN (SELECT id, version FROM reports FINAL)
    GROUP BY report_id
) AS t USING report_id;

-- active_by_report: table 二 (active disclosure) per report. The 2021 form counts rules and
-- normative documents as issued/repealed/in force, the 2019 form as made/published; the columns of
-- the other form are 0, so filter on `form` when comparing those.
CREATE VIEW IF NOT EXISTS active_by_report AS
SELECT
    report_id, agency, year, form, region_code, region_name, province, city, county, level,
    mirror, status,
    rules_issued, rules_repealed, rules_in_force,
    normative_docs_issued, normative_docs_repealed, normative_docs_in_force,
    rules_made, rules_published, normative_docs_made, normative_docs_published,
    licensing_decisions, penalties_decisions, enforcement_decisions, fees_amount_wan_yuan
FROM (
    SELECT id AS report_id, agency, year, form, region_code, region_name, province, city, county,
           level, mirror, status
    FROM reports_current
) AS r
ANY INNER JOIN (
    SELECT
        report_id,
        sumIf(ifNull(value, 0), row = 'rules' AND col = 'issued') AS rules_issued,
        sumIf(ifNull(value, 0), row = 'rules' AND col = 'repealed') AS rules_repealed,
        sumIf(ifNull(value, 0), row = 'rules' AND col = 'in_force') AS rules_in_force,
        sumIf(ifNull(value, 0), row = 'normative_docs' AND col = 'issued') AS normative_docs_issued,
        sumIf(ifNull(value, 0), row = 'normative_docs' AND col = 'repealed') AS normative_docs_repealed,
        sumIf(ifNull(value, 0), row = 'normative_docs' AND col = 'in_force') AS normative_docs_in_force,
        sumIf(ifNull(value, 0), row = 'rules' AND col = 'made') AS rules_made,
        sumIf(ifNull(value, 0), row = 'rules' AND col = 'published') AS rules_published,
        sumIf(ifNull(value, 0), row = 'normative_docs' AND col = 'made') AS normative_docs_made,
        sumIf(ifNull(value, 0), row = 'normative_docs' AND col = 'published') AS normative_docs_published,
        sumIf(ifNull(value, 0), row = 'licensing' AND col = 'decisions') AS licensing_decisions,
        sumIf(ifNull(value, 0), row = 'penalties' AND col = 'decisions') AS penalties_decisions,
        sumIf(ifNull(value, 0), row = 'enforcement' AND col = 'decisions') AS enforcement_decisions,
        sumIf(ifNull(value, 0), row = 'fees' AND col = 'amount_wan_yuan') AS fees_amount_wan_yuan
    FROM cells FINAL
    WHERE section = 'active'
      AND (report_id, version) IN (SELECT id, version FROM reports FINAL)
    GROUP BY report_id
) AS t USING report_id;

-- report_checks: one row per report (every report, issues or not) with its status and how many
-- findings of each kind its latest load had: the per-report side of report_quality.
CREATE VIEW IF NOT EXISTS report_checks AS
SELECT
    report_id, agency, year, form, region_code, region_name, province, city, county, level,
    host, mirror, status, cells,
    errors, warnings, infos, identity_errors, balance_errors, spam
FROM (
    SELECT id AS report_id, agency, year, form, region_code, region_name, province, city, county,
           level, host, mirror, status, cells
    FROM reports_current
) AS r
ANY LEFT JOIN (
    SELECT
        report_id,
        countIf(severity = 'error') AS errors,
        countIf(severity = 'warning') AS warnings,
        countIf(severity = 'info') AS infos,
        countIf(startsWith(rule, 'identity.') AND severity = 'error') AS identity_errors,
        countIf(rule = 'identity.requests.balance') AS balance_errors,
        countIf(rule = 'content.spam') AS spam
    FROM issues FINAL
    WHERE (report_id, version) IN (SELECT id, version FROM reports FINAL)
    GROUP BY report_id
) AS t USING report_id;

-- +goose Down
DROP TABLE IF EXISTS report_checks;
DROP TABLE IF EXISTS active_by_report;
DROP TABLE IF EXISTS appeals_by_report;
DROP TABLE IF EXISTS requests_by_region;
DROP TABLE IF EXISTS requests_by_report;
DROP TABLE IF EXISTS reports_current;
