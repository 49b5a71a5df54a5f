package twiliotest

import (
	"net/http"
	"sync"
)

// HoldPoint is where the fake holds a create request (a text or a call).
type HoldPoint int

const (
	// BeforeRecord holds the request before the fake records it: while
	// it is held the message has not gone, and a sender that dies now
	// never sent it.
	BeforeRecord HoldPoint = iota + 1
	// AfterRecord holds it after the fake recorded it and before it
	// answers: the message went, and a sender that dies now never learns
	// its Sid.
	AfterRecord
)

func (p HoldPoint) String() string {
	switch p {
	case BeforeRecord:
		return "before it is recorded (it did not go)"
	case AfterRecord:
		return "after it is recorded (it went, its Sid unanswered)"
	}
	return "nowhere"
}

// Hold is one create request the fake holds at a point until released,
// or until its client goes away (a killed process): a crash window, for
// tests. Made by FakeAPI.Hold.
type Hold struct {
	at      HoldPoint
	to      string        // the held request's recipient, once reached
	left    int           // create requests still to let through before this one
	reached chan struct{} // closed when the request is held
	release chan struct{} // closed by Release
	done    chan struct{} // closed when the held request has ended, answered or not
	relOnce sync.Once
}

// Hold makes the fake hold, at p, the create request (text or call) that
// comes after the next skip ones (0: the next one), counted from now
// among the requests that passed their checks. Holds asked for together
// take later requests in the order they were asked for. Close releases
// every hold.
func (f *FakeAPI) Hold(skip int, p HoldPoint) *Hold {
	h := &Hold{at: p, left: max(skip, 0), reached: make(chan struct{}), release: make(chan struct{}), done: make(chan struct{})}
	f.mu.Lock()
	defer f.mu.Unlock()
	f.holds = append(f.holds, h)
	return h
}

// Reached is closed once the request is being held.
func (h *Hold) Reached() <-chan struct{} { return h.reached }

// To is the number the held request was sending to; "" until Reached.
func (h *Hold) To() string {
	select {
	case <-h.reached:
		return h.to
	default:
		return ""
	}
}

// Release lets the held request (or the one still to come) go on.
func (h *Hold) Release() { h.relOnce.Do(func() { close(h.release) }) }

// Done is closed when the held request has ended: answered after
// Release, or given up because its client went away. After a client is
// killed while held BeforeRecord, Done means the fake has seen it go and
// will never record that message.
func (h *Hold) Done() <-chan struct{} { return h.done }

// held takes the hold, if any, that applies to the create request now
// arriving, and counts the request against the others.
func (f *FakeAPI) held() *Hold {
	f.mu.Lock()
	defer f.mu.Unlock()
	var taken *Hold
	kept := f.holds[:0]
	for _, h := range f.holds {
		switch {
		case taken == nil && h.left == 0:
			taken = h
			continue
		case h.left > 0:
			h.left--
		}
		kept = append(kept, h)
	}
	clear(f.holds[len(kept):])
	f.holds = kept
	if taken != nil {
		f.taken = append(f.taken, taken)
	}
	return taken
}

// wait holds the request when this is the hold's point; it reports
// whether to go on (false: the client went away while held).
func (h *Hold) wait(r *http.Request, p HoldPoint) bool {
	if h == nil || h.at != p {
		return true
	}
	h.to = r.PostForm.Get("To")
	close(h.reached)
	select {
	case <-h.release:
		return true
	case <-r.Context().Done():
		return false
	}
}

// finish marks the held request ended.
func (h *Hold) finish() {
	if h != nil {
		close(h.done)
	}
}

// Close releases every hold, so no request is left waiting, and shuts the
// server down.
func (f *FakeAPI) Close() {
	f.mu.Lock()
	holds := append(f.holds, f.taken...)
	f.holds, f.taken = nil, nil
	f.mu.Unlock()
	for _, h := range holds {
		h.Release()
	}
	f.Server.Close()
}
