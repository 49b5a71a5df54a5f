-- Issue 14: the outbox also carries a leader's note to a group's members
-- (kind 'note', its words in notes) and staff's invitation to people
-- waiting for a group to help start one (kind 'invite'). SQLite cannot
-- change a CHECK: the table is rebuilt, its rows and ids kept.
CREATE TABLE notes (
    id         INTEGER PRIMARY KEY,
    group_id   INTEGER NOT NULL REFERENCES groups (id) ON DELETE CASCADE,
    body       TEXT    NOT NULL,
    meeting_at TEXT    NOT NULL, -- UTC: the meeting the note comes before
    sent_by    TEXT    NOT NULL, -- who sent it, as the audit log names them (never a number)
    created_at TEXT    NOT NULL
);
CREATE INDEX notes_group ON notes (group_id);

CREATE TABLE outbox_new (
    id              INTEGER PRIMARY KEY,
    key             TEXT    NOT NULL UNIQUE,
    kind            TEXT    NOT NULL CHECK (kind IN ('reminder', 'cancellation', 'waitlist', 'ended', 'note', 'invite')),
    subscription_id INTEGER REFERENCES subscriptions (id) ON DELETE CASCADE,
    waitlist_id     INTEGER REFERENCES waitlist (id) ON DELETE CASCADE,
    member_id       INTEGER NOT NULL REFERENCES members (id) ON DELETE CASCADE,
    group_id        INTEGER NOT NULL REFERENCES groups (id) ON DELETE CASCADE,
    channel         TEXT    NOT NULL CHECK (channel IN ('sms', 'call')),
    lang            TEXT    NOT NULL,
    meeting_at      TEXT    NOT NULL DEFAULT '',
    lead_seconds    INTEGER NOT NULL DEFAULT 0,
    due_at          TEXT    NOT NULL,
    state           TEXT    NOT NULL DEFAULT 'pending'
        CHECK (state IN ('pending', 'sending', 'sent', 'failed', 'skipped', 'unknown')),
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_try_at     TEXT    NOT NULL DEFAULT '',
    sid             TEXT,
    delivery        TEXT    NOT NULL DEFAULT '',
    error           TEXT    NOT NULL DEFAULT '',
    created_at      TEXT    NOT NULL,
    updated_at      TEXT    NOT NULL,
    note_id         INTEGER REFERENCES notes (id) ON DELETE CASCADE
);
INSERT INTO outbox_new SELECT id, key, kind, subscription_id, waitlist_id, member_id, group_id, channel, lang, meeting_at,
    lead_seconds, due_at, state, attempts, next_try_at, sid, delivery, error, created_at, updated_at, NULL FROM outbox;
DROP TABLE outbox;
ALTER TABLE outbox_new RENAME TO outbox;
CREATE INDEX outbox_due ON outbox (state, due_at);
CREATE UNIQUE INDEX outbox_sid ON outbox (sid) WHERE sid IS NOT NULL;
CREATE INDEX outbox_member ON outbox (member_id);
CREATE INDEX outbox_note ON outbox (note_id);
