package webhook

import (
	"context"
	"encoding/json"
	"time"

	"github.com/peerline/peerline/directory"
)

// State keeps what a conversation needs between requests (a call's step,
// a texter's last list) as JSON in the store under a key, for a while.
// No server holds it in memory, so a restart or a second server loses
// nothing.
type State[T any] struct {
	Store  directory.SessionStore
	Expiry time.Duration // state older than this is not read back
	Now    func() time.Time
}

// Load reads the state under key. State that expired, or that cannot be
// read (written by another version of the line), is not found: the
// conversation starts over politely rather than fails.
func (s State[T]) Load(ctx context.Context, key string, into *T) (bool, error) {
	data, ok, err := s.Store.LoadSession(ctx, key, s.Now().Add(-s.Expiry))
	if err != nil || !ok {
		return false, err
	}
	var v T
	if json.Unmarshal(data, &v) != nil {
		return false, nil
	}
	*into = v
	return true, nil
}

// Save writes the state under key.
func (s State[T]) Save(ctx context.Context, key string, v *T) error {
	data, err := json.Marshal(v)
	if err != nil {
		return err
	}
	return s.Store.SaveSession(ctx, key, data, s.Now())
}

// Delete forgets the state under key.
func (s State[T]) Delete(ctx context.Context, key string) error {
	return s.Store.DeleteSession(ctx, key)
}
