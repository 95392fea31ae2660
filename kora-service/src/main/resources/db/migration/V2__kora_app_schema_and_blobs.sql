-- Quintet's own tables next to the reference's (kora.md 12.3, 11.2); the reference keeps the app
-- schema in process memory, here it is stored so every replica materializes the same collections.

-- The app schema (JSON form documented in kora-service/README.md). "revision" grows on every
-- change; appends read it under the delivery_counter lock and reload the schema when it moved.
CREATE TABLE IF NOT EXISTS app_schema (
    id         INTEGER PRIMARY KEY,
    revision   BIGINT NOT NULL,
    schema     TEXT NOT NULL,
    updated_at BIGINT NOT NULL
);

-- Central blob storage: content-addressed chunks (hex SHA-256 of the bytes).
CREATE TABLE IF NOT EXISTS blobs (
    hash       TEXT PRIMARY KEY,
    bytes      BYTEA NOT NULL,
    size       INTEGER NOT NULL,
    created_at BIGINT NOT NULL
);
