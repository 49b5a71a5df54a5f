package main

import (
	"context"
	"errors"
)

// memberCmd is built in issue 6.
func (m *Main) memberCmd(ctx context.Context, args []string) error {
	return errors.New("not built yet")
}
