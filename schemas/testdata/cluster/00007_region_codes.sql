-- 00007_region_codes.sql rendered for cluster reports_cluster, database govreports (made by TestClusterGolden).

-- step: per shard
ALTER TABLE govreports.reports_local ADD COLUMN township String, ADD COLUMN body_type String, ADD COLUMN parent_code String, ADD COLUMN region_source String, ADD COLUMN region_data String;
-- skipped where: SELECT count() = 5 FROM system.columns WHERE database = 'govreports' AND table = 'reports_local' AND name IN ('township', 'body_type', 'parent_code', 'region_source', 'region_data')

-- step: per node
ALTER TABLE govreports.reports ADD COLUMN township String, ADD COLUMN body_type String, ADD COLUMN parent_code String, ADD COLUMN region_source String, ADD COLUMN region_data String;
-- skipped where: SELECT count() = 5 FROM system.columns WHERE database = 'govreports' AND table = 'reports' AND name IN ('township', 'body_type', 'parent_code', 'region_source', 'region_data')

-- step: on cluster
DROP TABLE IF EXISTS govreports.report_checks ON CLUSTER reports_cluster;

-- step: on cluster
DROP TABLE IF EXISTS govreports.active_by_report ON CLUSTER reports_cluster;

-- step: on cluster
DROP TABLE IF EXISTS govreports.appeals_by_report ON CLUSTER reports_cluster;

-- step: on cluster
DROP TABLE IF EXISTS govreports.requests_by_report ON CLUSTER reports_cluster;

-- step: on cluster
DROP TABLE IF EXISTS govreports.reports_current ON CLUSTER reports_cluster;

-- step: on cluster
CREATE VIEW IF NOT EXISTS govreports.reports_current ON CLUSTER reports_cluster AS
SELECT
    id, sha256, title, agency, region_code, region_name, province, city, county, township, level,
    body_type, parent_code, region_source, region_data,
    year, form, source, url, domain(url) AS host, mirror, fetched, published, encoding,
    input_format, parser_version, status, cells, issues, loaded_at
FROM govreports.reports FINAL;

-- step: on cluster
CREATE VIEW IF NOT EXISTS govreports.requests_by_report ON CLUSTER reports_cluster AS
SELECT
    report_id, agency, year, form, region_code, region_name, province, city, county, township, level,
    body_type, parent_code, mirror, status,
    received, carried_in, disclosed, partial,
    withheld, withheld_state_secret, withheld_prohibited_by_law, withheld_security_stability,
    withheld_third_party, withheld_internal_affairs, withheld_process_info,
    withheld_enforcement_files, withheld_query_matters,
    unavailable, not_processed, other, result_total, carried_out,
    if(result_total > 0, round((disclosed + partial) / result_total, 4), NULL) AS disclosure_rate
FROM (
    SELECT id AS report_id, agency, year, form, region_code, region_name, province, city, county,
           township, level, body_type, parent_code, mirror, status
    FROM govreports.reports_current
) AS r
GLOBAL ANY INNER JOIN (
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
        sumIf(ifNull(value, 0), row = 'result.other' OR startsWith(row, 'result.other.')) AS other,
        sumIf(ifNull(value, 0), row = 'result.total') AS result_total,
        sumIf(ifNull(value, 0), row = 'carried_out') AS carried_out
    FROM govreports.cells FINAL
    WHERE section = 'requests' AND col = 'total'
      AND (report_id, version) GLOBAL IN (SELECT id, version FROM govreports.reports FINAL)
    GROUP BY report_id
) AS t USING report_id;

-- step: on cluster
CREATE VIEW IF NOT EXISTS govreports.appeals_by_report ON CLUSTER reports_cluster AS
SELECT
    report_id, agency, year, form, region_code, region_name, province, city, county, township, level,
    body_type, parent_code, mirror, status,
    review_upheld, review_corrected, review_other, review_pending, review_total,
    suit_direct_upheld, suit_direct_corrected, suit_direct_other, suit_direct_pending, suit_direct_total,
    suit_after_review_upheld, suit_after_review_corrected, suit_after_review_other,
    suit_after_review_pending, suit_after_review_total,
    suit_direct_total + suit_after_review_total AS suits_total,
    review_corrected + suit_direct_corrected + suit_after_review_corrected AS corrected_total
FROM (
    SELECT id AS report_id, agency, year, form, region_code, region_name, province, city, county,
           township, level, body_type, parent_code, mirror, status
    FROM govreports.reports_current
) AS r
GLOBAL ANY INNER JOIN (
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
    FROM govreports.cells FINAL
    WHERE section = 'appeals'
      AND (report_id, version) GLOBAL IN (SELECT id, version FROM govreports.reports FINAL)
    GROUP BY report_id
) AS t USING report_id;

-- step: on cluster
CREATE VIEW IF NOT EXISTS govreports.active_by_report ON CLUSTER reports_cluster AS
SELECT
    report_id, agency, year, form, region_code, region_name, province, city, county, township, level,
    body_type, parent_code, mirror, status,
    rules_issued, rules_repealed, rules_in_force,
    normative_docs_issued, normative_docs_repealed, normative_docs_in_force,
    rules_made, rules_published, normative_docs_made, normative_docs_published,
    licensing_decisions, penalties_decisions, enforcement_decisions, fees_amount_wan_yuan
FROM (
    SELECT id AS report_id, agency, year, form, region_code, region_name, province, city, county,
           township, level, body_type, parent_code, mirror, status
    FROM govreports.reports_current
) AS r
GLOBAL ANY INNER JOIN (
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
    FROM govreports.cells FINAL
    WHERE section = 'active'
      AND (report_id, version) GLOBAL IN (SELECT id, version FROM govreports.reports FINAL)
    GROUP BY report_id
) AS t USING report_id;

-- step: on cluster
CREATE VIEW IF NOT EXISTS govreports.report_checks ON CLUSTER reports_cluster AS
SELECT
    report_id, agency, year, form, region_code, region_name, province, city, county, township, level,
    body_type, parent_code, host, mirror, status, cells,
    errors, warnings, infos, identity_errors, balance_errors, spam
FROM (
    SELECT id AS report_id, agency, year, form, region_code, region_name, province, city, county,
           township, level, body_type, parent_code, host, mirror, status, cells
    FROM govreports.reports_current
) AS r
GLOBAL ANY LEFT JOIN (
    SELECT
        report_id,
        countIf(severity = 'error') AS errors,
        countIf(severity = 'warning') AS warnings,
        countIf(severity = 'info') AS infos,
        countIf(startsWith(rule, 'identity.') AND severity = 'error') AS identity_errors,
        countIf(rule = 'identity.requests.balance') AS balance_errors,
        countIf(rule = 'content.spam') AS spam
    FROM govreports.issues FINAL
    WHERE (report_id, version) GLOBAL IN (SELECT id, version FROM govreports.reports FINAL)
    GROUP BY report_id
) AS t USING report_id;

-- step: on cluster
CREATE VIEW IF NOT EXISTS govreports.report_indicators ON CLUSTER reports_cluster AS
SELECT
    report_id, agency, year, form, region_code, region_name, province, city, county, township, level,
    body_type, parent_code, region_data, mirror, status, has_requests, has_appeals,
    received, carried_in, disclosed, partial, withheld, unavailable, not_processed, other,
    result_total, carried_out,
    review_corrected, review_pending, review_total, suits_corrected, suits_pending, suits_total,
    if(has_requests = 1 AND received + carried_in > 0, round(carried_out / (received + carried_in), 4), NULL) AS carry_over_rate,
    if(has_requests = 1 AND result_total - not_processed - other > 0,
       round((disclosed + partial) / (result_total - not_processed - other), 4), NULL) AS substantive_disclosure_rate,
    if(has_requests = 1 AND result_total > 0, round(withheld / result_total, 4), NULL) AS withheld_share,
    if(has_requests = 1 AND result_total > 0, round(unavailable / result_total, 4), NULL) AS unavailable_share,
    if(has_requests = 1 AND has_appeals = 1 AND received > 0, round(100 * review_total / received, 2), NULL) AS reviews_per_100,
    if(has_requests = 1 AND has_appeals = 1 AND received > 0, round(100 * suits_total / received, 2), NULL) AS suits_per_100,
    if(has_appeals = 1 AND review_total - review_pending > 0,
       round(review_corrected / (review_total - review_pending), 4), NULL) AS review_corrected_share,
    if(has_appeals = 1 AND suits_total - suits_pending > 0,
       round(suits_corrected / (suits_total - suits_pending), 4), NULL) AS suit_corrected_share
FROM (
    SELECT
        report_id, agency, year, form, region_code, region_name, province, city, county, township,
        level, body_type, parent_code, region_data, mirror, status, has_requests,
        received, carried_in, disclosed, partial, withheld, unavailable, not_processed, other,
        result_total, carried_out
    FROM (
        SELECT id AS report_id, agency, year, form, region_code, region_name, province, city, county,
               township, level, body_type, parent_code, region_data, mirror, status
        FROM govreports.reports_current
    ) AS r
    GLOBAL ANY LEFT JOIN (
        SELECT report_id, toUInt8(1) AS has_requests, received, carried_in, disclosed, partial, withheld,
               unavailable, not_processed, other, result_total, carried_out
        FROM govreports.requests_by_report
    ) AS q USING report_id
) AS rq
GLOBAL ANY LEFT JOIN (
    SELECT report_id, toUInt8(1) AS has_appeals, review_corrected, review_pending, review_total,
           suit_direct_corrected + suit_after_review_corrected AS suits_corrected,
           suit_direct_pending + suit_after_review_pending AS suits_pending,
           suits_total
    FROM govreports.appeals_by_report
) AS a USING report_id;
