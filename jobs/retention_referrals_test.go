package jobs

import (
	"context"
	"testing"
	"time"

	"github.com/peerline/peerline/directory"
)

// Retention lets go of a referred client's number 30 days after the ask
// was answered or expired, and keeps the referral itself.
func TestRetentionLetsGoOfReferredNumbers(t *testing.T) {
	now := time.Date(2026, 11, 23, 15, 0, 0, 0, time.UTC)
	w := newWorld(t)
	ctx := context.Background()
	const referrer = "+17055550170"
	if _, err := w.store.AddReferrer(ctx, directory.Referrer{Number: referrer, Name: "Dr. Ana Roy", AddedAt: now.AddDate(0, -3, 0)}); err != nil {
		t.Fatal(err)
	}
	ask := func(client string, at time.Time) directory.Referral {
		t.Helper()
		r, err := w.store.Refer(ctx, referrer, directory.Referral{GroupID: w.codes[3001], Client: client, Wording: "Reply YES or NO.", AskedAt: at}, at, 20)
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	expired := ask("+17055550180", now.Add(-38*24*time.Hour)) // expired 31 days ago
	waiting := ask("+17055550181", now.Add(-36*24*time.Hour)) // expired 29 days ago
	declined := ask("+17055550182", now.Add(-40*24*time.Hour))
	if _, err := w.store.AnswerReferral(ctx, declined.ID, false, directory.Consent{At: now.Add(-39 * 24 * time.Hour)}); err != nil {
		t.Fatal(err)
	}
	r := &Retention{Store: w.store}
	rep, err := r.Run(ctx, now)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Referrals != 2 {
		t.Errorf("Run = %+v; want 2 referral numbers let go", rep)
	}
	list, err := w.store.Referrals(ctx)
	if err != nil || len(list) != 3 {
		t.Fatalf("referrals after retention: %+v, %v", list, err)
	}
	for _, ref := range list {
		if want := ref.ID == waiting.ID; (ref.Client != "") != want {
			t.Errorf("referral %d (expired %v, declined %v): client %q", ref.ID, ref.ID == expired.ID, ref.ID == declined.ID, ref.Client)
		}
	}
}
