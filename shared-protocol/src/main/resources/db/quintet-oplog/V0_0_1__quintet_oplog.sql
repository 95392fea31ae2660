-- Quintet operation log (shared-protocol). Created in the owning service's own schema: add
-- classpath:db/quintet-oplog to that service's Flyway locations.

-- One row per stream. Appends take this row's lock for the rest of their transaction, so
-- sequence order equals commit (visibility) order and a reader of "since N" never skips a row.
CREATE TABLE oplog_head (
    stream text PRIMARY KEY,
    head   bigint NOT NULL
);

CREATE TABLE oplog (
    stream      text        NOT NULL,
    seq         bigint      NOT NULL,
    op_id       text        NOT NULL,
    payload     jsonb       NOT NULL,
    recorded_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (stream, seq),
    UNIQUE (stream, op_id)
);
