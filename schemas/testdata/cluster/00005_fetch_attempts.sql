-- 00005_fetch_attempts.sql rendered for cluster reports_cluster, database govreports (made by TestClusterGolden).

-- step: per shard
ALTER TABLE govreports.fetches_local ADD COLUMN attempt UInt16, MODIFY ORDER BY (host, url, fetched_at, attempt);
-- skipped where: SELECT count() = 1 FROM system.columns WHERE database = 'govreports' AND table = 'fetches_local' AND name IN ('attempt')

-- step: per node
ALTER TABLE govreports.fetches ADD COLUMN attempt UInt16;
-- skipped where: SELECT count() = 1 FROM system.columns WHERE database = 'govreports' AND table = 'fetches' AND name IN ('attempt')
