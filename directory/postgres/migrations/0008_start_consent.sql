-- A caller's yes to be called back about starting a group is a consent
-- record like any other (purpose 'start', ref 'start:<offer id>').
ALTER TABLE consents DROP CONSTRAINT consents_purpose_check;
ALTER TABLE consents ADD CONSTRAINT consents_purpose_check CHECK (purpose IN ('reminders', 'waitlist', 'referral', 'start'));
