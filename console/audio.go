package console

import (
	"context"
	"io"
	"net/http"
	"strconv"
	"time"

	"github.com/peerline/peerline/directory"
)

// Recordings fetches a voicemail's audio with the line's Twilio
// credentials, so that staff can play it in the page while the browser
// never sees them. telephony.Sender is one.
type Recordings interface {
	Recording(ctx context.Context, recordingURL string) (io.ReadCloser, string, error)
}

// audioRoutes serves a voicemail's audio to staff and admins.
func (c *Console) audioRoutes(mux *http.ServeMux) {
	mux.Handle("GET "+Prefix+"/voicemails/{id}/audio", c.page(directory.RoleStaff, c.voicemailAudio))
}

// voicemailAudio streams a voicemail's recording from Twilio.
func (c *Console) voicemailAudio(w http.ResponseWriter, r *http.Request, me *account) {
	if c.Recordings == nil {
		c.notFound(w, r, me, "Playing voicemails needs the line's Twilio account (TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN).")
		return
	}
	id, _ := strconv.ParseInt(r.PathValue("id"), 10, 64)
	vms, err := c.Store.Voicemails(r.Context(), time.Time{})
	if err != nil {
		c.fail(w, r, "reading voicemails", err)
		return
	}
	for _, v := range vms {
		if v.ID != id {
			continue
		}
		body, kind, err := c.Recordings.Recording(r.Context(), v.RecordingURL)
		if err != nil {
			c.log().Warn("console: a recording could not be fetched", "voicemail", id, "err", err)
			c.notFound(w, r, me, "This recording could not be fetched from Twilio just now; try again later.")
			return
		}
		defer body.Close()
		if kind == "" {
			kind = "audio/mpeg"
		}
		w.Header().Set("Content-Type", kind)
		io.Copy(w, body)
		return
	}
	c.notFound(w, r, me, "No such voicemail: it may have been deleted after the retention period.")
}
