-- Everything the line sends on its own: meeting reminders, cancellation
-- notices, "a group has started" notes for the wait list. One row per
-- message, keyed so that any number of scans, restarts or processes make
-- one row: the key is (subscription, meeting, lead) for a reminder.
CREATE TABLE outbox (
    id              INTEGER PRIMARY KEY,
    key             TEXT    NOT NULL UNIQUE,
    kind            TEXT    NOT NULL CHECK (kind IN ('reminder', 'cancellation', 'waitlist')),
    subscription_id INTEGER REFERENCES subscriptions (id) ON DELETE CASCADE,
    waitlist_id     INTEGER REFERENCES waitlist (id) ON DELETE CASCADE,
    member_id       INTEGER NOT NULL REFERENCES members (id) ON DELETE CASCADE,
    group_id        INTEGER NOT NULL REFERENCES groups (id) ON DELETE CASCADE,
    channel         TEXT    NOT NULL CHECK (channel IN ('sms', 'call')),
    lang            TEXT    NOT NULL,
    meeting_at      TEXT    NOT NULL DEFAULT '', -- UTC; '' for a wait-list note
    lead_seconds    INTEGER NOT NULL DEFAULT 0,
    due_at          TEXT    NOT NULL,
    -- pending -> sending -> sent | failed | skipped; a row found still
    -- 'sending' after a crash becomes 'unknown' and is never sent again.
    state           TEXT    NOT NULL DEFAULT 'pending'
        CHECK (state IN ('pending', 'sending', 'sent', 'failed', 'skipped', 'unknown')),
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_try_at     TEXT    NOT NULL DEFAULT '',
    sid             TEXT,               -- Twilio's, once sent
    delivery        TEXT    NOT NULL DEFAULT '', -- the latest status Twilio called back with
    error           TEXT    NOT NULL DEFAULT '',
    created_at      TEXT    NOT NULL,
    updated_at      TEXT    NOT NULL
);
CREATE INDEX outbox_due ON outbox (state, due_at);
CREATE UNIQUE INDEX outbox_sid ON outbox (sid) WHERE sid IS NOT NULL;
CREATE INDEX outbox_member ON outbox (member_id);

-- A meeting that will not take place: its members are told instead of reminded.
CREATE TABLE cancellations (
    group_id   INTEGER NOT NULL REFERENCES groups (id) ON DELETE CASCADE,
    day        TEXT    NOT NULL, -- the meeting's local date, YYYY-MM-DD
    created_at TEXT    NOT NULL,
    PRIMARY KEY (group_id, day)
) WITHOUT ROWID;
