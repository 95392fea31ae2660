-- Where an attachment object's bytes are when they are not in attachment_chunks: the object name
-- in the S3 bucket (SYNKRONUS_ATTACHMENT_STORE=s3). NULL = the chunks in this database.
ALTER TABLE attachment_blobs ADD COLUMN location text;
