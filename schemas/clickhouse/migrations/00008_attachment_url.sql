-- 00008_attachment_url.sql — a report read from an attachment (a PDF, DOC or DOCX linked from a
-- report page) keeps the page's URL in url and the file's URL here; sha256 is then the file's.
-- Empty for reports read from their page, and for rows loaded before this migration.
-- input_format says what was read: html, text, pdf, docx or doc.

-- +goose NO TRANSACTION
-- +goose Up
ALTER TABLE reports ADD COLUMN attachment_url String;

-- +goose Down
ALTER TABLE reports DROP COLUMN attachment_url;
