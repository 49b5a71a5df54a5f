-- A caller who offers to help start a group and agrees to be called back
-- gives a consent like any other: it is kept in consents (purpose
-- 'start', ref 'start:<offer id>'), so that `member consents` shows
-- every consent. SQLite cannot change a CHECK: the table is rebuilt as in
-- 0013, its rows and ids kept, the references to it checked at commit.
PRAGMA defer_foreign_keys = ON;
CREATE TABLE consents_copy AS SELECT * FROM consents;
DROP TABLE consents;
CREATE TABLE consents (
    id        INTEGER PRIMARY KEY,
    member_id INTEGER NOT NULL REFERENCES members (id) ON DELETE CASCADE,
    at        TEXT    NOT NULL,
    via       TEXT    NOT NULL CHECK (via IN ('voice', 'sms')),
    purpose   TEXT    NOT NULL CHECK (purpose IN ('reminders', 'waitlist', 'referral', 'start')),
    contact   TEXT    NOT NULL CHECK (contact IN ('sms', 'call')),
    lang      TEXT    NOT NULL CHECK (lang IN ('en', 'fr')),
    wording   TEXT    NOT NULL CHECK (wording <> ''),
    ref       TEXT    NOT NULL DEFAULT ''  -- a group code, concern:area, referral:<id> or start:<id>
);
INSERT INTO consents SELECT id, member_id, at, via, purpose, contact, lang, wording, ref FROM consents_copy;
DROP TABLE consents_copy;
CREATE INDEX consents_member ON consents (member_id, at);
