-- The Kora reference server's PostgreSQL operation log (kora.md section 12.2), verbatim: same
-- table, column and index names and types, so a database written by the Node server can be
-- served by this service and the other way round. Idempotent (IF NOT EXISTS) because Flyway
-- baselines an existing reference schema below this version and then runs it over it.

CREATE TABLE IF NOT EXISTS operations (
    id                TEXT PRIMARY KEY,
    node_id           TEXT NOT NULL,
    type              TEXT NOT NULL,
    collection        TEXT NOT NULL,
    record_id         TEXT NOT NULL,
    data              TEXT,
    previous_data     TEXT,
    atomic_ops        TEXT,
    wall_time         BIGINT NOT NULL,
    logical           INTEGER NOT NULL,
    timestamp_node_id TEXT NOT NULL,
    sequence_number   INTEGER NOT NULL,
    causal_deps       TEXT NOT NULL DEFAULT '[]',
    schema_version    INTEGER NOT NULL,
    received_at       BIGINT NOT NULL
);

-- atomic_ops is column 8 as in the reference's create, so positional SQL (SELECT *, COPY without a
-- column list) sees the reference's layout; older databases (theirs or ours) get it added last
-- (checked first rather than ADD COLUMN IF NOT EXISTS, whose notice Flyway logs as a warning).
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM information_schema.columns
                   WHERE table_schema = current_schema() AND table_name = 'operations' AND column_name = 'atomic_ops') THEN
        ALTER TABLE operations ADD COLUMN atomic_ops TEXT;
    END IF;
END $$;
ALTER TABLE operations ADD COLUMN IF NOT EXISTS delivery_seq BIGINT;

CREATE INDEX IF NOT EXISTS idx_node_seq ON operations (node_id, sequence_number);
CREATE INDEX IF NOT EXISTS idx_collection ON operations (collection);
CREATE INDEX IF NOT EXISTS idx_received ON operations (received_at);
CREATE INDEX IF NOT EXISTS idx_delivery_seq ON operations (delivery_seq);
CREATE INDEX IF NOT EXISTS idx_collection_record ON operations (collection, record_id);

CREATE TABLE IF NOT EXISTS sync_state (
    node_id             TEXT PRIMARY KEY,
    max_sequence_number INTEGER NOT NULL,
    last_seen_at        BIGINT NOT NULL
);

CREATE TABLE IF NOT EXISTS delivery_counter (
    id    INTEGER PRIMARY KEY,
    value BIGINT NOT NULL
);

INSERT INTO delivery_counter (id, value) VALUES (1, 0) ON CONFLICT (id) DO NOTHING;

-- Rows an older reference server stored before delivery sequences existed are numbered after the
-- current maximum, in (received_at, sequence_number, id) order, as the reference does at start.
WITH base AS (
    SELECT COALESCE(MAX(delivery_seq), 0) AS top FROM operations
), numbered AS (
    SELECT id, ROW_NUMBER() OVER (ORDER BY received_at, sequence_number, id) AS n
    FROM operations WHERE delivery_seq IS NULL
)
UPDATE operations o SET delivery_seq = base.top + numbered.n
FROM numbered, base WHERE o.id = numbered.id;

UPDATE delivery_counter
SET value = GREATEST(value, (SELECT COALESCE(MAX(delivery_seq), 0) FROM operations))
WHERE id = 1;
