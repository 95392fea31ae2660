-- KOSync accounts, positions and the optional push history (schema kosync).

-- The account key is what KOReader sends (the MD5 of the typed password); only a bcrypt hash of it
-- is stored. Names are compared byte for byte: the default collation is deterministic, so
-- 'Alice' and 'alice' are two accounts.
CREATE TABLE users (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    username   text        NOT NULL UNIQUE,
    key_hash   text        NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
);

-- One position per (account, document): a push overwrites it, last committed write wins.
-- pushed_at is the server's Unix time in seconds, the protocol's "timestamp".
CREATE TABLE progress (
    user_id    bigint           NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    document   text             NOT NULL,
    percentage double precision NOT NULL,
    progress   text             NOT NULL,
    device     text             NOT NULL,
    device_id  text,
    pushed_at  bigint           NOT NULL,
    PRIMARY KEY (user_id, document)
);

-- Every accepted push when store_history is on (KOsync's option), oldest first by id.
CREATE TABLE progress_history (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id    bigint           NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    document   text             NOT NULL,
    percentage double precision NOT NULL,
    progress   text             NOT NULL,
    device     text             NOT NULL,
    device_id  text,
    pushed_at  bigint           NOT NULL
);

CREATE INDEX progress_history_by_document ON progress_history (user_id, document, id);
