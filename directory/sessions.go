package directory

// Sessions hold the state of a call (keyed by its CallSid) or of a text
// conversation between requests, so that no server keeps it in memory and
// a restart or a second server loses nothing. They are short-lived: a
// reader ignores state older than it cares for, and the retention job
// deletes old rows. What is in them is up to the caller; it may say what
// a person asked about, so keep it to what the next step needs.
