package directory

import (
	"context"
	"time"

	"github.com/peerline/peerline/directory/recur"
)

// The store keeps what the line knows between requests. These interfaces
// are what the domain needs of it; an engine (directory/sqlite) provides
// them, and the store tests hold every engine to the same behaviour.
// Phone numbers may be given in any common format; none is ever part of
// an error a store returns, so errors can be logged.

// StaffStore keeps the console's accounts, and the audit log of every
// change people make. Console sessions and sign-in throttling live in
// the SessionStore (keys "console:..." and "signin:...").
type StaffStore interface {
	AddStaff(ctx context.Context, s Staff) (Staff, error) // ErrStaffExists
	StaffByEmail(ctx context.Context, email string) (Staff, bool, error)
	StaffByID(ctx context.Context, id int64) (Staff, bool, error)
	StaffList(ctx context.Context) ([]Staff, error)
	RemoveStaff(ctx context.Context, email string) (bool, error)
	SetStaffPassword(ctx context.Context, email, hash string) (bool, error)
	SetStaffRole(ctx context.Context, email string, role Role) (bool, error)
	AddAudit(ctx context.Context, e AuditEntry) error
	// AuditLog lists entries newest first, at most limit.
	AuditLog(ctx context.Context, limit int) ([]AuditEntry, error)
	// HandleVoicemail marks a voicemail handled, with a note.
	HandleVoicemail(ctx context.Context, id int64, n VoicemailNote) (bool, error)
	VoicemailNotes(ctx context.Context) (map[int64]VoicemailNote, error)
}

// FeedStore keeps the feeds serve re-imports every night, and what each
// sync did. A feed is the authority for its own groups.
type FeedStore interface {
	AddFeed(ctx context.Context, f Feed) error
	Feeds(ctx context.Context) ([]Feed, error)
	RemoveFeed(ctx context.Context, url string) (bool, error)
	// SyncFeed imports a feed's rows (each with Source set to the feed)
	// and takes off the line, marked inactive, the feed's groups it no
	// longer lists; it records the sync, with the feed's hash, in the
	// same transaction.
	SyncFeed(ctx context.Context, url, hash string, imp *Import, now time.Time) (FeedSync, error)
	// FeedFailed records a sync that changed nothing, and why.
	FeedFailed(ctx context.Context, url, why string, now time.Time) error
	// FeedSyncs lists the syncs since a time that changed something or
	// failed, oldest first, for the report.
	FeedSyncs(ctx context.Context, since time.Time) ([]FeedSync, error)
}

// TermStore keeps the concern staff chose for words of imported data the
// vocabulary does not know, so that a re-import reads them the same way.
type TermStore interface {
	SetTerm(ctx context.Context, term, concern string, now time.Time) error
	RemoveTerm(ctx context.Context, term string) (bool, error)
	// TermMap is every mapping, by normalized term.
	TermMap(ctx context.Context) (map[string]string, error)
	// TeachWord keeps a word staff taught for a concern (Vocabulary.Teach);
	// ForgetWord drops it; TaughtWords is every one, by normalized word.
	TeachWord(ctx context.Context, word, concern string, now time.Time) error
	ForgetWord(ctx context.Context, word string) (bool, error)
	TaughtWords(ctx context.Context) (map[string]string, error)
}

// GroupStore keeps the directory of groups.
type GroupStore interface {
	// Import adds or updates the rows of an import in one transaction;
	// rows that cannot go in are added to imp.Report.
	Import(ctx context.Context, imp *Import, now time.Time) error
	Groups(ctx context.Context) ([]Group, error)
	Group(ctx context.Context, code int) (Group, bool, error)
	GroupByID(ctx context.Context, id int64) (Group, bool, error)
	CountGroups(ctx context.Context) (int, error)
	// Search finds the active groups for a concern that a caller in an
	// area can attend, ranked (see Index.Rank), one page and the total.
	Search(ctx context.Context, q Query) ([]Result, int, error)
	// CancelMeeting cancels a group's meeting on a day of its own calendar.
	CancelMeeting(ctx context.Context, groupID int64, day recur.Date, now time.Time) error
	// UncancelMeeting undoes that: the meeting takes place after all.
	UncancelMeeting(ctx context.Context, groupID int64, day recur.Date) (bool, error)
	// ConfirmListing records that a group still meets as listed.
	ConfirmListing(ctx context.Context, groupID int64, by string, now time.Time) error
	// Unconfirmed lists the active groups not kept by a feed whose listing
	// was last confirmed (or changed) before a time, longest first.
	Unconfirmed(ctx context.Context, before time.Time) ([]Listing, error)
	// Confirmed is when and by whom a group's listing was last confirmed.
	Confirmed(ctx context.Context, groupID int64) (Listing, bool, error)
}

// MemberStore keeps the people who opted in to something, and their
// consent records.
type MemberStore interface {
	Member(ctx context.Context, number string) (Member, bool, error)
	Subscribe(ctx context.Context, number string, groupID int64, ch Channel, c Consent) (Subscription, error)
	Subscriptions(ctx context.Context, number string) ([]Subscription, error)
	StopSubscription(ctx context.Context, number string, id int64, at time.Time) (bool, error)
	StopAll(ctx context.Context, number string, at time.Time) (int, error)
	OptOut(ctx context.Context, number string, at time.Time) error
	OptIn(ctx context.Context, number string, at time.Time) error
	JoinWaitlist(ctx context.Context, number, concern, area, npa string, ch Channel, c Consent) (WaitEntry, error)
	// WaitEntries lists a number's open wait-list entries, oldest first.
	WaitEntries(ctx context.Context, number string) ([]WaitEntry, error)
	SetCannotText(ctx context.Context, number string, at time.Time) error
	Consents(ctx context.Context, number string) ([]ConsentRecord, error)
	ConsentRecords(ctx context.Context) ([]ConsentRecord, error)
	// Forget removes a number and every record of it.
	Forget(ctx context.Context, number string) (Forgotten, error)
}

// SessionStore keeps the state of a call or a text conversation between
// requests, so that no server holds it in memory.
type SessionStore interface {
	SaveSession(ctx context.Context, key string, data []byte, now time.Time) error
	// LoadSession returns the state saved under key, unless it was saved
	// before notBefore.
	LoadSession(ctx context.Context, key string, notBefore time.Time) ([]byte, bool, error)
	DeleteSession(ctx context.Context, key string) error
	// CountHit counts one more hit on key in the window of time that
	// began at window, and returns the window's hits, this one included:
	// a rate limit that holds whichever server a request reaches. Windows
	// go with the sessions saved before them (DeleteSessionsBefore).
	CountHit(ctx context.Context, key string, window time.Time) (int, error)
}

// BlocklistStore keeps the numbers the line does not answer.
type BlocklistStore interface {
	Block(ctx context.Context, number, note string, at time.Time) error
	Unblock(ctx context.Context, number string) (bool, error)
	IsBlocked(ctx context.Context, number string) (bool, error)
	Blocklist(ctx context.Context) ([]Blocked, error)
}

// OutboxStore keeps the messages the line sends on its own, and what the
// reminder scan reads to queue them.
type OutboxStore interface {
	// Enqueue inserts the messages whose keys are not queued yet.
	Enqueue(ctx context.Context, items []Outgoing, now time.Time) (int, error)
	// ClaimDue moves due messages from pending to sending, each once.
	ClaimDue(ctx context.Context, now time.Time, limit int) ([]Outgoing, error)
	Settle(ctx context.Context, id int64, state, sid, reason string, retryAt, now time.Time) error
	// InFlight lists the messages claimed (sending) before t, oldest
	// first, with ClaimedAt: a sender died with them, or still has them.
	InFlight(ctx context.Context, before time.Time) ([]Outgoing, error)
	// Reclaim takes over a message left sending since claimedAt, for the
	// one sender that will settle it: true when this caller won it (its
	// claim time becomes now), false when another did or it was settled.
	Reclaim(ctx context.Context, id int64, claimedAt, now time.Time) (bool, error)
	RecordDelivery(ctx context.Context, sid, status string, now time.Time) (bool, error)
	Outgoings(ctx context.Context, state string) ([]Outgoing, error)
	OutgoingByID(ctx context.Context, id int64) (Outgoing, bool, error)
	StillWanted(ctx context.Context, it Outgoing) (bool, error)
	SubscribedGroups(ctx context.Context) ([]Group, error)
	Subscribers(ctx context.Context, groupID int64) ([]Subscriber, error)
	// EndedSubscribers lists the active subscriptions, of members who have
	// not opted out, to groups taken off the line (inactive).
	EndedSubscribers(ctx context.Context) ([]Subscriber, error)
	OpenWaitlist(ctx context.Context) ([]WaitEntry, error)
	CountPending(ctx context.Context) (int, error)
	CountWaiting(ctx context.Context) (int, error)
}

// ReportStore keeps the counts the planner's report is made of.
type ReportStore interface {
	LogSearch(ctx context.Context, l SearchLog) error
	SearchLogs(ctx context.Context, since time.Time) ([]SearchLog, error)
	// AddActivity adds counts of calls and texts, by UTC day.
	AddActivity(ctx context.Context, counts map[ActivityKey]int) error
	Report(ctx context.Context, since time.Time) (Report, error)
}

// VoicemailStore keeps the messages callers leave for staff.
type VoicemailStore interface {
	SaveVoicemail(ctx context.Context, v Voicemail) error
	Voicemails(ctx context.Context, since time.Time) ([]Voicemail, error)
}

// RetentionStore deletes what is kept only for a while.
type RetentionStore interface {
	DeleteSessionsBefore(ctx context.Context, t time.Time) (int, error)
	DeleteVoicemailsBefore(ctx context.Context, t time.Time) (int, error)
	DeleteOutboxBefore(ctx context.Context, t time.Time) (int, error)
	// ClearReferralClientsBefore lets go of the client's number on the
	// referrals answered, or expired unanswered, before t.
	ClearReferralClientsBefore(ctx context.Context, t time.Time) (int, error)
}

// LeaseStore lets scheduled work run on one server at a time.
type LeaseStore interface {
	// TryLease takes the lease name for holder until a time, unless
	// another holder has it past now; true when holder has it.
	TryLease(ctx context.Context, name, holder string, now, until time.Time) (bool, error)
}

// Store is everything the line keeps.
type Store interface {
	GroupStore
	FeedStore
	TermStore
	StaffStore
	MemberStore
	SessionStore
	BlocklistStore
	OutboxStore
	ReportStore
	VoicemailStore
	RetentionStore
	LeaseStore
	ReferralStore
	LeaderStore
	ListingCheckStore
	StartStore
	Ping(ctx context.Context) error
	Close() error
}
