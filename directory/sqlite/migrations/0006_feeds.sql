-- Feeds the line carries (peerline feeds), and the groups each is the
-- authority for: a sync takes off the line the groups its feed no longer
-- lists.
ALTER TABLE groups ADD COLUMN source TEXT NOT NULL DEFAULT '';
CREATE INDEX groups_source ON groups (source) WHERE source != '';

CREATE TABLE feeds (
    url       TEXT PRIMARY KEY,
    concern   TEXT NOT NULL,
    zone      TEXT NOT NULL,
    added_at  TEXT NOT NULL,
    synced_at TEXT NOT NULL DEFAULT '',  -- the last sync that read it whole
    hash      TEXT NOT NULL DEFAULT '',  -- of what it read: unchanged, nothing is written
    failed_at TEXT NOT NULL DEFAULT '',
    problem   TEXT NOT NULL DEFAULT ''
);

-- Every sync that changed something or failed, for the report.
CREATE TABLE feed_syncs (
    id        INTEGER PRIMARY KEY,
    url       TEXT    NOT NULL,
    at        TEXT    NOT NULL,
    added     INTEGER NOT NULL,
    changed   INTEGER NOT NULL,
    taken_off INTEGER NOT NULL,
    unchanged INTEGER NOT NULL,
    problem   TEXT    NOT NULL
);
CREATE INDEX feed_syncs_at ON feed_syncs (at);

-- The concern staff chose for a word of imported data the vocabulary
-- does not know (peerline terms), by normalized word.
CREATE TABLE term_mappings (
    term    TEXT PRIMARY KEY,
    concern TEXT NOT NULL,
    set_at  TEXT NOT NULL
);
