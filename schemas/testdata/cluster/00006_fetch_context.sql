-- 00006_fetch_context.sql rendered for cluster reports_cluster, database govreports (made by TestClusterGolden).

-- step: per shard
ALTER TABLE govreports.fetches_local ADD COLUMN kind String, ADD COLUMN referrer String, ADD COLUMN depth UInt16, ADD COLUMN is_report UInt8;
-- skipped where: SELECT count() = 4 FROM system.columns WHERE database = 'govreports' AND table = 'fetches_local' AND name IN ('kind', 'referrer', 'depth', 'is_report')

-- step: per node
ALTER TABLE govreports.fetches ADD COLUMN kind String, ADD COLUMN referrer String, ADD COLUMN depth UInt16, ADD COLUMN is_report UInt8;
-- skipped where: SELECT count() = 4 FROM system.columns WHERE database = 'govreports' AND table = 'fetches' AND name IN ('kind', 'referrer', 'depth', 'is_report')
