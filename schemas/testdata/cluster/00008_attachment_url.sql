-- 00008_attachment_url.sql rendered for cluster reports_cluster, database govreports (made by TestClusterGolden).

-- step: per shard
ALTER TABLE govreports.reports_local ADD COLUMN attachment_url String;
-- skipped where: SELECT count() = 1 FROM system.columns WHERE database = 'govreports' AND table = 'reports_local' AND name IN ('attachment_url')

-- step: per node
ALTER TABLE govreports.reports ADD COLUMN attachment_url String;
-- skipped where: SELECT count() = 1 FROM system.columns WHERE database = 'govreports' AND table = 'reports' AND name IN ('attachment_url')
