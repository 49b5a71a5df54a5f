package directory

// LeaderStore keeps each group's leaders (a number and a PIN), and the notes they send their members.
type LeaderStore interface {
}
