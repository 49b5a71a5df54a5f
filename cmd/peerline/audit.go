package main

import (
	"context"
	"fmt"

	"github.com/peerline/peerline/directory"
)

// audit records a change made from the command line, as the console
// records its own: who is "cli", with the operating system's user when
// the environment says. Numbers go in masked.
func (m *Main) audit(ctx context.Context, s directory.StaffStore, action, object, old, new string) error {
	who := "cli"
	if u := m.Getenv("USER"); u != "" {
		who += ":" + u
	}
	if err := s.AddAudit(ctx, directory.AuditEntry{At: m.Now(), Who: who, Action: action, Object: object, Old: old, New: new}); err != nil {
		return fmt.Errorf("recording the change in the audit log: %w", err)
	}
	return nil
}
