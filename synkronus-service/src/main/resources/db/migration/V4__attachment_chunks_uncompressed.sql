-- Attachment chunks are stored out of line without compression: attachments are mostly compressed
-- formats already (photos), and a download reads each chunk in slices, which PostgreSQL can fetch
-- without reading the whole chunk only when the value is not compressed.
ALTER TABLE attachment_chunks ALTER COLUMN data SET STORAGE EXTERNAL;
