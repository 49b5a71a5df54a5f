-- The directory of groups. A group is kept whole as JSON (the Group type),
-- so that what was imported is what is exported; the columns beside it
-- are what the store looks things up by.
CREATE TABLE groups (
    id         INTEGER PRIMARY KEY,
    code       INTEGER NOT NULL UNIQUE,  -- printed on flyers, typed into texts
    source_id  TEXT    NOT NULL UNIQUE,  -- the id in the imported data
    name       TEXT    NOT NULL,
    status     TEXT    NOT NULL,
    data       TEXT    NOT NULL,         -- the Group as JSON
    hash       TEXT    NOT NULL,         -- of data: a re-import of the same row changes nothing
    updated_at TEXT    NOT NULL
);

-- One row for every (concern, place it is offered, way of attending) of an
-- active group: a search is one range scan of the primary key.
--   mode 'local'  = in person; scope is the complex of its meeting place
--   mode 'remote' = telephone or mail; scope is each piece of its service area
--   mode 'online' = online only; scope as for remote
CREATE TABLE group_index (
    concern  TEXT    NOT NULL,
    scope    TEXT    NOT NULL,  -- 'npa:705', 'province:ON', 'country:CA'
    mode     TEXT    NOT NULL,
    group_id INTEGER NOT NULL REFERENCES groups (id) ON DELETE CASCADE,
    code     INTEGER NOT NULL,
    lat      REAL    NOT NULL,
    lon      REAL    NOT NULL,
    french   INTEGER NOT NULL,
    english  INTEGER NOT NULL,
    PRIMARY KEY (concern, scope, mode, group_id)
) WITHOUT ROWID;
CREATE INDEX group_index_group ON group_index (group_id);

-- What people asked for, for the planner's report. Never a phone number.
CREATE TABLE search_log (
    id      INTEGER PRIMARY KEY,
    at      TEXT    NOT NULL,  -- UTC, RFC 3339
    channel TEXT    NOT NULL,  -- voice, sms, cli
    concern TEXT    NOT NULL,  -- a concern code; '' when the words named none
    npa     TEXT    NOT NULL,  -- the area code searched
    area    TEXT    NOT NULL,  -- its complex: '705'
    results INTEGER NOT NULL
);
CREATE INDEX search_log_at ON search_log (at);

-- Bumped by every change to the directory, so that a server's ranking
-- index (search.go) sees an import made by another process at its next
-- search. Triggers, so no writer can forget.
CREATE TABLE directory_version (
    one     INTEGER PRIMARY KEY CHECK (one = 1),
    version INTEGER NOT NULL
);
INSERT INTO directory_version (one, version) VALUES (1, 0);
CREATE TRIGGER groups_inserted AFTER INSERT ON groups BEGIN
    UPDATE directory_version SET version = version + 1;
END;
CREATE TRIGGER groups_updated AFTER UPDATE ON groups BEGIN
    UPDATE directory_version SET version = version + 1;
END;
CREATE TRIGGER groups_deleted AFTER DELETE ON groups BEGIN
    UPDATE directory_version SET version = version + 1;
END;
