-- Members, their consent, and what they asked the line to do for them.
--
-- A member's phone number, and which groups or concerns it is linked to,
-- is health information: these tables hold the least the line needs to
-- remind people and call them back, and nothing that is not needed.
-- Deleting a member (`peerline member forget`) removes, by cascade, every
-- consent, subscription and wait-list entry of theirs.
--
-- Times are UTC text of one fixed width (2026-11-23T15:00:00.000000000Z),
-- so that comparing and ordering them as strings is comparing and ordering
-- the times.

-- One row per phone number that opted in to something, or said STOP.
CREATE TABLE members (
    id             INTEGER PRIMARY KEY,
    number         TEXT    NOT NULL UNIQUE       -- E.164; the one key a phone gives us
                   CHECK (number GLOB '+[1-9]*'),
    lang           TEXT    NOT NULL DEFAULT 'en' -- the language of their latest opt-in
                   CHECK (lang IN ('en', 'fr')),
    cannot_text_at TEXT,                         -- a text to them failed as not-a-mobile (a landline); NULL = not known to fail
    opted_out_at   TEXT,                         -- they sent STOP: nothing is sent until START; NULL = not opted out
    created_at     TEXT    NOT NULL
);

-- Every opt-in, as it was given: when, on which channel, for what, how the
-- person agreed to be contacted, and the exact words they heard or read.
-- Rows are only ever added (a new opt-in is a new row), so the record
-- answers "what did this person agree to, and when" for any past date.
CREATE TABLE consents (
    id        INTEGER PRIMARY KEY,
    member_id INTEGER NOT NULL REFERENCES members (id) ON DELETE CASCADE,
    at        TEXT    NOT NULL,
    via       TEXT    NOT NULL CHECK (via IN ('voice', 'sms')),             -- the channel the consent was given on
    purpose   TEXT    NOT NULL CHECK (purpose IN ('reminders', 'waitlist')),
    contact   TEXT    NOT NULL CHECK (contact IN ('sms', 'call')),          -- how they agreed to be contacted
    lang      TEXT    NOT NULL CHECK (lang IN ('en', 'fr')),
    wording   TEXT    NOT NULL CHECK (wording <> ''),                       -- the exact prompt or message text
    ref       TEXT    NOT NULL DEFAULT ''                                   -- what it was about: a group code, or concern:area
);
CREATE INDEX consents_member ON consents (member_id, at);

-- A member's reminders for one group: the form the reminder job reads.
-- One row per (member, group): subscribing again re-activates the row,
-- with the channel, language and consent of the new opt-in.
--   state 'active'    = reminders go out
--   state 'stopped'   = the member stopped this subscription (or all of theirs)
--   state 'opted_out' = the member sent STOP; START does not restart it
CREATE TABLE subscriptions (
    id         INTEGER PRIMARY KEY,
    member_id  INTEGER NOT NULL REFERENCES members (id) ON DELETE CASCADE,
    group_id   INTEGER NOT NULL REFERENCES groups (id) ON DELETE CASCADE,
    channel    TEXT    NOT NULL CHECK (channel IN ('sms', 'call')),
    lang       TEXT    NOT NULL CHECK (lang IN ('en', 'fr')),
    state      TEXT    NOT NULL CHECK (state IN ('active', 'stopped', 'opted_out')),
    consent_id INTEGER NOT NULL REFERENCES consents (id), -- the opt-in it rests on
    created_at TEXT    NOT NULL,
    stopped_at TEXT,                                      -- set exactly when not active
    UNIQUE (member_id, group_id),
    CHECK ((state = 'active') = (stopped_at IS NULL))
);
-- The reminder scan reads only active rows, by group.
CREATE INDEX subscriptions_active ON subscriptions (group_id) WHERE state = 'active';
-- Foreign-key children are looked up by parent on delete.
CREATE INDEX subscriptions_group ON subscriptions (group_id);
CREATE INDEX subscriptions_consent ON subscriptions (consent_id);

-- People who asked to be told when a group for their concern starts near
-- them (the search found nothing). An entry is open until closed_at.
CREATE TABLE waitlist (
    id          INTEGER PRIMARY KEY,
    member_id   INTEGER NOT NULL REFERENCES members (id) ON DELETE CASCADE,
    concern     TEXT    NOT NULL CHECK (concern <> ''), -- a concern code
    area        TEXT    NOT NULL CHECK (area <> ''),    -- the complex searched: '705'
    npa         TEXT    NOT NULL,                       -- the area code they called or texted from
    channel     TEXT    NOT NULL CHECK (channel IN ('sms', 'call')),
    lang        TEXT    NOT NULL CHECK (lang IN ('en', 'fr')),
    consent_id  INTEGER NOT NULL REFERENCES consents (id),
    created_at  TEXT    NOT NULL,
    notified_at TEXT,                                   -- when they were told of a group
    closed_at   TEXT                                    -- NULL = open
);
-- At most one open entry per (member, concern, area): asking twice is one wish.
CREATE UNIQUE INDEX waitlist_open ON waitlist (member_id, concern, area) WHERE closed_at IS NULL;
-- When a group starts, find who waits for its concern in its area.
CREATE INDEX waitlist_open_need ON waitlist (concern, area) WHERE closed_at IS NULL;
CREATE INDEX waitlist_consent ON waitlist (consent_id);

-- Messages left on the line; staff listen and call people back. Not tied
-- to members: most callers who leave one are not.
CREATE TABLE voicemails (
    id               INTEGER PRIMARY KEY,
    at               TEXT    NOT NULL,
    caller           TEXT    NOT NULL,  -- E.164, or '' when the caller's number was blocked
    recording_url    TEXT    NOT NULL,
    duration_seconds INTEGER NOT NULL CHECK (duration_seconds >= 0),
    lang             TEXT    NOT NULL CHECK (lang IN ('en', 'fr'))
);
CREATE INDEX voicemails_at ON voicemails (at);
-- Forgetting a number must find its voicemails too.
CREATE INDEX voicemails_caller ON voicemails (caller);

-- The state of one call (keyed by CallSid) or text conversation, so that
-- no server holds it in memory. Short-lived: the retention job deletes
-- rows by updated_at.
CREATE TABLE sessions (
    key        TEXT PRIMARY KEY,
    data       TEXT NOT NULL,
    updated_at TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX sessions_updated ON sessions (updated_at);
