-- The outbox also holds the notice that a group was taken off the line
-- (kind 'ended'). SQLite cannot change a CHECK: the table is rebuilt,
-- its rows and ids kept.
CREATE TABLE outbox_new (
    id              INTEGER PRIMARY KEY,
    key             TEXT    NOT NULL UNIQUE,
    kind            TEXT    NOT NULL CHECK (kind IN ('reminder', 'cancellation', 'waitlist', 'ended')),
    subscription_id INTEGER REFERENCES subscriptions (id) ON DELETE CASCADE,
    waitlist_id     INTEGER REFERENCES waitlist (id) ON DELETE CASCADE,
    member_id       INTEGER NOT NULL REFERENCES members (id) ON DELETE CASCADE,
    group_id        INTEGER NOT NULL REFERENCES groups (id) ON DELETE CASCADE,
    channel         TEXT    NOT NULL CHECK (channel IN ('sms', 'call')),
    lang            TEXT    NOT NULL,
    meeting_at      TEXT    NOT NULL DEFAULT '', -- UTC; '' for a wait-list note or an 'ended' notice
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
    updated_at      TEXT    NOT NULL
);
INSERT INTO outbox_new SELECT id, key, kind, subscription_id, waitlist_id, member_id, group_id, channel, lang, meeting_at,
    lead_seconds, due_at, state, attempts, next_try_at, sid, delivery, error, created_at, updated_at FROM outbox;
DROP TABLE outbox;
ALTER TABLE outbox_new RENAME TO outbox;
CREATE INDEX outbox_due ON outbox (state, due_at);
CREATE UNIQUE INDEX outbox_sid ON outbox (sid) WHERE sid IS NOT NULL;
CREATE INDEX outbox_member ON outbox (member_id);
