-- App bundles (synkronus.md 10), in PostgreSQL so every replica serves the same versions:
-- one row per version (its generated APP_INFO.json), its files (the extracted ones, APP_INFO.json
-- and the uploaded bundle.zip), and the active version (the reference's CURRENT_VERSION file).
CREATE TABLE app_bundle_versions (
    version    varchar(16) PRIMARY KEY,
    app_info   text        NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE app_bundle_files (
    version  varchar(16)  NOT NULL REFERENCES app_bundle_versions (version) ON DELETE CASCADE,
    path     varchar(1024) NOT NULL,
    size     bigint       NOT NULL,
    sha256   char(64)     NOT NULL,
    mod_time timestamptz  NOT NULL DEFAULT now(),
    content  bytea        NOT NULL,
    PRIMARY KEY (version, path)
);

CREATE TABLE app_bundle_state (
    id          integer     PRIMARY KEY DEFAULT 1 CHECK (id = 1),
    active      varchar(16) NULL,
    switched_at timestamptz NOT NULL DEFAULT date_trunc('second', now())
);
INSERT INTO app_bundle_state (id) VALUES (1);
