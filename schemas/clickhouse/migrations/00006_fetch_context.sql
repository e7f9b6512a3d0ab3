-- 00006_fetch_context.sql — what each fetch was for and where it was found, so a data team can
-- ask the crawl log questions such as "which reports exist only as an attachment?" (an
-- attachment whose referrer has no reports row) or "which report pages were cut off?"
--   kind       page | attachment | robots
--   referrer   the page that linked the URL ('' for start URLs and robots.txt)
--   depth      link hops from a start URL
--   is_report  1 when the page was recognised as a report (title and the form's labels)
-- Rows loaded before this migration read kind '', referrer '', depth 0, is_report 0.

-- +goose NO TRANSACTION
-- +goose Up
ALTER TABLE fetches ADD COLUMN kind String, ADD COLUMN referrer String, ADD COLUMN depth UInt16, ADD COLUMN is_report UInt8;

-- +goose Down
ALTER TABLE fetches DROP COLUMN kind, DROP COLUMN referrer, DROP COLUMN depth, DROP COLUMN is_report;
