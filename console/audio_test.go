package console_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"
)

// fakeRecordings stands for Twilio's recording store, answering one
// recording's address.
type fakeRecordings struct{ asked []string }

func (f *fakeRecordings) Recording(_ context.Context, u string) (io.ReadCloser, string, error) {
	f.asked = append(f.asked, u)
	if !strings.HasSuffix(u, "/Recordings/RE1") {
		return nil, "", errors.New("not found")
	}
	return io.NopCloser(strings.NewReader("ID3 fake mp3")), "audio/mpeg", nil
}

// Staff play a voicemail in the page: the server fetches it, the page
// only ever names its own address; a viewer is not offered it.
func TestStaffPlayAVoicemail(t *testing.T) {
	w := newWorld(t)
	rec := &fakeRecordings{}
	w.c.Recordings = rec
	page := w.do(http.MethodGet, "/console/voicemails", "staff@centre.example", nil)
	audio := parse(t, page.body).named("audio")
	if len(audio) != 1 || audio[0].attr["src"] != "/console/voicemails/"+itoa(w.vmID)+"/audio" {
		t.Fatalf("no player for the voicemail:\n%s", page.body)
	}
	if strings.Contains(page.body, "api.twilio.com") {
		t.Error("the page names Twilio's address")
	}
	r := w.do(http.MethodGet, "/console/voicemails/"+itoa(w.vmID)+"/audio", "staff@centre.example", nil)
	if r.status != http.StatusOK || r.body != "ID3 fake mp3" || r.header.Get("Content-Type") != "audio/mpeg" || len(rec.asked) != 1 {
		t.Errorf("the audio: %d %q %q asked %v", r.status, r.body, r.header.Get("Content-Type"), rec.asked)
	}
	if v := w.do(http.MethodGet, "/console/voicemails", "viewer@centre.example", nil); len(parse(t, v.body).named("audio")) != 0 {
		t.Error("a viewer is offered the recording")
	}
	if v := w.do(http.MethodGet, "/console/voicemails/"+itoa(w.vmID)+"/audio", "viewer@centre.example", nil); v.status != http.StatusForbidden {
		t.Errorf("a viewer fetching the audio: %d", v.status)
	}
	if r := w.do(http.MethodGet, "/console/voicemails/999/audio", "staff@centre.example", nil); r.status != http.StatusNotFound {
		t.Errorf("an unknown voicemail: %d", r.status)
	}
}
