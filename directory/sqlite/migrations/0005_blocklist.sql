-- Numbers the line will not serve: staff add one that abuses the line.
-- A blocked caller hears a short message; a blocked texter gets nothing.
CREATE TABLE blocklist (
    number   TEXT NOT NULL PRIMARY KEY, -- E.164
    added_at TEXT NOT NULL,
    note     TEXT NOT NULL DEFAULT ''   -- why, in staff's words; never a caller's
) WITHOUT ROWID;
