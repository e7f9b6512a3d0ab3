-- 00004_cross_year_checks.sql — the checks across reports of shared/TEMPLATES.md ("Checks across
-- reports"): what a body says one year must follow from what it said the year before. Not
-- stated by the form, so a difference is a lead for a data team, not proof of an error (bodies
-- merge and split, reports are corrected).
--
-- A body is matched across years by agency and region_code (reports without an agency are
-- left out). Current rows only. One row per comparison; analysts filter on diff != 0.
--   requests.carry_over   item = column: carried_in of year y  vs  carried_out of year y-1
--   active.in_force       item = row (rules, normative_docs), 2021 form: in_force of year y
--                         vs  in_force of year y-1 + issued − repealed of year y
-- 18.16: the one join it handles well is ANY INNER JOIN (subquery) USING; no window functions.

-- +goose NO TRANSACTION
-- +goose Up
CREATE VIEW IF NOT EXISTS cross_year_checks AS
SELECT 'requests.carry_over' AS rule, agency, region_code, y AS year, item, expected, actual, actual - expected AS diff
FROM (
    SELECT agency, region_code, year AS y, col AS item, sum(ifNull(value, 0)) AS actual
    FROM cells_current
    WHERE section = 'requests' AND row = 'carried_in' AND agency != ''
    GROUP BY agency, region_code, y, item
) AS cur
ANY INNER JOIN (
    SELECT agency, region_code, toUInt16(year + 1) AS y, col AS item, sum(ifNull(value, 0)) AS expected
    FROM cells_current
    WHERE section = 'requests' AND row = 'carried_out' AND agency != ''
    GROUP BY agency, region_code, y, item
) AS prev USING (agency, region_code, y, item)
UNION ALL
SELECT 'active.in_force' AS rule, agency, region_code, y AS year, item,
       prev_in_force + issued - repealed AS expected, in_force AS actual, actual - expected AS diff
FROM (
    SELECT agency, region_code, year AS y, row AS item,
           sumIf(ifNull(value, 0), col = 'in_force') AS in_force,
           sumIf(ifNull(value, 0), col = 'issued') AS issued,
           sumIf(ifNull(value, 0), col = 'repealed') AS repealed
    FROM cells_current
    WHERE section = 'active' AND row IN ('rules', 'normative_docs') AND agency != ''
    GROUP BY agency, region_code, y, item
    HAVING countIf(col = 'in_force') > 0
) AS cur
ANY INNER JOIN (
    SELECT agency, region_code, toUInt16(year + 1) AS y, row AS item,
           sumIf(ifNull(value, 0), col = 'in_force') AS prev_in_force
    FROM cells_current
    WHERE section = 'active' AND row IN ('rules', 'normative_docs') AND agency != ''
    GROUP BY agency, region_code, y, item
    HAVING countIf(col = 'in_force') > 0
) AS prev USING (agency, region_code, y, item);

-- +goose Down
DROP TABLE IF EXISTS cross_year_checks;
