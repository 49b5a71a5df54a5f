package main

import (
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"time"

	"github.com/peerline/peerline/directory"
)

// Starting a group: the threshold at which the report and the console
// say a group could start (PEERLINE_START_THRESHOLD), and those lines of
// the report.

// startThreshold reads PEERLINE_START_THRESHOLD: how many people waiting
// for a concern in an area make a line of the report, default 5.
func (m *Main) startThreshold() (int, error) {
	raw := m.env("PEERLINE_START_THRESHOLD", strconv.Itoa(directory.DefaultStartThreshold))
	n, err := strconv.Atoi(raw)
	if err != nil || n < 1 || n > 10000 {
		return directory.DefaultStartThreshold, fmt.Errorf("PEERLINE_START_THRESHOLD %q: a number of people, like %d", raw, directory.DefaultStartThreshold)
	}
	return n, nil
}

// readStartConfig checks PEERLINE_START_THRESHOLD with the line's other settings.
func (m *Main) readStartConfig(c *lineConfig) badSettings {
	n, err := m.startThreshold()
	c.startThreshold = n
	if err != nil {
		return badSettings{err}
	}
	return nil
}

// readyToStart is where enough people wait that a group could start, and
// the threshold it was read with.
func (m *Main) readyToStart(ctx context.Context, store directory.Store, areas *directory.Areas, now time.Time) ([]directory.Ready, int, error) {
	threshold, err := m.startThreshold()
	if err != nil {
		return nil, 0, usageError{err.Error()}
	}
	ready, err := directory.ReadyToStart(ctx, store, areas, threshold, now)
	if err != nil {
		return nil, 0, fmt.Errorf("reading where a group could start: %w", err)
	}
	return ready, threshold, nil
}

func writeReadyText(w io.Writer, ready []directory.Ready, threshold int, n namer) error {
	if len(ready) == 0 { // nothing to say: the wait list above says who waits
		return nil
	}
	ew := &errWriter{w: w}
	ew.printf("\nWhere a group could start (at least %d people waiting, now)\n", threshold)
	for _, r := range ready {
		ew.printf("  %s\n", directory.StartLine(r.People, n.concern(r.Concern), n.areas.PlaceName(r.Area, r.Town, directory.English)))
	}
	return ew.err
}

// writeReadyCSV adds the section ready to the CSV report: a row per
// concern and area, area_name the place as people know it.
func writeReadyCSV(w io.Writer, ready []directory.Ready, n namer) error {
	cw := csv.NewWriter(w)
	for _, r := range ready {
		rec := make([]string, len(reportCSVHeader))
		set := map[string]string{"concern": r.Concern, "concern_name": n.concern(r.Concern), "area": r.Area,
			"area_name": n.areas.PlaceName(r.Area, r.Town, directory.English), "count": strconv.Itoa(r.People)}
		rec[0] = "ready"
		for i, col := range reportCSVHeader[1:] {
			rec[i+1] = set[col]
		}
		cw.Write(rec)
	}
	cw.Flush()
	return cw.Error()
}
