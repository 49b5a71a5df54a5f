package directory

import "time"

// Feed is a Meeting Guide feed the line carries: serve re-imports it every
// night, and it is the authority for its own groups — a meeting it no
// longer lists is taken off the line.
type Feed struct {
	URL     string
	Concern string // the concern its meetings are filed under: a code
	Zone    string // IANA zone for meetings that name none; "" = by area code
	Added   time.Time
	Synced  time.Time // the last sync that read it whole; zero before the first
	Hash    string    // of the body that sync read: an unchanged feed is not imported again
	Failed  time.Time // the last sync that could not read it, if after Synced
	Problem string    // and why
	Groups  int       // groups on the line from it now
}

// FeedSync is what one sync of a feed did.
type FeedSync struct {
	URL                      string
	At                       time.Time
	Added, Changed, TakenOff int
	Unchanged                int
	Problem                  string     // a sync that failed and changed nothing
	Rejected                 []RowError // meetings the feed lists that could not be read (not kept)
}

// Any reports whether the sync changed the directory.
func (s FeedSync) Any() bool { return s.Added+s.Changed+s.TakenOff > 0 }
