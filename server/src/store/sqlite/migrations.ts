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
  `
  -- The timeline as the commander's instrument: occurred time apart from logged time (created_at),
  -- versions with every superseded one kept, retractions, pins, actions, decision evidence.
  ALTER TABLE entries ADD COLUMN occurred_at  TEXT;
  UPDATE entries SET occurred_at = created_at;
  ALTER TABLE entries ADD COLUMN version      INTEGER NOT NULL DEFAULT 1;
  ALTER TABLE entries ADD COLUMN change       TEXT    NOT NULL DEFAULT 'posted'; -- how this version came about
  ALTER TABLE entries ADD COLUMN revised_by   TEXT;
  ALTER TABLE entries ADD COLUMN revised_at   TEXT;
  ALTER TABLE entries ADD COLUMN retracted    TEXT;  -- JSON {reason, by, at}
  ALTER TABLE entries ADD COLUMN pinned       INTEGER NOT NULL DEFAULT 0;
  ALTER TABLE entries ADD COLUMN action       TEXT;  -- JSON {owner, due, done}
  ALTER TABLE entries ADD COLUMN evidence     TEXT;  -- JSON, frozen when a decision is logged
  CREATE INDEX entries_by_time ON entries (incident_id, occurred_at, id);
  CREATE INDEX entries_pinned ON entries (incident_id, occurred_at, id) WHERE pinned = 1;
  CREATE TABLE entry_revisions (
    entry_id    INTEGER NOT NULL REFERENCES entries(id),
    version     INTEGER NOT NULL,
    change      TEXT    NOT NULL,
    by          TEXT    NOT NULL,
    at          TEXT    NOT NULL,
    text        TEXT    NOT NULL,
    kind        TEXT    NOT NULL,
    component   TEXT,
    occurred_at TEXT    NOT NULL,
    action      TEXT,
    retracted   TEXT,
    PRIMARY KEY (entry_id, version)
  ) WITHOUT ROWID;
  -- Full-text search over each entry's current text, kept in step by triggers.
  CREATE VIRTUAL TABLE entries_fts USING fts5(text, content='entries', content_rowid='id', tokenize='unicode61 remove_diacritics 2');
  INSERT INTO entries_fts(entries_fts) VALUES ('rebuild');
  CREATE TRIGGER entries_fts_insert AFTER INSERT ON entries BEGIN
    INSERT INTO entries_fts(rowid, text) VALUES (new.id, new.text);
  END;
  CREATE TRIGGER entries_fts_update AFTER UPDATE OF text ON entries BEGIN
    INSERT INTO entries_fts(entries_fts, rowid, text) VALUES ('delete', old.id, old.text);
    INSERT INTO entries_fts(rowid, text) VALUES (new.id, new.text);
  END;
  ALTER TABLE incidents ADD COLUMN commander  TEXT;
  ALTER TABLE incidents ADD COLUMN scribe     TEXT;
  ALTER TABLE incidents ADD COLUMN comms_lead TEXT;
  `,
  `
  -- Customer impact and public communication (issue 14): the board's cells with every change
  -- kept, public updates (drafts and published), post-mortem action items, the outgoing
  -- webhook's deliveries, and the metric summary an imported incident brought with it.
  ALTER TABLE incidents ADD COLUMN webhook TEXT;
  CREATE TABLE impact_cells (
    incident_id INTEGER NOT NULL REFERENCES incidents(id),
    product     TEXT    NOT NULL,
    zone        TEXT    NOT NULL,
    status      TEXT    NOT NULL,
    description TEXT    NOT NULL,
    since       TEXT    NOT NULL,
    set_by      TEXT    NOT NULL,
    set_at      TEXT    NOT NULL,
    version     INTEGER NOT NULL,
    PRIMARY KEY (incident_id, product, zone)
  ) WITHOUT ROWID;
  CREATE TABLE impact_changes (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    incident_id INTEGER NOT NULL REFERENCES incidents(id),
    product     TEXT    NOT NULL,
    zone        TEXT    NOT NULL,
    status      TEXT    NOT NULL,
    description TEXT    NOT NULL,
    set_by      TEXT    NOT NULL,
    set_at      TEXT    NOT NULL
  );
  CREATE INDEX impact_changes_by_incident ON impact_changes (incident_id, id);
  CREATE TABLE public_updates (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    incident_id  INTEGER NOT NULL REFERENCES incidents(id),
    state        TEXT    NOT NULL,
    status       TEXT    NOT NULL,
    text         TEXT    NOT NULL,
    author       TEXT    NOT NULL,
    created_at   TEXT    NOT NULL,
    published_at TEXT,
    published_by TEXT,
    impacts      TEXT    NOT NULL,  -- JSON [{product, zone, status}] as declared when published
    version      INTEGER NOT NULL,
    client_id    TEXT               -- the browser's id for it: a retried publish is the same update
  );
  CREATE INDEX public_updates_by_incident ON public_updates (incident_id, id);
  CREATE UNIQUE INDEX public_updates_by_client_id ON public_updates (incident_id, client_id) WHERE client_id IS NOT NULL;
  CREATE TABLE follow_ups (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    incident_id INTEGER NOT NULL REFERENCES incidents(id),
    area        TEXT    NOT NULL,
    title       TEXT    NOT NULL,
    owner       TEXT,
    ref         TEXT,
    done        INTEGER NOT NULL DEFAULT 0,
    created_by  TEXT    NOT NULL,
    created_at  TEXT    NOT NULL,
    version     INTEGER NOT NULL
  );
  CREATE INDEX follow_ups_by_incident ON follow_ups (incident_id, id);
  CREATE TABLE deliveries (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    incident_id     INTEGER NOT NULL REFERENCES incidents(id),
    webhook         TEXT    NOT NULL,
    event           TEXT    NOT NULL,
    payload         TEXT    NOT NULL,  -- the exact body sent, so every retry signs the same bytes
    state           TEXT    NOT NULL,
    attempts        TEXT    NOT NULL,  -- JSON [{at, status, error, durationMs}]
    created_at      TEXT    NOT NULL,
    next_attempt_at TEXT
  );
  CREATE INDEX deliveries_by_incident ON deliveries (incident_id, id);
  CREATE INDEX deliveries_pending ON deliveries (next_attempt_at) WHERE state = 'pending';
  CREATE TABLE imported_metrics (
    incident_id INTEGER PRIMARY KEY REFERENCES incidents(id),
    summary     TEXT    NOT NULL       -- JSON, as the export that was imported carried it
  );
  `,
];
