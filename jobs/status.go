package jobs

import (
	"log/slog"
	"net/http"
	"time"

	"github.com/peerline/peerline/directory"
	"github.com/peerline/peerline/telephony"
)

// StatusHandler records Twilio's status callbacks for the texts and calls
// the line sent (POST /twilio/status). It always answers 200 with an
// empty TwiML document: Twilio has nothing to do next, and an unknown sid
// (a message sent by another tool on the same number) is not an error.
func StatusHandler(store directory.Store, now func() time.Time, log *slog.Logger) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if err := r.ParseForm(); err == nil {
			sid, status := r.PostForm.Get("MessageSid"), r.PostForm.Get("MessageStatus")
			if sid == "" {
				sid, status = r.PostForm.Get("CallSid"), r.PostForm.Get("CallStatus")
			}
			if _, err := store.RecordDelivery(r.Context(), sid, status, now()); err != nil && log != nil {
				log.Error("status callback: cannot record", "err", err)
			}
		}
		telephony.WriteMessages(w)
	})
}
