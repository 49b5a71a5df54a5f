-- Issue 14: listings that are checked. Each ask is one text or call to a
-- group's leader or contact ("is it still meeting as listed?"); the
-- number is kept only while an answer is awaited, then cleared.
CREATE TABLE listing_asks (
    id          INTEGER PRIMARY KEY,
    group_id    INTEGER NOT NULL REFERENCES groups (id) ON DELETE CASCADE,
    role        TEXT    NOT NULL,  -- 'leader' or 'contact'
    number      TEXT,              -- while an answer is awaited
    channel     TEXT    NOT NULL,  -- 'sms' or 'call'
    lang        TEXT    NOT NULL,
    asked_at    TEXT    NOT NULL,
    answer      TEXT    NOT NULL DEFAULT '',  -- '', 'yes' or 'changed'
    answered_at TEXT
);
CREATE INDEX listing_asks_group ON listing_asks (group_id, asked_at);
CREATE INDEX listing_asks_number ON listing_asks (number);

-- The staff's list: listings whose group said they changed, or that no
-- one answered three asks about.
CREATE TABLE listing_flags (
    id          INTEGER PRIMARY KEY,
    group_id    INTEGER NOT NULL REFERENCES groups (id) ON DELETE CASCADE,
    reason      TEXT    NOT NULL,  -- 'changed' or 'no answer'
    role        TEXT    NOT NULL,  -- who answered, or was asked: 'leader' or 'contact'
    flagged_at  TEXT    NOT NULL,
    resolved_at TEXT,
    resolved_by TEXT    NOT NULL DEFAULT ''
);
CREATE INDEX listing_flags_group ON listing_flags (group_id);

-- A confirmation changes what the line says of a group ("last confirmed
-- in ..."), so it moves the directory's version like a change to groups.
CREATE TRIGGER listing_checks_insert AFTER INSERT ON listing_checks BEGIN
    UPDATE directory_version SET version = version + 1;
END;
CREATE TRIGGER listing_checks_update AFTER UPDATE ON listing_checks BEGIN
    UPDATE directory_version SET version = version + 1;
END;
