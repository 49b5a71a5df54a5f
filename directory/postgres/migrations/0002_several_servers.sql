-- Texts answered per sender in each window of time, counted in the
-- database so that the limit holds whichever server answers. The key is
-- a hash of the sender (directory.TextSessionKey), never the number.
CREATE TABLE rate_hits (
    key          TEXT    NOT NULL,
    window_start TEXT    NOT NULL,
    hits         INTEGER NOT NULL,
    PRIMARY KEY (key, window_start)
);
CREATE INDEX rate_hits_window ON rate_hits (window_start);

-- Scheduled work that must run on one server at a time (the nightly
-- feed sync) takes a lease: the server whose holder is written here
-- until the lease runs out.
CREATE TABLE leases (
    name   TEXT PRIMARY KEY,
    holder TEXT NOT NULL,
    until  TEXT NOT NULL
);
