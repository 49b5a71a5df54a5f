-- Issue 14: a group's leaders. A leader's number may cancel the group's
-- meetings and send its members a note, by text from that number or by
-- calling the line from it and typing the PIN (kept hashed, never
-- shown again). Wrong PINs are counted across calls and servers: three
-- in a row lock the number out for a while (locked_until).
CREATE TABLE leaders (
    id           INTEGER PRIMARY KEY,
    group_id     INTEGER NOT NULL REFERENCES groups (id) ON DELETE CASCADE,
    number       TEXT    NOT NULL, -- E.164
    pin_hash     TEXT    NOT NULL, -- directory.HashPIN: argon2id, never the PIN
    pin_failures INTEGER NOT NULL DEFAULT 0,
    locked_until TEXT    NOT NULL DEFAULT '',
    added_at     TEXT    NOT NULL,
    UNIQUE (group_id, number)
);
CREATE INDEX leaders_number ON leaders (number);

-- A meeting has one note at most.
CREATE UNIQUE INDEX notes_meeting ON notes (group_id, meeting_at);
