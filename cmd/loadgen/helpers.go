package main

import (
	"bufio"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"net"
	"net/url"
	"os"
	"path/filepath"
	"time"

	_ "github.com/mattn/go-sqlite3" // the driver peerline's store uses

	"github.com/peerline/peerline/directory"
	"github.com/peerline/peerline/directory/csvfile"
	"github.com/peerline/peerline/telephony/twiliotest"
)

// maxDirectory bounds --make-directory.
const maxDirectory = 2_000_000

// makeDirectory writes a fictional directory of n groups (seed 1) as the
// project's flat CSV, which `peerline import` reads.
func makeDirectory(n int, out string, stdout io.Writer) error {
	if n > maxDirectory {
		return usageError{fmt.Sprintf("--make-directory: at most %d groups", maxDirectory)}
	}
	vocab, err := directory.LoadVocabulary()
	if err != nil {
		return err
	}
	areas, err := directory.LoadAreas()
	if err != nil {
		return err
	}
	groups := directory.Synthetic(n, 1, vocab, areas)
	f, err := os.Create(out)
	if err != nil {
		return err
	}
	w := bufio.NewWriterSize(f, 1<<20)
	if err := csvfile.Write(w, groups); err != nil {
		f.Close()
		return err
	}
	if err := w.Flush(); err != nil {
		f.Close()
		return fmt.Errorf("writing %s: %w", out, err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("writing %s: %w", out, err)
	}
	fmt.Fprintf(stdout, "wrote %d fictional groups to %s\n", len(groups), out)
	return nil
}

// checkDB opens a SQLite file read-only, runs SQLite's own integrity
// check and counts the groups: a backup taken under load must pass.
func checkDB(ctx context.Context, path string, want int, stdout io.Writer) error {
	abs, err := filepath.Abs(path)
	if err != nil {
		return err
	}
	if _, err := os.Stat(abs); err != nil {
		return err
	}
	dsn := (&url.URL{Scheme: "file", Opaque: abs}).String() + "?mode=ro"
	db, err := sql.Open("sqlite3", dsn)
	if err != nil {
		return err
	}
	defer db.Close()
	ctx, cancel := context.WithTimeout(ctx, 5*time.Minute)
	defer cancel()
	var verdict string
	if err := db.QueryRowContext(ctx, "PRAGMA integrity_check").Scan(&verdict); err != nil {
		return fmt.Errorf("%s: integrity check: %w", path, err)
	}
	if verdict != "ok" {
		return fmt.Errorf("%s: integrity check: %s", path, verdict)
	}
	var groups int
	if err := db.QueryRowContext(ctx, "SELECT count(*) FROM groups").Scan(&groups); err != nil {
		return fmt.Errorf("%s: counting groups: %w", path, err)
	}
	if want > 0 && groups != want {
		return fmt.Errorf("%s: %d groups, want %d", path, groups, want)
	}
	fmt.Fprintf(stdout, "%s: integrity ok, %d groups\n", path, groups)
	return nil
}

// fakeTwilio serves the project's fake Twilio REST API on a loopback
// port, so that "text me" on the voice line really sends, and writes its
// URL to urlFile. It serves until interrupted or for at most limit.
func fakeTwilio(ctx context.Context, urlFile string, limit time.Duration, stdout io.Writer) error {
	if limit <= 0 || limit > maxDuration {
		return usageError{fmt.Sprintf("--fake-twilio serves for --duration, at most %v", maxDuration)}
	}
	fake := twiliotest.NewFakeAPI() // httptest: listens on 127.0.0.1
	defer fake.Close()
	if err := loopbackURL(fake.URL); err != nil {
		return err
	}
	tmp := urlFile + ".tmp"
	if err := os.WriteFile(tmp, []byte(fake.URL+"\n"), 0o644); err != nil {
		return err
	}
	if err := os.Rename(tmp, urlFile); err != nil {
		return err
	}
	t := time.NewTimer(limit)
	defer t.Stop()
	select {
	case <-ctx.Done():
	case <-t.C:
	}
	fmt.Fprintf(stdout, "fake Twilio API: %d texts and %d calls accepted, %d requests\n",
		len(fake.Messages()), len(fake.Calls()), fake.Requests())
	return nil
}

// freePort prints a TCP port on 127.0.0.1 that nothing listens on now.
func freePort(stdout io.Writer) error {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	addr, ok := ln.Addr().(*net.TCPAddr)
	ln.Close()
	if !ok {
		return errors.New("no TCP port")
	}
	fmt.Fprintln(stdout, addr.Port)
	return nil
}
