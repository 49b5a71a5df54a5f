package storetest

import (
	"errors"
	"testing"
	"time"

	"github.com/peerline/peerline/directory"
)

// Console accounts: one per e-mail in any case, found by e-mail or id,
// listed, changed and removed; the hash is kept as given.
func testStaffAccounts(t *testing.T, s directory.Store) {
	a, err := s.AddStaff(ctx, directory.Staff{Email: "Ann@Centre.example", Name: "Ann", Role: directory.RoleAdmin, Hash: "$argon2id$x", Created: testNow})
	must(t, err)
	if _, err := s.AddStaff(ctx, directory.Staff{Email: "ann@centre.example", Role: directory.RoleViewer, Hash: "h", Created: testNow}); !errors.Is(err, directory.ErrStaffExists) {
		t.Errorf("a second account for the same e-mail: %v", err)
	}
	_, err = s.AddStaff(ctx, directory.Staff{Email: "bob@centre.example", Name: "Bob", Role: directory.RoleViewer, Hash: "h2", Created: testNow})
	must(t, err)
	got, ok, err := s.StaffByEmail(ctx, " ANN@centre.example ")
	must(t, err)
	if !ok || got.ID != a.ID || got.Email != "ann@centre.example" || got.Role != directory.RoleAdmin || got.Hash != "$argon2id$x" || !got.Created.Equal(testNow) {
		t.Errorf("by e-mail: %+v %v", got, ok)
	}
	if byID, ok, err := s.StaffByID(ctx, a.ID); err != nil || !ok || byID.Email != got.Email {
		t.Errorf("by id: %+v %v %v", byID, ok, err)
	}
	if changed, err := s.SetStaffRole(ctx, "bob@centre.example", directory.RoleStaff); err != nil || !changed {
		t.Errorf("role: %v %v", changed, err)
	}
	if changed, err := s.SetStaffPassword(ctx, "bob@centre.example", "h3"); err != nil || !changed {
		t.Errorf("password: %v %v", changed, err)
	}
	list, err := s.StaffList(ctx)
	must(t, err)
	if len(list) != 2 || list[1].Role != directory.RoleStaff || list[1].Hash != "h3" {
		t.Errorf("list: %+v", list)
	}
	if removed, err := s.RemoveStaff(ctx, "bob@centre.example"); err != nil || !removed {
		t.Errorf("remove: %v %v", removed, err)
	}
	if _, ok, _ := s.StaffByEmail(ctx, "bob@centre.example"); ok {
		t.Error("a removed account is still found")
	}
}

// The audit log keeps who changed what, newest first.
func testAuditLog(t *testing.T, s directory.Store) {
	for i, action := range []string{"group.edit", "meeting.cancel", "staff.add"} {
		must(t, s.AddAudit(ctx, directory.AuditEntry{At: testNow.Add(time.Duration(i) * time.Minute), Who: "ann@centre.example",
			Action: action, Object: "group 1001", Old: `{"name":"A"}`, New: `{"name":"B"}`}))
	}
	log, err := s.AuditLog(ctx, 2)
	must(t, err)
	if len(log) != 2 || log[0].Action != "staff.add" || log[1].Action != "meeting.cancel" || log[0].Old != `{"name":"A"}` || !log[0].At.Equal(testNow.Add(2*time.Minute)) {
		t.Errorf("audit log: %+v", log)
	}
}

// A voicemail is marked handled, with who and a note.
func testVoicemailsAreHandled(t *testing.T, s directory.Store) {
	must(t, s.SaveVoicemail(ctx, directory.Voicemail{At: testNow, Caller: "+17055550142", RecordingURL: "https://api.twilio.com/r/RE1", Seconds: 30}))
	vms, err := s.Voicemails(ctx, testNow.Add(-time.Hour))
	must(t, err)
	if len(vms) != 1 {
		t.Fatalf("voicemails: %+v", vms)
	}
	notes, err := s.VoicemailNotes(ctx)
	must(t, err)
	if len(notes) != 0 {
		t.Errorf("a new voicemail is already handled: %+v", notes)
	}
	ok, err := s.HandleVoicemail(ctx, vms[0].ID, directory.VoicemailNote{Handled: testNow.Add(time.Hour), By: "ann@centre.example", Note: "Called back; joining Tuesday"})
	must(t, err)
	notes, err = s.VoicemailNotes(ctx)
	must(t, err)
	if n := notes[vms[0].ID]; !ok || n.By != "ann@centre.example" || n.Note != "Called back; joining Tuesday" || !n.Handled.Equal(testNow.Add(time.Hour)) {
		t.Errorf("handled: %v %+v", ok, notes)
	}
	if ok, err := s.HandleVoicemail(ctx, 999, directory.VoicemailNote{Handled: testNow}); err != nil || ok {
		t.Errorf("a voicemail that does not exist: %v %v", ok, err)
	}
}
