package directory

import (
	"testing"
	"time"
)

func TestWrittenForms(t *testing.T) {
	toronto, _ := time.LoadLocation("America/Toronto")
	evening := time.Date(2026, 11, 24, 19, 0, 0, 0, toronto)
	half := time.Date(2026, 12, 2, 18, 30, 0, 0, toronto)
	noon := time.Date(2026, 12, 6, 12, 0, 0, 0, toronto)
	midnight := time.Date(2026, 12, 6, 0, 5, 0, 0, toronto)
	for got, want := range map[string]string{
		WrittenWhen(English, evening): "Tue Nov 24 7pm", WrittenWhen(French, evening): "mar 24 nov 19 h",
		WrittenWhen(English, half): "Wed Dec 2 6:30pm", WrittenWhen(French, half): "mer 2 déc 18 h 30",
		WrittenTime(English, noon): "12pm", WrittenTime(English, midnight): "12:05am",
		WrittenPhone("+17055550142"): "705-555-0142", WrittenPhone(""): "-", WrittenPhone("+441234567890"): "+441234567890",
		WrittenWeekday(French, time.Sunday): "dim",
	} {
		if got != want {
			t.Errorf("got %q; want %q", got, want)
		}
	}
}
