-- The console's accounts, and the audit log of every change people make
-- through the console or the command line.
CREATE TABLE staff (
    id         INTEGER PRIMARY KEY,
    email      TEXT NOT NULL UNIQUE,  -- lower case
    name       TEXT NOT NULL,
    role       TEXT NOT NULL CHECK (role IN ('viewer', 'staff', 'admin')),
    hash       TEXT NOT NULL,         -- argon2id, never the password
    created_at TEXT NOT NULL
);

CREATE TABLE audit_log (
    id     INTEGER PRIMARY KEY,
    at     TEXT NOT NULL,
    who    TEXT NOT NULL,
    action TEXT NOT NULL,
    object TEXT NOT NULL,
    old    TEXT NOT NULL,
    new    TEXT NOT NULL
);
CREATE INDEX audit_log_at ON audit_log (at);

-- How staff handled a voicemail.
ALTER TABLE voicemails ADD COLUMN handled_at TEXT NOT NULL DEFAULT '';
ALTER TABLE voicemails ADD COLUMN handled_by TEXT NOT NULL DEFAULT '';
ALTER TABLE voicemails ADD COLUMN note TEXT NOT NULL DEFAULT '';
