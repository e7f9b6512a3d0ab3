-- 00005_fetch_attempts.sql — one fetches row per attempt. fetches was keyed by
-- (host, url, fetched_at) with fetched_at in whole seconds (DateTime: 18.16 has no DateTime64),
-- so a 503 and its retry ¾ s later (the default backoff starts at 1 s ± 25 %) had the same key
-- and FINAL kept only one of them: the failure vanished from the crawl log. The attempt number
-- (1 for the first request of a URL) now ends the key. Rows loaded before this migration read 0.
-- MODIFY ORDER BY may only append a column added in the same ALTER, without a default.

-- +goose NO TRANSACTION
-- +goose Up
ALTER TABLE fetches ADD COLUMN attempt UInt16, MODIFY ORDER BY (host, url, fetched_at, attempt);

-- +goose Down
-- ClickHouse cannot take a column out of a sorting key in place; the column stays (rows keep
-- their attempt numbers, which do no harm to a reader of the older schema).
