-- 00004_cross_year_checks.sql rendered for cluster reports_cluster, database govreports (made by TestClusterGolden).

-- step: on cluster
CREATE VIEW IF NOT EXISTS govreports.cross_year_checks ON CLUSTER reports_cluster AS
SELECT 'requests.carry_over' AS rule, agency, region_code, y AS year, item, expected, actual, actual - expected AS diff
FROM (
    SELECT agency, region_code, year AS y, col AS item, sum(ifNull(value, 0)) AS actual
    FROM govreports.cells_current
    WHERE section = 'requests' AND row = 'carried_in' AND agency != ''
    GROUP BY agency, region_code, y, item
) AS cur
GLOBAL ANY INNER JOIN (
    SELECT agency, region_code, toUInt16(year + 1) AS y, col AS item, sum(ifNull(value, 0)) AS expected
    FROM govreports.cells_current
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
    FROM govreports.cells_current
    WHERE section = 'active' AND row IN ('rules', 'normative_docs') AND agency != ''
    GROUP BY agency, region_code, y, item
    HAVING countIf(col = 'in_force') > 0
) AS cur
GLOBAL ANY INNER JOIN (
    SELECT agency, region_code, toUInt16(year + 1) AS y, row AS item,
           sumIf(ifNull(value, 0), col = 'in_force') AS prev_in_force
    FROM govreports.cells_current
    WHERE section = 'active' AND row IN ('rules', 'normative_docs') AND agency != ''
    GROUP BY agency, region_code, y, item
    HAVING countIf(col = 'in_force') > 0
) AS prev USING (agency, region_code, y, item);
