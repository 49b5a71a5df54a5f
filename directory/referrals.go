package directory

// ReferralStore keeps the helping professionals who may refer clients (referrers), and each referral: the ask sent to a client, and their answer.
type ReferralStore interface {
}
