package storetest

import (
	"testing"
	"time"

	"github.com/peerline/peerline/directory"
)

// The blocklist holds numbers in any format as one, lists the newest
// first, and never fails on a caller whose number is withheld.
func testBlocklist(t *testing.T, s directory.Store) {
	if bl, err := s.Blocklist(ctx); err != nil || len(bl) != 0 {
		t.Fatalf("an empty store's blocklist: %+v, %v", bl, err)
	}
	first, second := testNow, testNow.Add(time.Hour)
	must(t, s.Block(ctx, "(705) 555-0168", "abusive", first))
	must(t, s.Block(ctx, "+1 807 555 0101", "prank loop", second))

	for _, tc := range []struct {
		from string
		want bool
	}{
		{"+17055550168", true}, {"705.555.0168", true}, {"1-705-555-0168", true}, {"+18075550101", true},
		{"+17055550169", false}, {"anonymous", false}, {"", false}, {"+266696687", false}, {"not a number", false},
	} {
		if got, err := s.IsBlocked(ctx, tc.from); err != nil || got != tc.want {
			t.Errorf("IsBlocked(%q) = %v, %v; want %v", tc.from, got, err, tc.want)
		}
	}

	want := []directory.Blocked{{Number: "+18075550101", AddedAt: second, Note: "prank loop"}, {Number: "+17055550168", AddedAt: first, Note: "abusive"}}
	check := func(when string) {
		t.Helper()
		bl, err := s.Blocklist(ctx)
		must(t, err)
		if len(bl) != len(want) {
			t.Fatalf("%s: Blocklist = %+v; want %+v", when, bl, want)
		}
		for i := range bl {
			if bl[i].Number != want[i].Number || !bl[i].AddedAt.Equal(want[i].AddedAt) || bl[i].Note != want[i].Note {
				t.Errorf("%s: Blocklist[%d] = %+v; want %+v", when, i, bl[i], want[i])
			}
		}
	}
	check("listed")

	// Blocking again changes the note, not when the number was added.
	must(t, s.Block(ctx, "7055550168", "abusive; called 40 times", testNow.Add(2*time.Hour)))
	want[1].Note = "abusive; called 40 times"
	check("blocked again")

	if ok, err := s.Unblock(ctx, "705 555 0168"); err != nil || !ok {
		t.Errorf("Unblock = %v, %v; want true", ok, err)
	}
	if ok, err := s.Unblock(ctx, "705 555 0168"); err != nil || ok {
		t.Errorf("Unblock again = %v, %v; want false", ok, err)
	}
	if blocked, err := s.IsBlocked(ctx, "+17055550168"); err != nil || blocked {
		t.Errorf("after Unblock: IsBlocked = %v, %v", blocked, err)
	}
	want = want[:1]
	check("unblocked")
}
