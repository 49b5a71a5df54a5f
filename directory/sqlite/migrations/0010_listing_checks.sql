-- When staff last confirmed that a group still meets as listed.
CREATE TABLE listing_checks (
    group_id     INTEGER PRIMARY KEY REFERENCES groups (id) ON DELETE CASCADE,
    confirmed_at TEXT NOT NULL,
    confirmed_by TEXT NOT NULL
);
