-- Issue 14, starting a group. Callers who found nothing and offered to
-- help start a group, for staff to call back: the number only when the
-- caller agreed to be called, with the exact question they agreed to.
CREATE TABLE start_offers (
    id         INTEGER PRIMARY KEY,
    at         TEXT    NOT NULL,
    concern    TEXT    NOT NULL CHECK (concern <> ''), -- a concern code
    area       TEXT    NOT NULL CHECK (area <> ''),    -- a complex key: '705'
    place      TEXT    NOT NULL DEFAULT '',            -- the caller's town, when known
    via        TEXT    NOT NULL CHECK (via IN ('voice', 'sms')),
    lang       TEXT    NOT NULL CHECK (lang IN ('en', 'fr')),
    number     TEXT    NOT NULL DEFAULT '',            -- E.164, or '' without consent to a call back
    wording    TEXT    NOT NULL DEFAULT '',            -- the consent: the exact question agreed to
    handled_at TEXT,
    handled_by TEXT    NOT NULL DEFAULT '',
    note       TEXT    NOT NULL DEFAULT '',
    CHECK (number = '' OR wording <> '')
);
-- Forgetting a number must find its offers.
CREATE INDEX start_offers_number ON start_offers (number);

-- Staff's invitations to people waiting for a group to help start one,
-- and which wait-list entry each went to (one invitation per entry).
CREATE TABLE invitations (
    id         INTEGER PRIMARY KEY,
    concern    TEXT    NOT NULL,
    area       TEXT    NOT NULL,
    place      TEXT    NOT NULL,
    people     INTEGER NOT NULL,
    phone      TEXT    NOT NULL, -- the centre's number, said in the invitation
    sent_by    TEXT    NOT NULL, -- as the audit log names them (never a member's number)
    created_at TEXT    NOT NULL
);
CREATE TABLE invitees (
    waitlist_id   INTEGER PRIMARY KEY REFERENCES waitlist (id) ON DELETE CASCADE,
    invitation_id INTEGER NOT NULL REFERENCES invitations (id) ON DELETE CASCADE
);
CREATE INDEX invitees_invitation ON invitees (invitation_id);

-- An invitation is about no group: the outbox's group_id may be empty.
-- SQLite cannot drop a NOT NULL: the table is rebuilt, its rows and ids kept.
CREATE TABLE outbox_new (
    id              INTEGER PRIMARY KEY,
    key             TEXT    NOT NULL UNIQUE,
    kind            TEXT    NOT NULL CHECK (kind IN ('reminder', 'cancellation', 'waitlist', 'ended', 'note', 'invite')),
    subscription_id INTEGER REFERENCES subscriptions (id) ON DELETE CASCADE,
    waitlist_id     INTEGER REFERENCES waitlist (id) ON DELETE CASCADE,
    member_id       INTEGER NOT NULL REFERENCES members (id) ON DELETE CASCADE,
    group_id        INTEGER REFERENCES groups (id) ON DELETE CASCADE,
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
    note_id         INTEGER REFERENCES notes (id) ON DELETE CASCADE,
    CHECK (group_id IS NOT NULL OR kind = 'invite')
);
INSERT INTO outbox_new SELECT id, key, kind, subscription_id, waitlist_id, member_id, group_id, channel, lang, meeting_at,
    lead_seconds, due_at, state, attempts, next_try_at, sid, delivery, error, created_at, updated_at, note_id FROM outbox;
DROP TABLE outbox;
ALTER TABLE outbox_new RENAME TO outbox;
CREATE INDEX outbox_due ON outbox (state, due_at);
CREATE UNIQUE INDEX outbox_sid ON outbox (sid) WHERE sid IS NOT NULL;
CREATE INDEX outbox_member ON outbox (member_id);
CREATE INDEX outbox_note ON outbox (note_id);
