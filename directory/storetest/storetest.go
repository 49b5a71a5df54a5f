// Package storetest is the behaviour every engine of directory.Store must
// show: imports and group codes, search ranking and paging, cancelled
// meetings, members and their consent, sessions, the blocklist, the
// outbox, the planner's report, retention and forgetting a number. It
// holds every check of the store that can be made through the
// directory.Store interface, in the manner of testing/fstest.TestFS: an
// engine passes when Run passes.
//
// An engine runs it from a test of its own, with a function that opens a
// new, empty store and closes it when the (sub)test it is given ends:
//
//	func TestStore(t *testing.T) {
//		storetest.Run(t, func(t *testing.T) directory.Store {
//			s, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "peerline.db"))
//			if err != nil {
//				t.Fatal(err)
//			}
//			t.Cleanup(func() {
//				if err := s.Close(); err != nil {
//					t.Error(err)
//				}
//			})
//			return s
//		})
//	}
//
// Each check runs as a subtest on its own store, one after another; some
// use a store from many goroutines at once, as the line's servers do. One
// check runs as go test -run 'TestStore/GriefIn705'. What only an engine
// can check — its files, its schema and migrations, its backups — stays
// in that engine's own tests.
//
// The package imports directory, directory/recur and the standard library
// only, so that every engine's tests can import it.
package storetest

import (
	"context"
	"testing"
	"time"

	"github.com/peerline/peerline/directory"
	"github.com/peerline/peerline/directory/recur"
)

// Run runs every check of the store's behaviour as a subtest of t, each
// on a new, empty store from open.
func Run(t *testing.T, open func(t *testing.T) directory.Store) {
	for _, c := range checks {
		t.Run(c.name, func(t *testing.T) { c.fn(t, open(t)) })
	}
}

type check struct {
	name string
	fn   func(*testing.T, directory.Store)
}

var checks = []check{
	// groups.go
	{"Ping", testPing},
	{"ImportKeepsEveryField", testImportKeepsEveryField},
	{"ReimportChangesNothing", testReimportChangesNothing},
	{"ReimportUpdatesInPlaceAndKeepsTheCode", testReimportUpdatesInPlaceAndKeepsTheCode},
	{"GroupCodes", testGroupCodes},
	{"ImportReportsDuplicateIDsByLine", testImportReportsDuplicateIDsByLine},
	{"ConcurrentWritesAllSucceed", testConcurrentWritesAllSucceed},
	{"CancelledMeetingsAreReadBackAndSkipped", testCancelledMeetings},
	{"CancelledMeetingsInALargeDirectory", testCancelledMeetingsInALargeDirectory},
	{"ACancellationUndone", testACancellationUndone},
	{"UnconfirmedListings", testUnconfirmedListings},
	// staff.go
	{"StaffAccounts", testStaffAccounts},
	{"AuditLog", testAuditLog},
	{"VoicemailsAreHandled", testVoicemailsAreHandled},
	// feeds.go
	{"AFeedSyncAddsChangesAndTakesOff", testAFeedSyncAddsChangesAndTakesOff},
	{"AFailedFeedChangesNothing", testAFailedFeedChangesNothing},
	{"TermChoicesAreKept", testTermChoicesAreKept},
	{"TaughtWordsAreKept", testTaughtWordsAreKept},
	// search.go
	{"GriefIn705", testGriefIn705},
	{"NearestFirstWhenTheTownIsKnown", testNearestFirstWhenTheTownIsKnown},
	{"FrenchCallersHearFrenchGroupsFirst", testFrenchCallersHearFrenchGroupsFirst},
	{"OtherAreasAndOnline", testOtherAreasAndOnline},
	{"InactiveGroupsDisappearFromSearch", testInactiveGroupsDisappearFromSearch},
	{"ResultsCarryTheNextMeetingAndPage", testResultsCarryTheNextMeetingAndPage},
	{"SearchSeesEveryImport", testSearchSeesEveryImport},
	{"PagesAgreeWithTheFullRanking", testPagesAgreeWithTheFullRanking},
	{"SyntheticDirectoryIsSearchable", testSyntheticDirectoryIsSearchable},
	{"FinderUnderstandsAndLogsWithoutNumbers", testFinderUnderstandsAndLogsWithoutNumbers},
	// members.go
	{"SubscribeRecordsMemberConsentAndSubscription", testSubscribeRecordsMemberConsentAndSubscription},
	{"SubscribingTwiceKeepsOneRow", testSubscribingTwiceKeepsOneRow},
	{"SubscriptionsAreListedOldestFirst", testSubscriptionsAreListedOldestFirst},
	{"StopSubscription", testStopSubscription},
	{"StopAll", testStopAll},
	{"OptOutAndBackIn", testOptOutAndBackIn},
	{"OptOutOfAnUnknownNumberIsRemembered", testOptOutOfAnUnknownNumberIsRemembered},
	{"SubscribingToAGroupThatIsNotActiveFails", testSubscribingToAGroupThatIsNotActiveFails},
	{"WaitlistIsIdempotent", testWaitlistIsIdempotent},
	{"InvalidNumbersAreRejected", testInvalidNumbersAreRejected},
	{"NumberFormatsAreOneMember", testNumberFormatsAreOneMember},
	{"ConsentMustBeComplete", testConsentMustBeComplete},
	{"SetCannotText", testSetCannotText},
	{"Voicemails", testVoicemails},
	{"ConcurrentSubscribes", testConcurrentSubscribes},
	{"ConsentRecordsListsEveryConsentOldestFirst", testConsentRecordsListsEveryConsentOldestFirst},
	// sessions.go
	{"Sessions", testSessions},
	{"SessionDataRoundTrips", testSessionDataRoundTrips},
	{"DeleteSessionsBefore", testDeleteSessionsBefore},
	{"CountHitAcrossServers", testCountHit},
	{"LeasesGoToOneServer", testLeases},
	// blocklist.go
	{"Blocklist", testBlocklist},
	// outbox.go
	{"EnqueueIsIdempotentByKey", testEnqueueIsIdempotentByKey},
	{"ClaimDueOldestFirstOnce", testClaimDueOldestFirstOnce},
	{"ClaimDueOnceAmongConcurrentClaimers", testClaimDueOnceAmongConcurrentClaimers},
	{"SettleRetrySendFail", testSettle},
	{"SettlingAWaitlistNoteClosesTheEntry", testSettlingAWaitlistNoteClosesTheEntry},
	{"InFlightAndReclaim", testInFlight},
	{"RecordDeliveryNeverGoesBack", testRecordDelivery},
	{"RecordDeliveryConcurrentCallbacks", testRecordDeliveryConcurrently},
	{"StillWanted", testStillWanted},
	{"SubscribersAndSubscribedGroups", testSubscribersAndSubscribedGroups},
	// report.go
	{"CountActivityByUTCDay", testCountActivityByUTCDay},
	{"ReportCountsExactly", testReportCountsExactly},
	{"ReportOfAnEmptyStore", testReportOfAnEmptyStore},
	// privacy.go
	{"ForgetRemovesEveryRecord", testForgetRemovesEveryRecord},
	{"ForgetAnUnknownOrInvalidNumber", testForgetAnUnknownOrInvalidNumber},
	{"ForgetACallerWhoIsNotAMember", testForgetACallerWhoIsNotAMember},
	{"ForgetLeavesTheBlocklist", testForgetLeavesTheBlocklist},
	{"DeleteVoicemailsBefore", testDeleteVoicemailsBefore},
	{"DeleteOutboxBefore", testDeleteOutboxBefore},
	// checks.go
	{"ListingAskAnsweredYes", testListingAskAnsweredYes},
	{"ListingAskAnsweredChanged", testListingAskAnsweredChanged},
	{"ListingAsksKeepOneNumber", testListingAsksKeepOneNumber},
	{"ListingFlaggedAndResolved", testListingFlaggedAndResolved},
	{"ListingSeenIsReadWithTheGroup", testListingSeenIsReadWithTheGroup},
	{"ForgetLetsGoOfAListingAsk", testForgetLetsGoOfAListingAsk},
	{"UnconfirmedListingsAreHidden", testUnconfirmedListingsAreHidden},
	{"AnEditTakesAListingOffTheList", testAnEditTakesAListingOffTheList},
	// starting.go
	{"StartOffersAreKeptAndHandled", testStartOffersAreKeptAndHandled},
	{"InvitationsGoOncePerEntry", testInvitationsGoOncePerEntry},
	{"ForgetRemovesStartOffers", testForgetRemovesStartOffers},
	// leaders.go
	{"LeadersAreAddedListedAndRemoved", testLeadersAreAddedListedAndRemoved},
	{"PINIsCheckedAndLocksOut", testPINIsCheckedAndLocksOut},
	{"NotesAreKeptOncePerMeeting", testNotesAreKeptOncePerMeeting},
	{"ForgetRemovesLeaders", testForgetRemovesLeaders},
	// referrals.go
	{"ReferrersAreKept", testReferrersAreKept},
	{"AReferralWaitsForOneAnswer", testAReferralWaitsForOneAnswer},
	{"AReferralToAnOptedOutClient", testAReferralToAnOptedOutClient},
	{"ReferralsPerDay", testReferralsPerDay},
	{"ClearReferralClientsBefore", testClearReferralClientsBefore},
	{"ForgetRemovesReferrals", testForgetRemovesReferrals},
	{"ConcurrentAsks", testConcurrentAsks},
}

// testNow is the time the checks run at: a Monday, 10 a.m. in Toronto.
var testNow = time.Date(2026, 11, 23, 15, 0, 0, 0, time.UTC)

var ctx = context.Background()

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func vocab(t *testing.T) *directory.Vocabulary {
	t.Helper()
	v, err := directory.LoadVocabulary()
	must(t, err)
	return v
}

func areas(t *testing.T) *directory.Areas {
	t.Helper()
	a, err := directory.LoadAreas()
	must(t, err)
	return a
}

func complexOf(t *testing.T, a *directory.Areas, npa string) *directory.Complex {
	t.Helper()
	c, ok := a.Complex(npa)
	if !ok {
		t.Fatalf("no area-code complex for %s", npa)
	}
	return c
}

func zone(t *testing.T, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	must(t, err)
	return loc
}

// weekly is a schedule meeting every week on day at hh:mm from 2026-01-05.
func weekly(day string, hh, mm int) recur.Schedule {
	return recur.Schedule{Freq: recur.Weekly, ByDay: []string{day}, Start: recur.Date{Year: 2026, Month: time.January, Day: 5}, Opens: recur.Clock(hh*60 + mm)}
}

// fixture is a small Ontario directory with one group of every kind a
// grief search must tell apart.
func fixture() []directory.Group {
	return []directory.Group{
		{SourceID: "sault-grief", Name: "Algoma Grief Companions", Concerns: []string{"grief"},
			Place: &directory.Place{City: "Sault Ste. Marie", Street: "1 Queen St E"}, Phone: "(705) 555-0101",
			Schedules: []recur.Schedule{weekly("TU", 19, 0)}},
		{SourceID: "elliot-grief", Name: "Elliot Lake Bereavement Circle", Concerns: []string{"grief"},
			Place: &directory.Place{City: "Elliot Lake"}, Phone: "705-555-0102", Schedules: []recur.Schedule{weekly("WE", 14, 0)}},
		{SourceID: "sudbury-deuil", Name: "Cercle du deuil de Sudbury", Concerns: []string{"grief"}, Languages: []directory.Lang{directory.French},
			Place: &directory.Place{City: "Sudbury"}, Phone: "705 555 0103", Schedules: []recur.Schedule{weekly("TH", 19, 0)}},
		{SourceID: "barrie-grief", Name: "Barrie Grief Support", Concerns: []string{"grief"},
			Place: &directory.Place{City: "Barrie"}, Phone: "705 555 0104"},
		{SourceID: "ottawa-grief", Name: "Ottawa Grief Circle", Concerns: []string{"grief"},
			Place: &directory.Place{City: "Ottawa"}, Phone: "613 555 0105"},
		{SourceID: "on-phone-grief", Name: "Ontario Grief Phone Circle", Concerns: []string{"grief"},
			Dialin: &directory.Dialin{Number: "1 705 555 0199", AccessCode: "4127#"}, Areas: []directory.Coverage{{Kind: directory.CoverProvince, Value: "ON"}},
			Schedules: []recur.Schedule{{Freq: recur.Weekly, Interval: 2, ByDay: []string{"TU"}, Start: recur.Date{Year: 2026, Month: time.January, Day: 6}, Opens: 19 * 60}}},
		{SourceID: "north-phone-grief", Name: "Northern Grief by Phone", Concerns: []string{"grief"},
			Dialin: &directory.Dialin{Number: "705 555 0198"}, Areas: []directory.Coverage{{Kind: directory.CoverComplex, Value: "705"}}},
		{SourceID: "ca-mail-grief", Name: "Grief Pen Pals of Canada", Concerns: []string{"grief"},
			Mail: "PO Box 1, Sault Ste. Marie ON", Areas: []directory.Coverage{{Kind: directory.CoverCountry, Value: "CA"}}},
		{SourceID: "qc-phone-grief", Name: "Ligne du deuil du Québec", Concerns: []string{"grief"}, Languages: []directory.Lang{directory.French},
			Dialin: &directory.Dialin{Number: "514 555 0106"}, Areas: []directory.Coverage{{Kind: directory.CoverProvince, Value: "QC"}}},
		{SourceID: "online-grief", Name: "Grief Online", Concerns: []string{"grief"},
			OnlineURL: "https://example.org/grief", Areas: []directory.Coverage{{Kind: directory.CoverCountry, Value: "CA"}}},
		{SourceID: "closed-grief", Name: "Old Sault Grief Group", Concerns: []string{"grief"}, Status: directory.StatusInactive,
			Place: &directory.Place{City: "Sault Ste. Marie"}, Phone: "705 555 0107"},
		{SourceID: "paused-grief", Name: "Wawa Grief Group", Concerns: []string{"grief"}, Status: directory.StatusTemporarilyClosed,
			Place: &directory.Place{City: "Wawa"}, Phone: "705 555 0108"},
		{SourceID: "sault-care", Name: "Sault Caregivers' Circle", Concerns: []string{"caregiving", "dementia"},
			Place: &directory.Place{City: "Sault Ste. Marie"}, Phone: "705 555 0109"},
	}
}

// importGroups checks groups as an import file's reader would and imports
// them at testNow, returning the import's report (rows that did not go in
// are in it, not failures of the test).
func importGroups(t *testing.T, s directory.Store, groups []directory.Group) directory.ImportReport {
	t.Helper()
	a := areas(t)
	imp := &directory.Import{}
	for i, g := range groups {
		if err := g.Check(a); err != nil {
			t.Fatalf("fixture %s: %v", g.SourceID, err)
		}
		imp.Rows = append(imp.Rows, directory.Row{Group: g, File: "fixture", Line: i + 2})
	}
	must(t, s.Import(ctx, imp, testNow))
	return imp.Report
}

// withFixture is a store holding the fixture directory.
func withFixture(t *testing.T, s directory.Store) directory.Store {
	t.Helper()
	if r := importGroups(t, s, fixture()); len(r.Errors) > 0 {
		t.Fatalf("importing the fixture: %v", r.Errors)
	}
	return s
}

func groups(t *testing.T, s directory.Store) []directory.Group {
	t.Helper()
	gs, err := s.Groups(ctx)
	must(t, err)
	return gs
}

func findBySource(t *testing.T, s directory.Store, id string) directory.Group {
	t.Helper()
	for _, g := range groups(t, s) {
		if g.SourceID == id {
			return g
		}
	}
	t.Fatalf("no group %s", id)
	return directory.Group{}
}

func groupIDOf(t *testing.T, s directory.Store, sourceID string) int64 {
	t.Helper()
	return findBySource(t, s, sourceID).ID
}
