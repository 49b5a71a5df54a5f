// Package routes names, once, the URLs the line serves: the part that
// builds a URL (a Gather's action, a reminder call's words, a status
// callback) and the part that serves it read the same name, so the two
// cannot drift apart.
package routes

import "strconv"

const (
	// Voice is where Twilio posts a call that comes in. The later steps
	// of a call are below it, each named for the wait it answers.
	Voice = "/twilio/voice"
	// SMS is where Twilio posts a text that comes in.
	SMS = "/twilio/sms"
	// Status is where Twilio posts what became of a text or call the line sent.
	Status = "/twilio/status"
	// Health answers load balancers and monitors.
	Health = "/healthz"
	// Metrics is read by Prometheus.
	Metrics = "/metrics"

	// ReminderStep is the step of a call the line placed, when the
	// member answers: the voice line says the outbox message ?id=N.
	ReminderStep = "reminder"
	// CheckStep is the step of a listing check the line placed (issue
	// 14), when the group's leader or contact answers: ?id=N is the ask.
	CheckStep = "check-call"
)

// VoiceStep is the URL of one step of a call.
func VoiceStep(step string) string { return Voice + "/" + step }

// ReminderCall is the URL Twilio fetches when a member answers a call the
// line placed for outbox message id.
func ReminderCall(id int64) string {
	return VoiceStep(ReminderStep) + "?id=" + strconv.FormatInt(id, 10)
}

// CheckCall is the URL Twilio fetches when a group's leader or contact
// answers a listing check the line placed, ask id.
func CheckCall(id int64) string {
	return VoiceStep(CheckStep) + "?id=" + strconv.FormatInt(id, 10)
}
