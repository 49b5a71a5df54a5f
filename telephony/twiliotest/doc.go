// Package twiliotest stands in for Twilio where the real one cannot be
// used: a simulated phone that calls and texts the line's webhooks the way
// Twilio does (signed, following the TwiML, with Twilio's own limits), and
// a fake REST API that records the texts and calls the line sends. Tests
// use them, and so do the terminal phones, `peerline call` and
// `peerline text`, and the load generator; nothing that serves callers does.
package twiliotest
