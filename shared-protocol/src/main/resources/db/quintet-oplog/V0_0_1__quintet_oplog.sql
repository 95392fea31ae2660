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

-- The change feed: one notification per stream and statement, carrying only "<stream>:<last seq>".
-- Delivered on commit, so listeners read rows that are already visible.
CREATE FUNCTION oplog_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify(TG_TABLE_SCHEMA || '_oplog', a.stream || ':' || max(a.seq))
       FROM appended a
      GROUP BY a.stream;
    RETURN NULL;
END
$$;

CREATE TRIGGER oplog_notify
    AFTER INSERT ON oplog
    REFERENCING NEW TABLE AS appended
    FOR EACH STATEMENT EXECUTE FUNCTION oplog_notify();
