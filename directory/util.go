package directory

import (
	"sort"
	"strings"
	"time"
)

// normalizeSpace lowercases s and folds runs of white space to one space.
func normalizeSpace(s string) string {
	return strings.Join(strings.Fields(strings.ToLower(s)), " ")
}

func sortTimes(ts []time.Time) {
	sort.Slice(ts, func(i, j int) bool { return ts[i].Before(ts[j]) })
}
