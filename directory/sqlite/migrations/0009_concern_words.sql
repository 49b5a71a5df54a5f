-- Words staff teach the line for a concern (the console's "concern
-- words"), read by callers' and texters' words and by imports alike.
CREATE TABLE concern_words (
    word    TEXT PRIMARY KEY,  -- normalized
    concern TEXT NOT NULL,
    set_at  TEXT NOT NULL
);
