-- objectstore-service: schema "objectstore". The TX history is the shared operation log's stream
-- 'tx' in this schema (hseq = its sequence); see classpath:db/quintet-oplog.

-- Every model ever used (2.14); exactly one is current.
CREATE TABLE schema_versions (
    version_id       serial      PRIMARY KEY,
    created_at       timestamptz NOT NULL DEFAULT now(),
    source           text        NOT NULL,
    model_json       text        NOT NULL,
    model_size_bytes integer     NOT NULL,
    base_hash        char(32)    NOT NULL,
    full_hash        char(32)    NOT NULL UNIQUE,
    clients_allowed  boolean     NOT NULL DEFAULT true,
    is_current       boolean     NOT NULL DEFAULT false
);
CREATE UNIQUE INDEX schema_versions_one_current ON schema_versions (is_current) WHERE is_current;

-- Per resolved version / unknown hash pair: how many logins presented it (Client Schema view).
CREATE TABLE client_schema_hashes (
    base_hash  char(32) NOT NULL,
    full_hash  char(32) NOT NULL,
    version_id integer,
    logins     bigint   NOT NULL DEFAULT 0,
    PRIMARY KEY (base_hash, full_hash)
);

-- The history lineage (epoch) and how far the history has been pruned.
CREATE TABLE server_state (
    id             integer  PRIMARY KEY CHECK (id = 1),
    epoch          char(32) NOT NULL,
    pruned_through bigint   NOT NULL DEFAULT 0
);

-- The authoritative copy of every sync type: one row per object, addressed by its GID (3.4).
CREATE TABLE objects (
    type_uid bigint NOT NULL,
    gid      text   NOT NULL,
    props    jsonb  NOT NULL,
    PRIMARY KEY (type_uid, gid)
);

-- Many-to-many pairs (2.10).
CREATE TABLE links (
    rel_uid bigint NOT NULL,
    src     text   NOT NULL,
    dst     text   NOT NULL,
    PRIMARY KEY (rel_uid, src, dst)
);
CREATE INDEX links_by_dst ON links (rel_uid, dst);

-- Client positions: the last applied cseq is written in the TX's own transaction (12.8).
CREATE TABLE clients (
    client_id         text        PRIMARY KEY,
    last_applied_cseq bigint      NOT NULL DEFAULT 0,
    filter_signature  text,
    schema_version    integer,
    last_login        timestamptz
);

-- Admin users who may log in as sync clients (4.5).
CREATE TABLE users (
    name          text PRIMARY KEY,
    password_hash text NOT NULL,
    roles         text NOT NULL
);
