-- Admin surface (sections 6 and 7.2): login sessions and persistent log events.

-- Admin API sessions (6.2: POST /api/v2/sessions); only a SHA-256 of the token is stored.
CREATE TABLE admin_sessions (
    token_sha256 char(64)    PRIMARY KEY,
    username     text        NOT NULL REFERENCES users (name) ON DELETE CASCADE,
    created_at   timestamptz NOT NULL DEFAULT now(),
    expires_at   timestamptz NOT NULL
);
CREATE INDEX admin_sessions_expiry ON admin_sessions (expires_at);

-- Log events (7.2, fields of 6.1). Repeated similar events (same merge_key within the merge window)
-- are one row with repeat_count and the time of the last occurrence.
CREATE TABLE log_events (
    id             uuid        PRIMARY KEY,
    ts_ns          bigint      NOT NULL,
    last_ts_ns     bigint      NOT NULL,
    repeat_count   integer     NOT NULL DEFAULT 1,
    type           text        NOT NULL,
    message        text        NOT NULL,
    component      text        NOT NULL,
    peer_id        text,
    thread         text,
    subject        text,
    stack_trace    text,
    parent_id      uuid,
    client_id      text,
    extra          text        NOT NULL DEFAULT '{}',
    server_version text        NOT NULL,
    merge_key      text        NOT NULL
);
CREATE INDEX log_events_by_time ON log_events (ts_ns DESC, id);
CREATE INDEX log_events_merge ON log_events (merge_key, last_ts_ns DESC);
