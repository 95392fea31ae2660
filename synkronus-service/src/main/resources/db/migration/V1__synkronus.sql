-- Synkronus tables (schema synkronus). Table and column names are the reference server's
-- (synkronus.md section 14), so its data maps one to one; the version counter is different: see
-- sync_version below.

CREATE TABLE users (
    id            uuid         PRIMARY KEY,
    username      varchar(255) NOT NULL UNIQUE,
    password_hash varchar(255) NOT NULL,
    role          varchar(50)  NOT NULL,
    created_at    timestamp    NOT NULL,
    updated_at    timestamp    NOT NULL
);

-- One row. The counter itself is the shared operation log's head of stream 'g<generation>':
-- every observation write and attachment operation appends to it in its own transaction, whose
-- head-row lock lasts until commit, so versions are handed out in commit order and a reader that
-- has seen version N never finds a smaller one appear later. current_version = version_base + head.
-- A hard reset starts a new generation (a new stream, head 0) with version_base 1; an import of a
-- reference database raises version_base so that imported versions stay below current_version.
CREATE TABLE sync_version (
    id                    integer      PRIMARY KEY DEFAULT 1 CONSTRAINT single_row CHECK (id = 1),
    version_base          bigint       NOT NULL DEFAULT 1,
    updated_at            timestamptz  NOT NULL DEFAULT now(),
    repository_generation bigint       NOT NULL DEFAULT 1,
    last_reset_at         timestamptz  NULL,
    last_reset_by         varchar(255) NULL
);
INSERT INTO sync_version (id) VALUES (1);

CREATE TABLE observations (
    observation_id varchar(255) PRIMARY KEY,
    form_type      varchar(255) NOT NULL,
    form_version   varchar(50)  NOT NULL,
    data           jsonb        NOT NULL,
    created_at     timestamptz  NOT NULL DEFAULT now(),
    updated_at     timestamptz  NOT NULL DEFAULT now(),
    synced_at      timestamptz  NULL,
    deleted        boolean      NOT NULL DEFAULT false,
    version        bigint       NOT NULL,
    geolocation    jsonb        NULL,
    author         text         NULL,
    device_id      text         NULL,
    tags           text[]       NULL
);
CREATE INDEX idx_observations_version ON observations (version, observation_id);
CREATE INDEX idx_observations_form_type ON observations (form_type);
CREATE INDEX idx_observations_created_at_live ON observations (created_at) WHERE deleted = false;

CREATE TABLE attachment_operations (
    id            serial       PRIMARY KEY,
    attachment_id varchar(255) NOT NULL,
    operation     varchar(10)  NOT NULL CHECK (operation IN ('create', 'update', 'delete')),
    client_id     varchar(255) NULL,
    version       bigint       NOT NULL,
    size          integer      NULL,
    content_type  varchar(255) NULL,
    created_at    timestamptz  NOT NULL DEFAULT now()
);
CREATE INDEX idx_attachment_operations_version ON attachment_operations (version);
CREATE INDEX idx_attachment_operations_attachment_id ON attachment_operations (attachment_id, version DESC);

-- Attachment content when stored in PostgreSQL (the default blob store): one row per stored
-- object (the served file, and the original where image processing kept one), content in chunks.
-- An object's row is inserted after all its chunks, in the same transaction.
CREATE TABLE attachment_blobs (
    blob_key     varchar(600) PRIMARY KEY,
    size         bigint       NOT NULL,
    created_at   timestamptz  NOT NULL DEFAULT now()
);
CREATE TABLE attachment_chunks (
    blob_key varchar(600) NOT NULL,
    seq      integer      NOT NULL,
    data     bytea        NOT NULL,
    PRIMARY KEY (blob_key, seq)
);

CREATE TABLE user_client_presence (
    username           varchar(255) NOT NULL REFERENCES users (username) ON DELETE CASCADE ON UPDATE CASCADE,
    client_id          text         NOT NULL DEFAULT '',
    last_seen_at       timestamptz  NOT NULL,
    last_data_version  bigint       NULL,
    app_bundle_version text         NULL,
    last_ode_version   text         NULL,
    PRIMARY KEY (username, client_id)
);
CREATE INDEX idx_user_client_presence_last_seen ON user_client_presence (username, last_seen_at DESC);
