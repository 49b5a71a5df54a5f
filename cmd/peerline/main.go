// Command peerline runs the referral line and the tools around it. See
// the README for what each subcommand does.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"sort"
	"strings"
	"syscall"
	"time"

	"github.com/peerline/peerline/directory"
	"github.com/peerline/peerline/metrics"
	"github.com/peerline/peerline/webhook"
)

func main() {
	m := NewMain()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := m.Run(ctx, os.Args[1:])
	stop()
	if err != nil && !errors.Is(err, errReported) && !errors.Is(err, flag.ErrHelp) {
		fmt.Fprintln(m.Stderr, "peerline:", err)
	}
	os.Exit(exitCode(err))
}

// exitCode is the exit status for what Run returned: 0 done (help asked
// for is done), 2 the command line was wrong, 1 anything else.
func exitCode(err error) int {
	var u usageError
	switch {
	case err == nil, errors.Is(err, flag.ErrHelp):
		return 0
	case errors.As(err, &u):
		return 2
	}
	return 1
}

// Main is the program, with its surroundings made explicit so that tests
// run it in-process: where it writes, where settings come from, the clock.
type Main struct {
	Stdin  io.Reader
	Stdout io.Writer
	Stderr io.Writer
	Getenv func(string) string
	Now    func() time.Time
	Log    *slog.Logger

	// Ready, when set, is told the address serve listens on.
	Ready func(addr string)
}

// NewMain returns a Main wired to the process.
func NewMain() *Main {
	return &Main{
		Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr,
		Getenv: os.Getenv, Now: time.Now,
		Log: newLogger(os.Stderr, os.Getenv("PEERLINE_LOG_FORMAT")),
	}
}

// command is one subcommand.
type command struct {
	summary string
	run     func(m *Main, ctx context.Context, args []string) error
}

func commands() map[string]command {
	return map[string]command{
		"serve":  {"run the line: the HTTP server Twilio calls", (*Main).serve},
		"import": {"import a directory from a CSV file or an HSDS package", (*Main).importCmd},
		"export": {"export the directory as CSV or an HSDS package", (*Main).exportCmd},
		"search": {"show what the line would answer for a concern and area", (*Main).searchCmd},
		"call":   {"a phone in the terminal: call the voice line and press keys", (*Main).callCmd},
		"text":   {"a phone's text messages in the terminal: text the line", (*Main).textCmd},
		"remind": {"one reminder pass (queue and send what is due), then exit", (*Main).remindCmd},
		"cancel": {"cancel one meeting of a group; its members are told", (*Main).cancelCmd},
		"backup": {"a consistent copy of the database, while the server runs", (*Main).backupCmd},
		"copy":   {"copy a whole SQLite database into an empty PostgreSQL database", (*Main).copyCmd},
		"report": {"what people asked for, and what they did not find", (*Main).reportCmd},
		"member": {"forget a member, or export consent records for an audit", (*Main).memberCmd},
		"block":  {"block or unblock a number that abuses the line", (*Main).blockCmd},
		"feeds":  {"Meeting Guide feeds re-imported every night: add, list, remove, sync", (*Main).feedsCmd},
		"terms":  {"the concerns chosen for terms of imported data the line does not know", (*Main).termsCmd},
		"staff":  {"the console's accounts: add (password on standard input), list, remove", (*Main).staffCmd},
		"verify": {"one pass of listing checks: ask groups not confirmed lately whether they still meet", (*Main).verifyCmd},

		"referrer": {"helping professionals who may send a group's details to a client, with consent", (*Main).referrerCmd},
		"leader":   {"groups' leaders, who may cancel a meeting or send a note by text or phone: add, list, remove", (*Main).leaderCmd},
	}
}

// errReported means the command already said what went wrong.
var errReported = errors.New("reported")

type usageError struct{ msg string }

func (u usageError) Error() string { return u.msg }

// Run runs the subcommand named in args.
func (m *Main) Run(ctx context.Context, args []string) error {
	cmds := commands()
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		m.usage(cmds)
		if len(args) == 0 {
			return usageError{"no command given"}
		}
		return nil
	}
	c, ok := cmds[args[0]]
	if !ok {
		m.usage(cmds)
		return usageError{fmt.Sprintf("unknown command %q", args[0])}
	}
	return c.run(m, ctx, args[1:])
}

func (m *Main) usage(cmds map[string]command) {
	names := make([]string, 0, len(cmds))
	for n := range cmds {
		names = append(names, n)
	}
	sort.Strings(names)
	fmt.Fprintln(m.Stderr, "usage: peerline COMMAND [flags]\n\ncommands:")
	for _, n := range names {
		fmt.Fprintf(m.Stderr, "  %-8s %s\n", n, cmds[n].summary)
	}
	fmt.Fprintln(m.Stderr, "\n'peerline COMMAND --help' shows a command's flags.")
}

// flags makes a flag set for a subcommand whose errors and help go to
// Stderr.
func (m *Main) flags(name, usage string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(m.Stderr)
	fs.Usage = func() {
		fmt.Fprintf(m.Stderr, "usage: peerline %s %s\n\n", name, usage)
		fs.PrintDefaults()
	}
	return fs
}

// env returns the environment variable, or def when it is unset or empty.
// Flags declared with it as default win over it.
func (m *Main) env(name, def string) string {
	if v := strings.TrimSpace(m.Getenv(name)); v != "" {
		return v
	}
	return def
}

// dbFlag declares --db, defaulting to $PEERLINE_DB, then peerline.db.
func (m *Main) dbFlag(fs *flag.FlagSet) *string {
	return fs.String("db", m.env("PEERLINE_DB", "peerline.db"), "the database: a SQLite file, or a postgres:// URL (env PEERLINE_DB)")
}

// parseVerb parses a command with a verb (add, list, remove...) whose
// flags may come before or after it; fs.Args() are then the verb's own.
func parseVerb(fs *flag.FlagSet, args []string) (string, error) {
	if err := parse(fs, args); err != nil {
		return "", err
	}
	verb, rest := fs.Arg(0), fs.Args()
	if len(rest) > 0 {
		rest = rest[1:]
	}
	return verb, parse(fs, rest)
}

// parse parses flags, turning a bad flag into a usage error.
func parse(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return usageError{err.Error()}
	}
	return nil
}

// directory is what every command that answers searches needs.
type world struct {
	store store
	vocab *directory.Vocabulary
	areas *directory.Areas
	met   *metrics.Metrics
	// activity counts calls and texts for the report, written in batches.
	activity *webhook.Activity
}

func (m *Main) open(ctx context.Context, path string) (*world, error) {
	vocab, err := directory.LoadVocabulary()
	if err != nil {
		return nil, fmt.Errorf("loading the concern vocabulary: %w", err)
	}
	areas, err := directory.LoadAreas()
	if err != nil {
		return nil, fmt.Errorf("loading the area codes: %w", err)
	}
	store, err := openStore(ctx, path)
	if err != nil {
		return nil, err
	}
	store.LogLostWrites(m.Log) // search logs, written without the search waiting
	met := metrics.New(metrics.Gauges{OutboxDepth: store.CountPending, WaitlistSize: store.CountWaiting})
	activity := &webhook.Activity{Store: store, Now: m.Now, Log: m.Log}
	return &world{store: store, vocab: vocab, areas: areas, met: met, activity: activity}, nil
}

// close writes the counts not written yet, and closes the store.
func (w *world) close() {
	w.activity.Flush(context.Background())
	w.store.Close()
}

func (w *world) finder(now func() time.Time) *directory.Finder {
	return &directory.Finder{Store: w.store, Vocab: w.vocab, Areas: w.areas, Now: now,
		OnSearch: func(l directory.SearchLog, category string) { w.met.Searched(l.Channel, category, l.Results) }}
}
