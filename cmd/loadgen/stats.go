package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"math"
	"net"
	"regexp"
	"slices"
	"strings"
	"time"
)

// maxErrorSamples is how many error messages a run keeps to show.
const maxErrorSamples = 5

// timelineSlices is how many slices of the run the timeline shows.
const timelineSlices = 12

// recorder is one worker's measurements; each worker has its own, so
// recording takes no lock.
type recorder struct {
	start     time.Time // the run's
	slice     time.Duration
	latencies map[string][]time.Duration
	errors    map[string]int
	kinds     map[string]int // errors by kind (errorKind)
	timeline  []sliceRecord  // by when requests started
	samples   []string
	calls     int
	texts     int
}

// sliceRecord is what was measured in one slice of the run's time.
type sliceRecord struct {
	latencies []time.Duration
	errors    int
}

// newRecorder records a run that starts at start and lasts duration.
func newRecorder(start time.Time, duration time.Duration) *recorder {
	return &recorder{
		start: start, slice: max(duration/timelineSlices, time.Second),
		latencies: map[string][]time.Duration{}, errors: map[string]int{}, kinds: map[string]int{},
	}
}

// record notes one request of a step: when it started, how long it
// took, and whether it failed.
func (r *recorder) record(step string, at time.Time, d time.Duration, err error) {
	r.latencies[step] = append(r.latencies[step], d)
	sl := r.sliceAt(at)
	sl.latencies = append(sl.latencies, d)
	if err != nil {
		r.errors[step]++
		r.kinds[errorKind(err)]++
		sl.errors++
		if len(r.samples) < maxErrorSamples {
			r.samples = append(r.samples, step+": "+maskNumber(err.Error()))
		}
	}
}

func (r *recorder) sliceAt(at time.Time) *sliceRecord {
	i := max(int(at.Sub(r.start)/r.slice), 0)
	for len(r.timeline) <= i {
		r.timeline = append(r.timeline, sliceRecord{})
	}
	return &r.timeline[i]
}

// merge adds the workers' recorders together.
func merge(recs []*recorder) *recorder {
	all := newRecorder(recs[0].start, recs[0].slice*timelineSlices)
	all.slice = recs[0].slice
	for _, r := range recs {
		for step, ds := range r.latencies {
			all.latencies[step] = append(all.latencies[step], ds...)
		}
		for step, n := range r.errors {
			all.errors[step] += n
		}
		for kind, n := range r.kinds {
			all.kinds[kind] += n
		}
		for i, sl := range r.timeline {
			into := all.sliceAt(all.start.Add(time.Duration(i) * all.slice))
			into.latencies = append(into.latencies, sl.latencies...)
			into.errors += sl.errors
		}
		for _, s := range r.samples {
			if len(all.samples) < maxErrorSamples {
				all.samples = append(all.samples, s)
			}
		}
		all.calls += r.calls
		all.texts += r.texts
	}
	return all
}

// errorKind sorts a failed request for the report: what the server
// answered (a status, an apology, a call that lost its state), or how
// the request failed.
func errorKind(err error) string {
	var fe *flowError
	var ne net.Error
	switch {
	case errors.As(err, &fe):
		return fe.kind
	case errors.Is(err, errNoReply):
		return "no reply to a text"
	case errors.Is(err, errWaitsForNothing):
		return "TwiML that waits for nothing (the call would end)"
	case errors.Is(err, errNoGather):
		return "a call dialled or recording where the plan expected a menu"
	case errors.Is(err, context.DeadlineExceeded), errors.As(err, &ne) && ne.Timeout():
		return "timeout (Twilio gives up after 15 s)"
	}
	msg := err.Error()
	if m := statusAnswer.FindStringSubmatch(msg); m != nil {
		return "HTTP " + m[1]
	}
	switch {
	case strings.Contains(msg, "invalid TwiML"):
		return "invalid TwiML"
	case strings.Contains(msg, "connection refused"), strings.Contains(msg, "connection reset"), strings.Contains(msg, "EOF"):
		return "connection refused, reset or closed"
	}
	return "other"
}

// statusAnswer is how twiliotest.Phone reports a status other than 200.
var statusAnswer = regexp.MustCompile(` answered (\d{3})$`)

// timeline summarises each slice of the run: throughput and latency as
// they went, which shows a pause (a backup, a checkpoint, GC) that the
// whole run's percentiles hide.
func (r *recorder) timelineResults() []sliceResult {
	out := make([]sliceResult, 0, len(r.timeline))
	for i, sl := range r.timeline {
		if len(sl.latencies) == 0 {
			continue
		}
		f := figures("", sl.latencies, sl.errors)
		out = append(out, sliceResult{
			From: (time.Duration(i) * r.slice).Seconds(), To: (time.Duration(i+1) * r.slice).Seconds(),
			Requests: f.Requests, Errors: f.Errors, PerSecond: round(float64(f.Requests)/r.slice.Seconds(), 1),
			P50: f.P50, P99: f.P99, Max: f.Max,
		})
	}
	return out
}

// sliceResult is one slice of the timeline; From and To in seconds from
// the start, latencies in milliseconds.
type sliceResult struct {
	From      float64 `json:"from_s"`
	To        float64 `json:"to_s"`
	Requests  int     `json:"requests"`
	Errors    int     `json:"errors"`
	PerSecond float64 `json:"requests_per_s"`
	P50       float64 `json:"p50_ms"`
	P99       float64 `json:"p99_ms"`
	Max       float64 `json:"max_ms"`
}

// stepResult is one step's figures; latencies in milliseconds.
type stepResult struct {
	Step     string  `json:"step"`
	Requests int     `json:"requests"`
	Errors   int     `json:"errors"`
	P50      float64 `json:"p50_ms"`
	P99      float64 `json:"p99_ms"`
	Max      float64 `json:"max_ms"`
}

// runResult is one run's figures.
type runResult struct {
	Target        string         `json:"target"`
	URL           string         `json:"url"`
	Callers       int            `json:"callers"`
	Texters       int            `json:"texters"`
	Duration      float64        `json:"duration_s"`
	Elapsed       float64        `json:"elapsed_s"`
	Calls         int            `json:"calls"`
	Conversations int            `json:"text_conversations"`
	Requests      int            `json:"requests"`
	HTTPRequests  int64          `json:"http_requests"`
	Errors        int            `json:"errors"`
	Throughput    float64        `json:"requests_per_s"`
	Steps         []stepResult   `json:"steps"`
	All           stepResult     `json:"all"`
	Timeline      []sliceResult  `json:"timeline"`
	CPU           float64        `json:"generator_cpu_s"` // this process's CPU time during the run (with --baseline's run: the handler's too)
	Servers       []serverResult `json:"servers"`
	ErrorKinds    map[string]int `json:"error_kinds,omitempty"`
	ErrorSamples  []string       `json:"error_samples,omitempty"`
}

// serverResult is what one server of the run was sent.
type serverResult struct {
	URL          string `json:"url"`
	HTTPRequests int64  `json:"http_requests"`
}

// summarise turns a run's measurements into its figures, steps in the
// order of a call, then of a conversation.
func summarise(name, url string, o options, r *recorder, elapsed time.Duration) *runResult {
	res := &runResult{
		Target: name, URL: url, Callers: o.callers, Texters: o.texters,
		Duration: o.duration.Seconds(), Elapsed: round(elapsed.Seconds(), 2),
		Calls: r.calls, Conversations: r.texts, ErrorSamples: r.samples,
	}
	if len(r.kinds) > 0 {
		res.ErrorKinds = r.kinds
	}
	var all []time.Duration
	for _, step := range append(append([]string{}, voiceSteps...), textSteps...) {
		ds := r.latencies[step]
		if len(ds) == 0 {
			continue
		}
		res.Steps = append(res.Steps, figures(step, ds, r.errors[step]))
		all = append(all, ds...)
		res.Errors += r.errors[step]
	}
	res.All = figures("all", all, res.Errors)
	res.Timeline = r.timelineResults()
	res.Requests = len(all)
	if s := elapsed.Seconds(); s > 0 {
		res.Throughput = round(float64(len(all))/s, 1)
	}
	return res
}

// figures sorts ds and reads its percentiles.
func figures(step string, ds []time.Duration, errs int) stepResult {
	slices.Sort(ds)
	return stepResult{
		Step: step, Requests: len(ds), Errors: errs,
		P50: ms(percentile(ds, 50)), P99: ms(percentile(ds, 99)), Max: ms(percentile(ds, 100)),
	}
}

// percentile is the nearest-rank percentile p of sorted ds.
func percentile(sorted []time.Duration, p float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	rank := int(math.Ceil(p / 100 * float64(len(sorted))))
	return sorted[min(max(rank, 1), len(sorted))-1]
}

func ms(d time.Duration) float64 { return round(float64(d)/float64(time.Millisecond), 3) }

func round(f float64, places int) float64 {
	p := math.Pow(10, float64(places))
	return math.Round(f*p) / p
}

// report is every run, and peerline's ratios to the baseline.
type report struct {
	Runs   []*runResult `json:"runs"`
	Ratios *ratios      `json:"ratios_to_baseline,omitempty"`
}

// ratios are peerline's figures divided by the baseline's: a throughput
// ratio below 1 and latency ratios above 1 are what peerline's own work
// (signature check, SQLite, search, TwiML) costs over a bare handler.
type ratios struct {
	Throughput float64        `json:"throughput"`
	All        latencyRatio   `json:"all"`
	Steps      []latencyRatio `json:"steps"`
}

type latencyRatio struct {
	Step string  `json:"step"`
	P50  float64 `json:"p50"`
	P99  float64 `json:"p99"`
}

// ratios fills in the ratios when there are a peerline and a baseline run.
func (r *report) ratios() {
	pl, bl := r.run("peerline"), r.run("baseline")
	if pl == nil || bl == nil {
		return
	}
	base := map[string]stepResult{}
	for _, s := range bl.Steps {
		base[s.Step] = s
	}
	r.Ratios = &ratios{Throughput: ratio(pl.Throughput, bl.Throughput), All: stepRatio(pl.All, bl.All)}
	for _, s := range pl.Steps {
		if b, ok := base[s.Step]; ok {
			r.Ratios.Steps = append(r.Ratios.Steps, stepRatio(s, b))
		}
	}
}

func stepRatio(p, b stepResult) latencyRatio {
	return latencyRatio{Step: p.Step, P50: ratio(p.P50, b.P50), P99: ratio(p.P99, b.P99)}
}

func ratio(a, b float64) float64 {
	if b == 0 {
		return 0
	}
	return round(a/b, 2)
}

func (r *report) run(name string) *runResult {
	for _, run := range r.Runs {
		if run.Target == name {
			return run
		}
	}
	return nil
}

func (r *report) errors() int {
	n := 0
	for _, run := range r.Runs {
		n += run.Errors
	}
	return n
}

func (r *report) writeJSON(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(r)
}

// writeText prints a table per run, then the ratios.
func (r *report) writeText(w io.Writer) {
	for i, run := range r.Runs {
		if i > 0 {
			fmt.Fprintln(w)
		}
		run.writeText(w)
	}
	if r.Ratios == nil {
		return
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, "peerline as a ratio to the baseline (latency: peerline/baseline, so 1.00 = as fast as a bare handler)")
	fmt.Fprintf(w, "%-12s %8s %8s\n", "step", "p50 ×", "p99 ×")
	for _, s := range r.Ratios.Steps {
		fmt.Fprintf(w, "%-12s %8.2f %8.2f\n", s.Step, s.P50, s.P99)
	}
	fmt.Fprintf(w, "%-12s %8.2f %8.2f\n", "all", r.Ratios.All.P50, r.Ratios.All.P99)
	pl, bl := r.run("peerline"), r.run("baseline")
	fmt.Fprintf(w, "throughput: peerline %.1f req/s / baseline %.1f req/s = %.2f\n", pl.Throughput, bl.Throughput, r.Ratios.Throughput)
}

func (run *runResult) writeText(w io.Writer) {
	fmt.Fprintf(w, "%s at %s: %d callers, %d texters, %gs (took %.1fs)\n",
		run.Target, run.URL, run.Callers, run.Texters, run.Duration, run.Elapsed)
	fmt.Fprintf(w, "%-12s %9s %7s %10s %10s %10s\n", "step", "requests", "errors", "p50 ms", "p99 ms", "max ms")
	for _, s := range append(slices.Clone(run.Steps), run.All) {
		fmt.Fprintf(w, "%-12s %9d %7d %10.2f %10.2f %10.2f\n", s.Step, s.Requests, s.Errors, s.P50, s.P99, s.Max)
	}
	fmt.Fprintf(w, "%d requests (%d HTTP), %d errors, %.1f requests/s; %d calls, %d text conversations\n",
		run.Requests, run.HTTPRequests, run.Errors, run.Throughput, run.Calls, run.Conversations)
	who := "the generator"
	if run.Target == "baseline" {
		who = "the generator and the baseline handler"
	}
	fmt.Fprintf(w, "CPU used by %s: %.1f s in %.1f s\n", who, run.CPU, run.Elapsed)
	if len(run.Servers) > 1 {
		fmt.Fprintf(w, "%d servers, each request to the next in turn:\n", len(run.Servers))
	}
	for _, s := range run.Servers {
		share := 0.0
		if run.HTTPRequests > 0 {
			share = 100 * float64(s.HTTPRequests) / float64(run.HTTPRequests)
		}
		fmt.Fprintf(w, "  sent to %s: %d HTTP requests (%.1f%%)\n", s.URL, s.HTTPRequests, share)
	}
	fmt.Fprintln(w, "timeline, by when requests started:")
	fmt.Fprintf(w, "  %-9s %9s %7s %10s %10s %10s\n", "seconds", "req/s", "errors", "p50 ms", "p99 ms", "max ms")
	for _, sl := range run.Timeline {
		fmt.Fprintf(w, "  %-9s %9.1f %7d %10.2f %10.2f %10.2f\n", fmt.Sprintf("%g-%g", sl.From, sl.To), sl.PerSecond, sl.Errors, sl.P50, sl.P99, sl.Max)
	}
	if len(run.ErrorKinds) > 0 {
		fmt.Fprintln(w, "errors by kind:")
		kinds := slices.Sorted(maps.Keys(run.ErrorKinds))
		slices.SortStableFunc(kinds, func(a, b string) int { return run.ErrorKinds[b] - run.ErrorKinds[a] })
		for _, k := range kinds {
			fmt.Fprintf(w, "  %7d  %s\n", run.ErrorKinds[k], k)
		}
	}
	if len(run.ErrorSamples) > 0 {
		fmt.Fprintln(w, "first errors:")
		for _, s := range run.ErrorSamples {
			fmt.Fprintln(w, "  "+s)
		}
	}
}
