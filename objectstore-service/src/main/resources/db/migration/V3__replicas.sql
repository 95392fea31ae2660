-- Replicas of the service on this database (section 9 read as replicas, 6.1 "Sync cluster"): each
-- replica upserts its own row every few seconds; the holder of the cluster lease (a PostgreSQL
-- advisory lock) says so in its row and removes rows that have not been seen for a day.
CREATE TABLE replicas (
    replica_id        text        PRIMARY KEY,
    host              text        NOT NULL,
    http_port         integer     NOT NULL,
    pid               bigint      NOT NULL,
    server_version    text        NOT NULL,
    started_at        timestamptz NOT NULL,
    last_seen         timestamptz NOT NULL,
    role              text        NOT NULL,
    fixed_follower    boolean     NOT NULL DEFAULT false,
    fixed_leader      boolean     NOT NULL DEFAULT false,
    connected_clients integer     NOT NULL DEFAULT 0,
    logged_in_clients integer     NOT NULL DEFAULT 0,
    history_head      bigint      NOT NULL DEFAULT 0
);
