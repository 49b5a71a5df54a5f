-- Issue 14: helping professionals who may send a group's details to a
-- client's phone (referrers), and each ask sent to a client on their
-- behalf (referrals). The client's YES is a consent record with purpose
-- 'referral' and ref 'referral:<id>'.
CREATE TABLE referrers (
    id       INTEGER PRIMARY KEY,
    number   TEXT    NOT NULL UNIQUE, -- E.164: the phone they text from
    name     TEXT    NOT NULL,        -- as their clients read it; '' names no one
    added_at TEXT    NOT NULL
);

CREATE TABLE referrals (
    id          INTEGER PRIMARY KEY,
    referrer_id INTEGER NOT NULL REFERENCES referrers (id) ON DELETE CASCADE,
    group_id    INTEGER NOT NULL REFERENCES groups (id) ON DELETE CASCADE,
    client      TEXT,                 -- E.164, to match their answer; NULL once retention let it go
    lang        TEXT    NOT NULL CHECK (lang IN ('en', 'fr')),
    state       TEXT    NOT NULL DEFAULT 'asked' CHECK (state IN ('asked', 'accepted', 'declined', 'expired')),
    wording     TEXT    NOT NULL CHECK (wording <> ''), -- exactly the ask the client read
    asked_at    TEXT    NOT NULL,
    answered_at TEXT                  -- or when it was found expired
);
-- One waiting ask per client and group, whichever server takes the text.
CREATE UNIQUE INDEX referrals_waiting ON referrals (client, group_id) WHERE state = 'asked';
CREATE INDEX referrals_referrer ON referrals (referrer_id, asked_at);
CREATE INDEX referrals_group ON referrals (group_id);

-- consents.purpose gains 'referral'. SQLite cannot change a CHECK, so the
-- table is rebuilt, its rows and ids kept. Migrations run in a
-- transaction with foreign keys on: deferred, the references of
-- subscriptions and waitlist to the old rows are found again in the new
-- table by commit.
PRAGMA defer_foreign_keys = ON;
CREATE TABLE consents_copy AS SELECT * FROM consents;
DROP TABLE consents;
CREATE TABLE consents (
    id        INTEGER PRIMARY KEY,
    member_id INTEGER NOT NULL REFERENCES members (id) ON DELETE CASCADE,
    at        TEXT    NOT NULL,
    via       TEXT    NOT NULL CHECK (via IN ('voice', 'sms')),             -- the channel the consent was given on
    purpose   TEXT    NOT NULL CHECK (purpose IN ('reminders', 'waitlist', 'referral')),
    contact   TEXT    NOT NULL CHECK (contact IN ('sms', 'call')),          -- how they agreed to be contacted
    lang      TEXT    NOT NULL CHECK (lang IN ('en', 'fr')),
    wording   TEXT    NOT NULL CHECK (wording <> ''),                       -- the exact prompt or message text
    ref       TEXT    NOT NULL DEFAULT ''                                   -- what it was about: a group code, concern:area, or referral:<id>
);
INSERT INTO consents SELECT id, member_id, at, via, purpose, contact, lang, wording, ref FROM consents_copy;
DROP TABLE consents_copy;
CREATE INDEX consents_member ON consents (member_id, at);
