package main

import (
	"context"
	"errors"
)

// backupCmd is built in issue 6.
func (m *Main) backupCmd(ctx context.Context, args []string) error {
	return errors.New("not built yet")
}
