package directory

import (
	"time"
)

// Blocked is a number on the blocklist.
type Blocked struct {
	Number  string
	AddedAt time.Time
	Note    string
}
