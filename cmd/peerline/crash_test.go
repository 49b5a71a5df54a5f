package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/peerline/peerline/directory"
	"github.com/peerline/peerline/directory/postgres/pgtest"
	"github.com/peerline/peerline/telephony/twiliotest"
)

// crashEngines are the databases the crash test runs `peerline remind`
// on: each gives the PEERLINE_DB of a fresh, empty database for one test.
var crashEngines = []struct {
	name string
	db   func(t *testing.T) string
}{
	{"sqlite", func(t *testing.T) string { return filepath.Join(t.TempDir(), "crash.db") }},
	{"postgres", func(t *testing.T) string { return pgtest.URL(t) }},
}

// afterStrand is how far apart the passes of the crash test are: more
// than jobs' strandAfter (5 minutes), after which a pass takes a message a
// dead sender left in doubt and asks Twilio about it.
const afterStrand = 6 * time.Minute

// The promise, with a real process killed with SIGKILL: a pass
// killed at any moment loses nothing and sends nothing twice. Twelve
// members are due a reminder at once, eight by text and four by call.
// Pass after pass is killed while Twilio (the fake) holds one of its
// sends — before Twilio has it ("did not go") or after, the answer with
// its Sid never read ("went") — each time at another row; then a pass
// runs to its end. Every member has exactly one reminder, and the outbox
// has every one sent, with its own Sid.
func TestCrashKilledPassesSendEachReminderOnce(t *testing.T) {
	if testing.Short() {
		t.Skip("builds peerline and kills it a few times")
	}
	bin := buildPeerline(t)
	for _, engine := range crashEngines {
		t.Run(engine.name, func(t *testing.T) { crashAndRecover(t, bin, engine.db(t)) })
	}
}

func crashAndRecover(t *testing.T, bin, db string) {
	ctx := context.Background()
	fake := twiliotest.NewFakeAPI()
	defer fake.Close()
	env := map[string]string{
		"PEERLINE_DB": db, "TWILIO_ACCOUNT_SID": "AC0123456789abcdef0123456789abcdef", "TWILIO_AUTH_TOKEN": "token123",
		"TWILIO_FROM": "+17055550100", "TWILIO_API_BASE_URL": fake.URL, "PEERLINE_PUBLIC_URL": "https://line.example.org",
		"PEERLINE_SEND_RATE": "2",
	}
	if _, _, err := run(t, env, "import", writeTemp(t, "d.csv", string(demoDirectory))); err != nil {
		t.Fatal(err)
	}

	// Twelve members of the demo's Ontario grief telephone group.
	store, err := openStore(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	g := crashGroup(t, store, "Ontario Grief Companions by Phone")
	byText, byCall := map[string]bool{}, map[string]bool{}
	for i := range 12 {
		n, ch, via := fmt.Sprintf("+170555501%02d", 50+i), directory.ByText, "sms"
		if i%3 == 2 {
			ch, via = directory.ByCall, "voice"
			byCall[n] = true
		} else {
			byText[n] = true
		}
		if _, err := store.Subscribe(ctx, n, g.ID, ch, directory.Consent{At: testNow, Via: via, Purpose: "reminders",
			Contact: ch, Lang: directory.English, Wording: "Press 1 to get a reminder before each meeting."}); err != nil {
			t.Fatal(err)
		}
	}
	next, _ := g.NextMeeting(testNow)
	at := next.Add(-time.Hour) // every member's hour-before reminder is due

	// Kill a pass in each window, three times each, at different rows.
	kills := []crashKill{
		{0, twiliotest.BeforeRecord},
		{1, twiliotest.AfterRecord},
		{2, twiliotest.BeforeRecord},
		{0, twiliotest.AfterRecord},
		{1, twiliotest.BeforeRecord},
		{2, twiliotest.AfterRecord},
	}
	var logs []string
	for i, k := range kills {
		when := at.Add(time.Duration(i) * afterStrand)
		before := len(fake.Messages()) + len(fake.Calls())
		hold := fake.Hold(k.skip, k.point)
		p := startRemind(t, bin, env, fake, when)
		select {
		case <-hold.Reached():
		case <-p.exited:
			t.Fatalf("kill %d: the pass ended before its send %d was held: %v\n%s", i+1, k.skip+1, p.err, p.stderr.String())
		case <-time.After(time.Minute):
			t.Fatalf("kill %d: no send held within a minute\n%s", i+1, p.stderr.String())
		}
		p.kill(t)
		<-hold.Done() // the fake saw the process go: a text held before recording never will be
		logs = append(logs, p.stderr.String())
		recorded := len(fake.Messages()) + len(fake.Calls())
		t.Logf("kill %d at %s: held a send to %s %s; Twilio had %d sends, now %d",
			i+1, when.Format("15:04"), directory.Mask(hold.To()), k.point, before, recorded)
	}

	// A pass after the last crash, to its end; and one more, which finds nothing to do.
	for _, extra := range []time.Duration{0, time.Minute} {
		when := at.Add(time.Duration(len(kills))*afterStrand + extra)
		p := startRemind(t, bin, env, fake, when)
		select {
		case <-p.exited:
		case <-time.After(2 * time.Minute):
			p.kill(t)
			t.Fatalf("the last pass did not end\n%s", p.stderr.String())
		}
		if p.err != nil {
			t.Fatalf("the last pass: %v\n%s", p.err, p.stderr.String())
		}
		logs = append(logs, p.stderr.String())
		t.Logf("the pass at %s: %s", when.Format("15:04"), strings.TrimSpace(p.stdout.String()))
	}

	// What the members noticed: one reminder each.
	texts, calls := map[string]int{}, map[string]int{}
	for _, m := range fake.Messages() {
		texts[m.To]++
	}
	for _, c := range fake.Calls() {
		calls[c.To]++
	}
	perMember := map[int]int{}
	for n := range byText {
		perMember[texts[n]+calls[n]]++
		if texts[n] != 1 || calls[n] != 0 {
			t.Errorf("%s, by text: %d texts, %d calls", directory.Mask(n), texts[n], calls[n])
		}
	}
	for n := range byCall {
		perMember[texts[n]+calls[n]]++
		if calls[n] != 1 || texts[n] != 0 {
			t.Errorf("%s, by call: %d calls, %d texts", directory.Mask(n), calls[n], texts[n])
		}
	}
	if len(texts)+len(calls) != 12 {
		t.Errorf("Twilio sent to %d numbers: texts %v, calls %v", len(texts)+len(calls), texts, calls)
	}

	// What the outbox says: every reminder sent, with its own Sid, the one Twilio has.
	sids := map[string]string{}
	for _, m := range fake.Messages() {
		sids[m.Sid] = m.To
	}
	for _, c := range fake.Calls() {
		sids[c.Sid] = c.To
	}
	rows, err := store.Outgoings(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, it := range rows {
		if it.State != directory.OutboxSent || it.Sid == "" || sids[it.Sid] != it.Number || seen[it.Sid] {
			t.Errorf("outbox %d (%s): %s, sid %q", it.ID, directory.Mask(it.Number), it.State, it.Sid)
		}
		seen[it.Sid] = true
	}
	if len(rows) != 12 {
		t.Errorf("%d reminders in the outbox; want 12", len(rows))
	}

	// No log said a member's number in clear.
	all := strings.Join(logs, "\n")
	for n := range byText {
		if strings.Contains(all, n) || strings.Contains(all, n[1:]) {
			t.Errorf("a log holds %s in clear", directory.Mask(n))
		}
	}
	for n := range byCall {
		if strings.Contains(all, n) || strings.Contains(all, n[1:]) {
			t.Errorf("a log holds %s in clear", directory.Mask(n))
		}
	}
	t.Logf("after %d kills (%d before Twilio had the send, %d after): members by reminders received %v; "+
		"%d found at Twilio after a crash, %d sent after a crash",
		len(kills), countPoint(kills, twiliotest.BeforeRecord), countPoint(kills, twiliotest.AfterRecord), perMember,
		strings.Count(all, "had gone; its Sid is recorded"), strings.Count(all, "had not gone; sending it"))
}

// crashKill is where a pass is killed: while the fake holds the send after
// the next skip ones, at point.
type crashKill struct {
	skip  int
	point twiliotest.HoldPoint
}

func countPoint(kills []crashKill, p twiliotest.HoldPoint) int {
	n := 0
	for _, k := range kills {
		if k.point == p {
			n++
		}
	}
	return n
}

func crashGroup(t *testing.T, s store, name string) directory.Group {
	t.Helper()
	gs, err := s.Groups(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for _, g := range gs {
		if g.Name == name {
			return g
		}
	}
	t.Fatalf("no group %q in the demo", name)
	return directory.Group{}
}

// buildPeerline builds the binary under test into the test's folder.
func buildPeerline(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "peerline")
	out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput()
	if errors.Is(err, exec.ErrNotFound) {
		t.Skip("no go command to build peerline with")
	}
	if err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// remindProcess is one `peerline remind` running.
type remindProcess struct {
	cmd            *exec.Cmd
	stdout, stderr *syncBuffer
	exited         chan struct{} // closed when it has exited; err is then set
	err            error
}

// startRemind starts `peerline remind --now when`. Twilio's clock (the
// fake's) runs from when as the pass's does, so both date a send alike.
func startRemind(t *testing.T, bin string, env map[string]string, fake *twiliotest.FakeAPI, when time.Time) *remindProcess {
	t.Helper()
	start := time.Now()
	fake.SetClock(func() time.Time { return when.Add(time.Since(start)) })
	cmd := exec.Command(bin, "remind", "--now", when.Format(time.RFC3339))
	cmd.Env = []string{"PATH=" + os.Getenv("PATH"), "HOME=" + t.TempDir()}
	for k, v := range env {
		cmd.Env = append(cmd.Env, k+"="+v)
	}
	p := &remindProcess{cmd: cmd, stdout: &syncBuffer{}, stderr: &syncBuffer{}, exited: make(chan struct{})}
	cmd.Stdout, cmd.Stderr = p.stdout, p.stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { p.err = cmd.Wait(); close(p.exited) }()
	t.Cleanup(func() {
		if p.cmd.ProcessState == nil {
			_ = p.cmd.Process.Kill()
			<-p.exited
		}
	})
	return p
}

// kill is kill -9: the process gets no chance to record anything.
func (p *remindProcess) kill(t *testing.T) {
	t.Helper()
	if err := p.cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatalf("kill -9: %v", err)
	}
	<-p.exited
	if p.cmd.ProcessState.Success() {
		t.Fatal("the killed pass exited 0")
	}
}

// syncBuffer is a bytes.Buffer a process writes to while a test reads it.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}
