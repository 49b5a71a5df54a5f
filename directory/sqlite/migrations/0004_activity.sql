-- How many calls and texts the line answered, by UTC day: the report's
-- first lines. Counts only: no number, no CallSid, nothing about who.
--   channel 'voice' kind 'call'  = a call answered (its first webhook)
--   channel 'sms'   kind 'text'  = a text answered
-- The voice and text lines bump it with Store.CountActivity.
CREATE TABLE activity (
    day     TEXT    NOT NULL, -- UTC date, YYYY-MM-DD
    channel TEXT    NOT NULL,
    kind    TEXT    NOT NULL,
    count   INTEGER NOT NULL DEFAULT 0 CHECK (count >= 0),
    PRIMARY KEY (day, channel, kind)
) WITHOUT ROWID;
