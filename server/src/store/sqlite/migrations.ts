/** Applied in order; PRAGMA user_version records how many have run. Never edit one that shipped. */
export const migrations: string[] = [
  `
  CREATE TABLE incidents (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    title       TEXT    NOT NULL,
    severity    TEXT    NOT NULL,
    status      TEXT    NOT NULL,
    time_zone   TEXT    NOT NULL,
    simulated   INTEGER NOT NULL DEFAULT 0,
    version     INTEGER NOT NULL DEFAULT 1,
    created_at  TEXT    NOT NULL,
    updated_at  TEXT    NOT NULL
  );
  CREATE TABLE entries (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    incident_id INTEGER NOT NULL REFERENCES incidents(id),
    kind        TEXT    NOT NULL,
    text        TEXT    NOT NULL,
    component   TEXT,
    author      TEXT    NOT NULL,
    created_at  TEXT    NOT NULL,
    client_id   TEXT,
    simulated   INTEGER NOT NULL DEFAULT 0
  );
  CREATE INDEX entries_by_incident ON entries (incident_id, id);
  CREATE UNIQUE INDEX entries_by_client_id ON entries (incident_id, client_id) WHERE client_id IS NOT NULL;
  `,
  `
  ALTER TABLE incidents ADD COLUMN drill_scenario TEXT;
  ALTER TABLE incidents ADD COLUMN drill_speed    REAL;
  ALTER TABLE incidents ADD COLUMN sources        TEXT; -- JSON array of source ids; NULL follows all
  CREATE TABLE samples (
    scope   TEXT    NOT NULL,
    metric  TEXT    NOT NULL,
    source  TEXT    NOT NULL, -- the feed source that wrote it: a script's metric is recreated on restore
    at      INTEGER NOT NULL,
    value   REAL    NOT NULL,
    PRIMARY KEY (scope, metric, at)
  ) WITHOUT ROWID;
  CREATE INDEX samples_by_time ON samples (at);
  `,
  `
  ALTER TABLE entries ADD COLUMN on_behalf_of TEXT;
  CREATE TABLE tokens (
    id            TEXT PRIMARY KEY,
    name          TEXT NOT NULL,
    role          TEXT NOT NULL,
    source        TEXT,
    hash          TEXT NOT NULL UNIQUE, -- SHA-256 of the secret: the secret itself is never stored
    created_at    TEXT NOT NULL,
    created_by    TEXT NOT NULL,
    expires_at    TEXT,
    revoked_at    TEXT,
    first_used_at TEXT
  );
  CREATE TABLE sessions (
    hash       TEXT PRIMARY KEY,          -- SHA-256 of the cookie's value
    token_id   TEXT NOT NULL REFERENCES tokens(id),
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL
  );
  CREATE TABLE audit (
    id        INTEGER PRIMARY KEY AUTOINCREMENT,
    at        TEXT NOT NULL,
    kind      TEXT NOT NULL,
    token_id  TEXT,
    name      TEXT,
    role      TEXT,
    target    TEXT NOT NULL,
    detail    TEXT NOT NULL
  );
  `,
];
