package main

import (
	"bufio"
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/peerline/peerline/directory"
	"github.com/peerline/peerline/routes"
	"github.com/peerline/peerline/telephony"
	"github.com/peerline/peerline/telephony/twiliotest"
)

// What scripts/wrk.sh measures with wrk, one request at a time: a call
// coming in (the greeting), a caller from a Sault Ste. Marie exchange
// pressing 1 at "search around here?" for grief (the first results), and
// a text "grief 705". Twilio signs each request; wrk cannot, so
// --wrk-prepare signs them beforehand, one line "PATH SIGNATURE BODY" a
// request, and scripts/wrk.lua sends the lines in turn.
//
// The results step needs a call waiting at that question, a different
// call for every request (a call that already heard its results is at
// another step, and a replay of it is other, cheaper work). So one call
// is driven there through the server, and the state the server saved
// for it is copied to a fresh CallSid for every results request.
const (
	wrkCaller  = "+17052530000" // a Sault Ste. Marie exchange
	wrkText    = "grief 705"
	wrkAccount = "AC00000000000000000000000000000000" // made up
)

// The files --wrk-prepare writes into its folder.
const (
	wrkGreeting = "greeting" // greeting.req, greeting.xml
	wrkResults  = "results"
	wrkSMS      = "sms"
	wrkPrefix   = "results.prefix" // the CallSid prefix of the seeded calls
)

// wrkPaths are where each kind of request goes, for the bare handler too.
var wrkPaths = map[string]string{wrkGreeting: routes.Voice, wrkResults: routes.VoiceStep("concern"), wrkSMS: routes.SMS}

// wrkPrepare writes n signed requests of each kind into dir, seeds a
// call at the concern question for each results request in the server's
// database, and keeps peerline's answer to each kind for the bare handler.
func wrkPrepare(ctx context.Context, o options, dir string, stdout io.Writer) error {
	switch {
	case o.url == "" || o.db == "":
		return usageError{"--wrk-prepare needs --url and --db"}
	case o.wrkCalls < 1 || o.wrkCalls > maxDirectory:
		return usageError{fmt.Sprintf("--wrk-calls: 1 to %d", maxDirectory)}
	}
	if err := loopbackURL(o.url); err != nil {
		return usageError{err.Error()}
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	s := wrkSigner{base: strings.TrimRight(o.url, "/"), public: strings.TrimRight(o.publicURL, "/"), token: o.token,
		client: &http.Client{Timeout: webhookTimeout, Transport: loopbackTransport(2)}}
	if s.public == "" {
		s.public = s.base
	}
	state, concern, err := s.recordCall(ctx, dir, o.db)
	if err != nil {
		return err
	}
	if err := s.keepAnswer(ctx, dir, wrkSMS, s.text(texterNumber(0))); err != nil {
		return err
	}
	prefix := randomPrefix()
	sids := make([]string, o.wrkCalls)
	for i := range sids {
		sids[i] = fmt.Sprintf("CA%s%024x", prefix, i)
	}
	if err := seedCalls(ctx, o.db, sids, state); err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(dir, wrkPrefix), []byte("CA"+prefix+"\n"), 0o644); err != nil {
		return err
	}
	greeting := randomPrefix() // new calls, none of them seeded
	err = errors.Join(
		s.writeRequests(dir, wrkGreeting, o.wrkCalls, func(i int) url.Values { return s.call(fmt.Sprintf("CA%s%024x", greeting, i), "") }),
		s.writeRequests(dir, wrkResults, o.wrkCalls, func(i int) url.Values { return s.call(sids[i], concern) }),
		s.writeRequests(dir, wrkSMS, o.wrkCalls, func(i int) url.Values { return s.text(texterNumber(uint64(i) + 1)) }),
	)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "wrote %d signed requests of each kind to %s; seeded %d calls at the concern question\n", o.wrkCalls, dir, len(sids))
	return nil
}

// wrkSigner signs requests as Twilio would for a server.
type wrkSigner struct {
	base, public, token string
	client              *http.Client
}

// call is the form of a call from the Sault: keys at a step, or "" for
// a call coming in.
func (s wrkSigner) call(sid, keys string) url.Values {
	f := url.Values{"CallSid": {sid}, "AccountSid": {wrkAccount}, "From": {wrkCaller}, "To": {lineNumber},
		"CallStatus": {"ringing"}, "Direction": {"inbound"}, "ApiVersion": {"2010-04-01"}}
	if keys != "" {
		f.Set("CallStatus", "in-progress")
		f.Set("Digits", keys)
	}
	return f
}

// text is the form of a text "grief 705" from number.
func (s wrkSigner) text(number string) url.Values {
	return url.Values{"MessageSid": {"SM" + randomPrefix() + randomPrefix()}, "AccountSid": {wrkAccount},
		"From": {number}, "To": {lineNumber}, "Body": {wrkText}, "NumMedia": {"0"}, "ApiVersion": {"2010-04-01"}}
}

// recordCall places a call from the Sault up to the concern question
// for grief, keeping the greeting's and the results' documents; it
// returns the call's state as the server saved it at the question, and
// the key of grief there (which searches near the caller).
func (s wrkSigner) recordCall(ctx context.Context, dir, db string) (state, concern string, err error) {
	topic, concern, err := griefKeys()
	if err != nil {
		return "", "", err
	}
	p := &twiliotest.Phone{BaseURL: s.base, PublicURL: s.public, AuthToken: s.token, From: wrkCaller, To: lineNumber, HTTP: s.client}
	turn, err := p.Call(ctx)
	if err != nil {
		return "", "", fmt.Errorf("the greeting: %w", err)
	}
	if err := os.WriteFile(filepath.Join(dir, wrkGreeting+".xml"), turn.TwiML, 0o644); err != nil {
		return "", "", err
	}
	for _, k := range []string{"1", topic} {
		if turn, err = p.Press(ctx, k); err != nil {
			return "", "", err
		}
	}
	if turn.Gather == nil || !strings.HasSuffix(turn.Gather.Action, wrkPaths[wrkResults]) {
		return "", "", fmt.Errorf("the call is not at the concern question:\n%s", turn.TwiML)
	}
	if state, err = callState(ctx, db, p.CallSid); err != nil {
		return "", "", err
	}
	if turn, err = p.Press(ctx, concern); err != nil {
		return "", "", err
	}
	if turn.Gather == nil || !strings.HasSuffix(turn.Gather.Action, routes.VoiceStep("result")) {
		return "", "", fmt.Errorf("choosing grief gave no result:\n%s", turn.TwiML)
	}
	return state, concern, os.WriteFile(filepath.Join(dir, wrkResults+".xml"), turn.TwiML, 0o644)
}

// keepAnswer posts form as kind and keeps the server's answer.
func (s wrkSigner) keepAnswer(ctx context.Context, dir, kind string, form url.Values) error {
	path := wrkPaths[kind]
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, s.base+path, strings.NewReader(form.Encode()))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("X-Twilio-Signature", telephony.Sign(s.token, s.public+path, form))
	resp, err := s.client.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	doc, err := io.ReadAll(resp.Body)
	if err != nil || resp.StatusCode != http.StatusOK || !strings.Contains(string(doc), "<Message>") {
		return fmt.Errorf("%s: status %d, %v:\n%s", kind, resp.StatusCode, err, doc)
	}
	return os.WriteFile(filepath.Join(dir, kind+".xml"), doc, 0o644)
}

// writeRequests writes n signed requests of kind, one a line.
func (s wrkSigner) writeRequests(dir, kind string, n int, form func(i int) url.Values) error {
	f, err := os.Create(filepath.Join(dir, kind+".req"))
	if err != nil {
		return err
	}
	w := bufio.NewWriterSize(f, 1<<20)
	path := wrkPaths[kind]
	for i := range n {
		fv := form(i)
		fmt.Fprintf(w, "%s %s %s\n", path, telephony.Sign(s.token, s.public+path, fv), fv.Encode())
	}
	return errors.Join(w.Flush(), f.Close())
}

// griefKeys are the keys of grief at the topic and concern menus.
func griefKeys() (topic, concern string, err error) {
	vocab, err := directory.LoadVocabulary()
	if err != nil {
		return "", "", err
	}
	for i, cat := range vocab.Categories {
		for j, c := range cat.Concerns {
			if c.Code == "grief" {
				return fmt.Sprint(i + 1), fmt.Sprint(j + 1), nil
			}
		}
	}
	return "", "", errors.New("the vocabulary has no grief")
}

func randomPrefix() string {
	b := make([]byte, 4)
	rand.Read(b)
	return hex.EncodeToString(b)
}

// The voice line keeps a call's state under "call:" + CallSid.
func callKey(sid string) string { return "call:" + sid }

func openDB(path string, extra string) (*sql.DB, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, err
	}
	return sql.Open("sqlite3", (&url.URL{Scheme: "file", Opaque: abs}).String()+"?_busy_timeout=10000"+extra)
}

// callState reads a call's state as the server saved it.
func callState(ctx context.Context, path, sid string) (string, error) {
	db, err := openDB(path, "&mode=ro")
	if err != nil {
		return "", err
	}
	defer db.Close()
	var state string
	err = db.QueryRowContext(ctx, `SELECT data FROM sessions WHERE key = ?`, callKey(sid)).Scan(&state)
	if err != nil {
		return "", fmt.Errorf("the state of the recorded call: %w", err)
	}
	return state, nil
}

// seedCalls saves state for each call, in one transaction, as the
// server would have after the call's last step.
func seedCalls(ctx context.Context, path string, sids []string, state string) error {
	db, err := openDB(path, "&_txlock=immediate")
	if err != nil {
		return err
	}
	defer db.Close()
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	now := time.Now().UTC().Format("2006-01-02T15:04:05.000000000Z") // the store's layout
	for _, sid := range sids {
		if _, err := tx.ExecContext(ctx, `INSERT INTO sessions (key, data, updated_at) VALUES (?, ?, ?)`, callKey(sid), state, now); err != nil {
			return fmt.Errorf("seeding calls: %w", err)
		}
	}
	return tx.Commit()
}

// wrkCheck counts, after a results run, the seeded calls by the step
// they now wait at: each results request moves one from "concern" to
// "result". Anything else means the line did other work than measured.
func wrkCheck(ctx context.Context, dir, path string, stdout io.Writer) error {
	prefix, err := os.ReadFile(filepath.Join(dir, wrkPrefix))
	if err != nil {
		return err
	}
	db, err := openDB(path, "&mode=ro")
	if err != nil {
		return err
	}
	defer db.Close()
	rows, err := db.QueryContext(ctx, `SELECT data FROM sessions WHERE key >= ? AND key < ?`,
		callKey(strings.TrimSpace(string(prefix))), callKey(strings.TrimSpace(string(prefix)))+"~")
	if err != nil {
		return err
	}
	defer rows.Close()
	steps := map[string]int{}
	for rows.Next() {
		var data string
		var c struct{ Step string }
		if err := rows.Scan(&data); err != nil {
			return err
		}
		if json.Unmarshal([]byte(data), &c) != nil {
			c.Step = "unreadable"
		}
		steps[c.Step]++
	}
	if err := rows.Err(); err != nil {
		return err
	}
	names := make([]string, 0, len(steps))
	for s := range steps {
		names = append(names, s)
	}
	sort.Strings(names)
	for _, s := range names {
		fmt.Fprintf(stdout, "seeded calls at %s: %d\n", s, steps[s])
	}
	return nil
}

// bareDocs serves, on 127.0.0.1, the documents --wrk-prepare kept at the
// paths they answered, the least a webhook server does (read the form,
// write the document), and writes its URL to urlFile. It serves until
// interrupted or for at most limit.
func bareDocs(ctx context.Context, dir, urlFile string, limit time.Duration) error {
	mux := http.NewServeMux()
	for kind, path := range wrkPaths {
		doc, err := os.ReadFile(filepath.Join(dir, kind+".xml"))
		if err != nil {
			return err
		}
		mux.Handle("POST "+path, fixedAnswer(string(doc)))
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 5 * time.Second, ReadTimeout: 10 * time.Second,
		WriteTimeout: 15 * time.Second, IdleTimeout: 60 * time.Second}
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ln) }()
	if err := writeURLFile(urlFile, "http://"+ln.Addr().String()); err != nil {
		srv.Close()
		return err
	}
	t := time.NewTimer(limit)
	defer t.Stop()
	select {
	case <-ctx.Done():
	case <-t.C:
	case err := <-done:
		return err
	}
	stop, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	return srv.Shutdown(stop)
}

// writeURLFile writes url to file whole, so a script waiting for the
// file never reads half of it.
func writeURLFile(file, url string) error {
	tmp := file + ".tmp"
	if err := os.WriteFile(tmp, []byte(url+"\n"), 0o644); err != nil {
		return err
	}
	return os.Rename(tmp, file)
}
