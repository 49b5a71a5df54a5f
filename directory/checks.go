package directory

// ListingCheckStore keeps the asks that check a listing with its group (is it still meeting as listed?), and their answers.
type ListingCheckStore interface {
}
