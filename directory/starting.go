package directory

// StartStore keeps what helps a new group start: callers who would help start one, and the invitations staff send to people waiting.
type StartStore interface {
}
