// Package metrics is what the line shows its operators at GET /metrics,
// through Prometheus' client library, on a registry of its own (no
// global state): webhook requests and their latency, searches and those
// that found nothing, reminders, the outbox and the wait list.
package metrics

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// Metrics holds the line's counters.
type Metrics struct {
	reg       *prometheus.Registry
	requests  *prometheus.CounterVec
	latency   *prometheus.HistogramVec
	searches  *prometheus.CounterVec
	nothing   *prometheus.CounterVec
	reminders *prometheus.CounterVec
}

// Gauges are values read when Prometheus scrapes: how many messages wait
// in the outbox, how many people wait for a group.
type Gauges struct {
	OutboxDepth  func(context.Context) (int, error)
	WaitlistSize func(context.Context) (int, error)
}

// New makes the line's metrics.
func New(g Gauges) *Metrics {
	m := &Metrics{
		reg: prometheus.NewRegistry(),
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "peerline_webhook_requests_total", Help: "Twilio webhook requests by route and outcome.",
		}, []string{"route", "outcome"}),
		latency: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "peerline_webhook_seconds", Help: "How long the line took to answer a webhook.",
			Buckets: []float64{.0005, .001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 15},
		}, []string{"route"}),
		searches: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "peerline_searches_total", Help: "Searches by channel and concern category.",
		}, []string{"channel", "category"}),
		nothing: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "peerline_searches_empty_total", Help: "Searches that found no group, by channel and concern category.",
		}, []string{"channel", "category"}),
		reminders: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "peerline_reminders_total", Help: "Reminder messages by what became of them: queued, sent, retry, failed, skipped, unknown.",
		}, []string{"result"}),
	}
	m.reg.MustRegister(m.requests, m.latency, m.searches, m.nothing, m.reminders,
		prometheus.NewGoCollector(), prometheus.NewProcessCollector(prometheus.ProcessCollectorOpts{}))
	gauge := func(name, help string, read func(context.Context) (int, error)) {
		if read == nil {
			return
		}
		m.reg.MustRegister(prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: name, Help: help}, func() float64 {
			ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
			defer cancel()
			n, err := read(ctx)
			if err != nil {
				return -1
			}
			return float64(n)
		}))
	}
	gauge("peerline_outbox_depth", "Messages queued and not yet sent.", g.OutboxDepth)
	gauge("peerline_waitlist_size", "People waiting to hear that a group starts.", g.WaitlistSize)
	return m
}

// Handler serves the metrics for Prometheus.
func (m *Metrics) Handler() http.Handler {
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{Registry: m.reg})
}

// Webhooks counts and times the requests a route answers. The outcome is
// the status class, or "rejected" for a forged signature.
func (m *Metrics) Webhooks(route string, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		rec := &status{ResponseWriter: w, code: http.StatusOK}
		next.ServeHTTP(rec, r)
		outcome := strconv.Itoa(rec.code/100) + "xx"
		if rec.code == http.StatusForbidden {
			outcome = "rejected"
		}
		m.requests.WithLabelValues(route, outcome).Inc()
		m.latency.WithLabelValues(route).Observe(time.Since(start).Seconds())
	})
}

type status struct {
	http.ResponseWriter
	code int
}

func (s *status) WriteHeader(code int) {
	s.code = code
	s.ResponseWriter.WriteHeader(code)
}

// Searched counts a search by its concern's category ("" when the words
// named no concern); found is how many groups it found.
func (m *Metrics) Searched(channel, category string, found int) {
	if category == "" {
		category = "not understood"
	}
	m.searches.WithLabelValues(channel, category).Inc()
	if found == 0 {
		m.nothing.WithLabelValues(channel, category).Inc()
	}
}

// Reminders counts what a reminder pass did.
func (m *Metrics) Reminders(counts map[string]int) {
	for result, n := range counts {
		if n > 0 {
			m.reminders.WithLabelValues(strings.ToLower(result)).Add(float64(n))
		}
	}
}
