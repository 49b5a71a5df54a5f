package main

import (
	"fmt"
	"math/rand/v2"
	"regexp"
)

// blockedCaller is the From Twilio sends for a withheld caller ID.
const blockedCaller = "anonymous"

// ontarioNPAs are Ontario's area codes, for searches and texts.
var ontarioNPAs = []string{"705", "249", "807", "613", "343", "416", "647", "519", "226", "905", "289"}

// townExchanges are exchanges (NPA-NXX) whose numbering-plan geocoding
// names a town the line knows, so that the line says "you are calling
// from Sault Ste. Marie": Sault Ste. Marie, Sudbury, Kenora, Timmins,
// Thunder Bay, Ottawa, Windsor, Toronto.
var townExchanges = []string{"705253", "705674", "807468", "705264", "807343", "613230", "519252", "416203"}

// callerNumber is a caller's From: one in ten withholds their number;
// four in ten call from a town's exchange; the rest from an Ontario area
// code with a fictional 555-01xx line.
func callerNumber(rng *rand.Rand) string {
	switch r := rng.IntN(100); {
	case r < 10:
		return blockedCaller
	case r < 50:
		return fmt.Sprintf("+1%s%04d", townExchanges[rng.IntN(len(townExchanges))], rng.IntN(10000))
	default:
		return fmt.Sprintf("+1%s55501%02d", ontarioNPAs[rng.IntN(len(ontarioNPAs))], rng.IntN(100))
	}
}

// texterNumber is the From of the seq'th text conversation: a different
// person each time, on a town's exchange, so that no number comes back
// before 80,000 conversations. A real texter sends a few texts, not
// hundreds, and the line rightly stops answering a number that texts
// more than 20 times in 10 minutes (sms.Line's Burst and Window).
func texterNumber(seq uint64) string {
	n := uint64(len(townExchanges))
	return fmt.Sprintf("+1%s%04d", townExchanges[seq%n], (seq/n)%10000)
}

var fullNumber = regexp.MustCompile(`\+1\d{10}`)

// maskNumber hides all but the last two digits of any full number in s,
// so that error samples in the report name nobody.
func maskNumber(s string) string {
	return fullNumber.ReplaceAllStringFunc(s, func(n string) string { return "+1*******" + n[len(n)-2:] })
}
