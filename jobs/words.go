package jobs

import (
	"context"
	"log/slog"

	"github.com/peerline/peerline/directory"

	"github.com/robfig/cron/v3"
)

// Words keeps a vocabulary's taught words as the store has them: loaded
// at start and every minute, so that a word taught in the console of
// another server is understood here within a minute (at once on the
// server whose console taught it).
type Words struct {
	Store directory.TermStore
	Vocab *directory.Vocabulary
	Log   *slog.Logger
}

// Load teaches the vocabulary the words in the store now.
func (w *Words) Load(ctx context.Context) error {
	taught, err := w.Store.TaughtWords(ctx)
	if err != nil {
		return err
	}
	for _, word := range w.Vocab.Teach(taught) {
		w.log().Warn("words: a taught word names a concern the line no longer has", "word", word)
	}
	return nil
}

// Start loads the words every minute until the returned stop is called.
func (w *Words) Start(ctx context.Context) (stop func()) {
	c := cron.New(cron.WithChain(cron.SkipIfStillRunning(cron.DiscardLogger)))
	c.AddFunc("@every 1m", func() {
		if err := w.Load(ctx); err != nil {
			w.log().Error("words: the taught words could not be read", "err", err)
		}
	})
	c.Start()
	return func() { <-c.Stop().Done() }
}

func (w *Words) log() *slog.Logger {
	if w.Log == nil {
		return slog.New(slog.DiscardHandler)
	}
	return w.Log
}
