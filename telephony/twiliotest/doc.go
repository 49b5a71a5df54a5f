// Package twiliotest stands in for Twilio where the real one cannot be
// used: a simulated phone that calls and texts the line's webhooks the way
// Twilio does (signed, following the TwiML, with Twilio's own limits), and
// a fake REST API that records the texts and calls the line sends. Tests
// use them, and so do the terminal phones, `peerline call` and
// `peerline text`, and the load generator; nothing that serves callers does.
//
// # The fake REST API
//
// FakeAPI answers what the line asks of Twilio's REST API: creating a
// message or a call (POST .../Messages.json, .../Calls.json), and listing
// them (GET, filtered by To, From and DateSent / StartTime with their <
// and > forms, newest first, a page at a time with the paging fields
// twilio-go follows). Like Twilio's, its date filters are whole UTC days:
// a client that wants the last minutes filters the listed date_created
// itself. Each message and call is stamped with the fake's clock
// (SetClock; the wall clock by default), which is Twilio's clock as the
// code under test sees it.
//
// It is an httptest server, so another process can use it too: `peerline
// remind` run by a test with TWILIO_API_BASE_URL set to its URL sends
// through it, and the test reads what it recorded.
//
// # Crash windows
//
// A sender can die at two points of a send that matter, and Hold makes
// the fake stop a create request at either, so that a test can kill the
// sender there:
//
//   - BeforeRecord: the request arrived but the fake has not recorded it.
//     A sender killed now sent nothing: the message "did not go".
//   - AfterRecord: the fake recorded it (a later list shows it) but has
//     not answered. A sender killed now sent it and never learned its
//     Sid: it "went, Sid unknown".
//
// Hold(skip, point) picks the create request after the next skip ones.
// Its Reached channel closes when that request is held; the test then
// kills the sender (or calls Release to let the request go on). A held
// request whose client goes away ends without recording (BeforeRecord)
// or without answering (AfterRecord), and Done closes: after Done, a
// message held BeforeRecord can never be recorded. Close releases every
// hold before shutting the server down.
//
// FailNext scripts failures of create requests, FailListsNext of list
// requests (Twilio down while the line looks a message up), and
// SetLatency slows every answer.
package twiliotest
