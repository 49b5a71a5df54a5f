package main

import (
	"context"
	"errors"
)

// reportCmd is built in issue 6.
func (m *Main) reportCmd(ctx context.Context, args []string) error {
	return errors.New("not built yet")
}
