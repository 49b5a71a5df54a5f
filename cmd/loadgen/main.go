// Command loadgen is peerline's load generator. It plays many concurrent
// callers and texters against a running server on this machine — signed
// webhook requests, following the TwiML the way Twilio does — and reports
// each step's latency (p50, p99, max), the errors and the throughput.
// With --baseline it then runs the same load against a minimal net/http
// handler that answers fixed TwiML, and reports peerline as a ratio to it.
//
// It only ever talks to the loopback interface: --url must be 127.0.0.1,
// [::1] or localhost, and its dialer refuses any other address.
//
// --url may name several servers that share one database (repeated, or
// comma-separated): every caller and texter then sends each request to
// the next server in turn, so that the steps of one call or one text
// conversation alternate between them, and the run fails if any server
// answers a step as if it did not know where the call was.
//
// A few helper modes serve scripts/loadtest.sh:
//
//	loadgen --make-directory N OUT.csv   a fictional N-group directory CSV
//	loadgen --check-db FILE [--want-groups N]   integrity check of a SQLite file
//	loadgen --fake-twilio URLFILE        a fake Twilio REST API on 127.0.0.1
//	loadgen --free-port                  a free TCP port on 127.0.0.1
//	loadgen --wrk-prepare DIR ...        signed requests and seeded calls for scripts/wrk.sh (see wrk.go)
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Stdout)
	stop()
	switch {
	case err == nil:
	case errors.Is(err, flag.ErrHelp):
		os.Exit(2)
	case errors.As(err, new(usageError)):
		fmt.Fprintln(os.Stderr, "loadgen:", err)
		os.Exit(2)
	default:
		fmt.Fprintln(os.Stderr, "loadgen:", err)
		os.Exit(1)
	}
}

// usageError is a command line that cannot be run.
type usageError struct{ msg string }

func (u usageError) Error() string { return u.msg }

// options are the command line.
type options struct {
	urls                  urlList
	url, token, publicURL string // url: the first of urls
	callers, texters      int
	duration, think       time.Duration
	json, baseline        bool
	seed                  uint64

	makeDirectory int
	checkDB       string
	wantGroups    int
	fakeTwilio    string
	freePort      bool

	wrkPrepare, wrkCheck, bareDocs, db string
	wrkCalls                           int
}

func parseOptions(args []string, out io.Writer) (options, []string, error) {
	var o options
	fs := flag.NewFlagSet("loadgen", flag.ContinueOnError)
	fs.SetOutput(out)
	fs.Var(&o.urls, "url", "the peerline server, e.g. http://127.0.0.1:8080 (loopback only); repeated or comma-separated: servers sharing one database, sent each request in turn")
	fs.StringVar(&o.token, "token", os.Getenv("TWILIO_AUTH_TOKEN"), "auth token requests are signed with (env TWILIO_AUTH_TOKEN)")
	fs.StringVar(&o.publicURL, "public-url", "", "the URL signatures are computed on, the same for every server (default: the first --url)")
	fs.IntVar(&o.callers, "callers", 200, "concurrent callers")
	fs.IntVar(&o.texters, "texters", 20, "concurrent texters")
	fs.DurationVar(&o.duration, "duration", 60*time.Second, "how long to load the server (for --fake-twilio: the longest it serves)")
	fs.DurationVar(&o.think, "think", 0, "pause before each keypress and text (a person's; Twilio itself does not wait)")
	fs.BoolVar(&o.json, "json", false, "print the results as JSON")
	fs.BoolVar(&o.baseline, "baseline", false, "also run the same load against a minimal fixed-TwiML handler and report the ratios")
	fs.Uint64Var(&o.seed, "seed", 1, "random seed for the callers' and texters' choices")
	fs.IntVar(&o.makeDirectory, "make-directory", 0, "write a fictional directory of N groups as CSV to the file named after the flags, and exit")
	fs.StringVar(&o.checkDB, "check-db", "", "check a SQLite database file (integrity, group count) and exit")
	fs.IntVar(&o.wantGroups, "want-groups", 0, "with --check-db: the number of groups the database must hold")
	fs.StringVar(&o.fakeTwilio, "fake-twilio", "", "serve a fake Twilio REST API on 127.0.0.1, write its URL to this file, and serve until interrupted or --duration")
	fs.BoolVar(&o.freePort, "free-port", false, "print a free TCP port on 127.0.0.1 and exit")
	fs.StringVar(&o.wrkPrepare, "wrk-prepare", "", "for scripts/wrk.sh: write signed requests into this folder, seed calls in --db, keep the server's answers, and exit")
	fs.IntVar(&o.wrkCalls, "wrk-calls", 100_000, "with --wrk-prepare: requests of each kind")
	fs.StringVar(&o.db, "db", "", "with --wrk-prepare and --wrk-check: the server's SQLite database")
	fs.StringVar(&o.wrkCheck, "wrk-check", "", "count the calls --wrk-prepare seeded into --db by the step they wait at, and exit")
	fs.StringVar(&o.bareDocs, "bare-docs", "", "serve the answers --wrk-prepare kept in this folder on 127.0.0.1, write the URL to the file named after the flags, and serve until interrupted or --duration")
	fs.Usage = func() {
		fmt.Fprintln(out, "usage: loadgen --url http://127.0.0.1:PORT[,http://127.0.0.1:PORT2...] [--token T] [--public-url URL] [--callers N] [--texters M] [--duration D] [--think D] [--json] [--baseline]")
		fmt.Fprintln(out, "       loadgen --baseline [flags]             (the fixed-TwiML handler alone)")
		fmt.Fprintln(out, "       loadgen --make-directory N OUT.csv | --check-db FILE [--want-groups N] | --fake-twilio URLFILE | --free-port")
		fmt.Fprintln(out, "       loadgen --wrk-prepare DIR --url URL --db FILE [--wrk-calls N] | --wrk-check DIR --db FILE | --bare-docs DIR URLFILE")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return o, nil, err
		}
		return o, nil, usageError{err.Error()}
	}
	if len(o.urls) > 0 {
		o.url = o.urls[0]
	}
	return o, fs.Args(), nil
}

// urlList is --url: one server, or several, repeated or comma-separated.
type urlList []string

func (l *urlList) String() string { return strings.Join(*l, ",") }

func (l *urlList) Set(v string) error {
	for _, u := range strings.Split(v, ",") {
		if u = strings.TrimRight(strings.TrimSpace(u), "/"); u == "" {
			return errors.New("an empty URL")
		}
		*l = append(*l, u)
	}
	return nil
}

// run is the program: it parses args, runs the mode they name and writes
// the results to stdout.
func run(ctx context.Context, args []string, stdout io.Writer) error {
	o, rest, err := parseOptions(args, stdout)
	if err != nil {
		return err
	}
	switch {
	case o.makeDirectory > 0:
		if len(rest) != 1 {
			return usageError{"--make-directory N needs one output file after the flags"}
		}
		return makeDirectory(o.makeDirectory, rest[0], stdout)
	case o.checkDB != "":
		return checkDB(ctx, o.checkDB, o.wantGroups, stdout)
	case o.fakeTwilio != "":
		return fakeTwilio(ctx, o.fakeTwilio, o.duration, stdout)
	case o.freePort:
		return freePort(stdout)
	case (o.wrkPrepare != "" || o.wrkCheck != "" || o.bareDocs != "") && len(o.urls) > 1:
		return usageError{"--wrk-prepare, --wrk-check and --bare-docs take one --url"}
	case o.wrkPrepare != "":
		return wrkPrepare(ctx, o, o.wrkPrepare, stdout)
	case o.wrkCheck != "":
		return wrkCheck(ctx, o.wrkCheck, o.db, stdout)
	case o.bareDocs != "":
		if len(rest) != 1 {
			return usageError{"--bare-docs DIR needs one URL file after the flags"}
		}
		return bareDocs(ctx, o.bareDocs, rest[0], o.duration)
	}
	if len(rest) > 0 {
		return usageError{fmt.Sprintf("unexpected arguments: %s", strings.Join(rest, " "))}
	}
	if err := o.check(); err != nil {
		return err
	}
	return loadTest(ctx, o, stdout)
}

// check refuses a load the generator must not run.
func (o options) check() error {
	if o.url == "" && !o.baseline {
		return usageError{"--url is required (or --baseline alone)"}
	}
	for _, u := range o.urls {
		if err := loopbackURL(u); err != nil {
			return usageError{err.Error()}
		}
	}
	if dup := duplicate(o.urls); dup != "" {
		return usageError{fmt.Sprintf("--url %s is given twice", dup)}
	}
	switch {
	case o.callers < 0 || o.texters < 0 || o.callers+o.texters == 0:
		return usageError{"--callers and --texters must not be negative, and not both 0"}
	case o.callers+o.texters > maxWorkers:
		return usageError{fmt.Sprintf("at most %d callers and texters together", maxWorkers)}
	case o.duration <= 0 || o.duration > maxDuration:
		return usageError{fmt.Sprintf("--duration must be above 0 and at most %v", maxDuration)}
	case o.think < 0 || o.think > time.Minute:
		return usageError{"--think must be between 0 and 1m"}
	}
	return nil
}

// loadTest runs the load against --url, then (with --baseline) against
// the fixed handler, and reports.
func loadTest(ctx context.Context, o options, stdout io.Writer) error {
	var report report
	if len(o.urls) > 0 {
		public := strings.TrimRight(o.publicURL, "/")
		if public == "" {
			public = o.urls[0]
		}
		res, err := load(ctx, target{name: "peerline", baseURLs: o.urls, publicURL: public, token: o.token, flow: true}, o)
		if err != nil {
			return err
		}
		report.Runs = append(report.Runs, res)
	}
	if o.baseline {
		srv, err := startBaseline()
		if err != nil {
			return err
		}
		res, err := load(ctx, target{name: "baseline", baseURLs: []string{srv.url}, publicURL: srv.url, token: o.token}, o)
		srv.stop()
		if err != nil {
			return err
		}
		report.Runs = append(report.Runs, res)
	}
	report.ratios()
	if o.json {
		if err := report.writeJSON(stdout); err != nil {
			return err
		}
	} else {
		report.writeText(stdout)
	}
	if n := report.errors(); n > 0 {
		return fmt.Errorf("%d requests failed", n)
	}
	return nil
}

// duplicate is a URL given more than once, or "".
func duplicate(urls []string) string {
	seen := map[string]bool{}
	for _, u := range urls {
		if seen[u] {
			return u
		}
		seen[u] = true
	}
	return ""
}
