package console

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"unicode/utf8"

	"github.com/peerline/peerline/directory"
	"github.com/peerline/peerline/words"
)

// Starting a group: where enough people wait for a concern in an area
// that a group could start (StartThreshold), staff's invitation to them
// to help start one, and the callers who offered to. Counts and places
// only, except an offer's number, which viewers see masked.

func (c *Console) startRoutes(mux *http.ServeMux) {
	mux.Handle("GET "+Prefix+"/start", c.page(directory.RoleViewer, c.startPage))
	mux.Handle("GET "+Prefix+"/start/invite", c.page(directory.RoleStaff, c.inviteConfirm))
	mux.Handle("POST "+Prefix+"/start/invite", c.page(directory.RoleStaff, c.inviteSend))
	mux.Handle("POST "+Prefix+"/start/offers/{id}/handle", c.page(directory.RoleStaff, c.handleOffer))
}

func (c *Console) startThreshold() int {
	if c.StartThreshold > 0 {
		return c.StartThreshold
	}
	return directory.DefaultStartThreshold
}

// readyLine is one concern and area where a group could start.
type readyLine struct {
	Concern, Area string
	Line          string // "7 people are waiting for a group for Caregiving near Wawa"
	Invite        string // the confirm page's URL
}

// readyLines are the concerns and areas whose open wait list reaches the
// threshold, most people first.
func (c *Console) readyLines(ctx context.Context) ([]readyLine, error) {
	ready, err := directory.ReadyToStart(ctx, c.Store, c.Areas, c.startThreshold(), c.now())
	if err != nil {
		return nil, err
	}
	out := make([]readyLine, 0, len(ready))
	for _, n := range ready {
		q := url.Values{"concern": {n.Concern}, "area": {n.Area}}
		out = append(out, readyLine{Concern: n.Concern, Area: n.Area, Invite: Prefix + "/start/invite?" + q.Encode(),
			Line: directory.StartLine(n.People, c.concernName(n.Concern), c.Areas.PlaceName(n.Area, n.Town, directory.English))})
	}
	return out, nil
}

// waitingFor is who waits for a concern in an area (members who sent STOP
// left out), and the town they all live in, if one.
func (c *Console) waitingFor(ctx context.Context, concern, area string) ([]directory.Invitee, string, error) {
	all, err := c.Store.Invitees(ctx, concern, area)
	if err != nil {
		return nil, "", err
	}
	var in []directory.Invitee
	var numbers []string
	for _, e := range all {
		if !e.OptedOut {
			in = append(in, e)
			numbers = append(numbers, e.Number)
		}
	}
	return in, c.Areas.CommonTown(numbers), nil
}

// offerRow is an offer to help start a group, as the account may see it.
type offerRow struct {
	ID                  int64
	Concern, Area, When string
	Place, Number, How  string
	Handled, Note       string
}

func (c *Console) offerRows(ctx context.Context, me *account) ([]offerRow, int, error) {
	offers, err := c.Store.StartOffers(ctx)
	if err != nil {
		return nil, 0, err
	}
	open := 0
	rows := make([]offerRow, 0, len(offers))
	for _, o := range offers {
		row := offerRow{ID: o.ID, Concern: c.concernName(o.Concern), Area: c.areaName(o.Area), When: c.fmtTime(o.At),
			Place: o.Place, How: map[string]string{directory.ViaVoice: "by phone", directory.ViaSMS: "by text"}[o.Via], Note: o.Note}
		row.Number = "not given: no call back"
		if o.Number != "" {
			row.Number = number(me, o.Number)
		}
		if o.HandledAt.IsZero() {
			open++
		} else {
			row.Handled = c.fmtTime(o.HandledAt) + " by " + o.HandledBy
		}
		rows = append(rows, row)
	}
	return rows, open, nil
}

type startData struct {
	Threshold int
	Ready     []readyLine
	Offers    []offerRow
	Open      int
	Error     string
}

func (c *Console) startPage(w http.ResponseWriter, r *http.Request, me *account) {
	c.showStart(w, r, me, http.StatusOK, "")
}

func (c *Console) showStart(w http.ResponseWriter, r *http.Request, me *account, status int, problem string) {
	d, err := c.startSummary(r.Context(), me)
	if err != nil {
		c.fail(w, r, "listing where a group could start", err)
		return
	}
	d.Error = problem
	c.render(w, r, status, "start.html", view{Title: "Starting groups", Me: me, Data: d})
}

// ---- the invitation ----

// inviteData is the confirm page: who the invitation goes to, who it
// does not and why, and its exact words.
type inviteData struct {
	Concern, Area string
	Line          string
	Phone         string // as typed
	PhoneError    string
	Invite        int // will be sent
	ByText        int
	ByCall        int
	Before        int // invited before: not again
	NotCovered    int // their consent's wording does not cover it
	Messages      []inviteWords
	Ready         bool // a number, and someone to send to
	Queued        int  // after sending
	Sent          bool
}

// inviteWords is the invitation as one kind of member gets it.
type inviteWords struct{ Who, Text string }

// invitation reads the concern and area asked about and who waits there;
// false (the page answered) when there is nothing to invite.
func (c *Console) invitation(w http.ResponseWriter, r *http.Request, me *account, form url.Values) (inviteData, []directory.Invitee, directory.Invitation, bool) {
	d := inviteData{Concern: form.Get("concern"), Area: form.Get("area"), Phone: strings.TrimSpace(form.Get("phone"))}
	if utf8.RuneCountInString(d.Phone) > 40 {
		d.Phone = ""
	}
	in, town, err := c.waitingFor(r.Context(), d.Concern, d.Area)
	if err != nil {
		c.fail(w, r, "reading the wait list", err)
		return d, nil, directory.Invitation{}, false
	}
	if d.Concern == "" || len(in) == 0 {
		c.notFound(w, r, me, "Nobody is waiting for this concern in this area now.")
		return d, nil, directory.Invitation{}, false
	}
	d.Line = directory.StartLine(len(in), c.concernName(d.Concern), c.Areas.PlaceName(d.Area, town, directory.English))
	var send []directory.Invitee
	for _, e := range in {
		switch {
		case e.Invited:
			d.Before++
		case !coversStart(e.Wording):
			d.NotCovered++
		default:
			send = append(send, e)
			if e.Channel == directory.ByCall {
				d.ByCall++
			} else {
				d.ByText++
			}
		}
	}
	d.Invite = len(send)
	inv := directory.Invitation{Concern: d.Concern, Area: d.Area, Place: town, People: len(in), SentBy: me.Email}
	if d.Phone != "" {
		if p, err := directory.NormalizePhone(d.Phone); err != nil {
			d.PhoneError = "This is not a phone number: write the centre's number, like 705 555 0100."
		} else {
			inv.Phone = p
		}
	}
	if inv.Phone != "" {
		d.Messages = c.inviteMessages(inv, send)
	}
	d.Ready = inv.Phone != "" && d.Invite > 0
	return d, send, inv, true
}

// coversStart: the wait-list consent was given in words that include
// being asked to help start a group (words.Voice.WaitCoversStart and
// words.Text.WaitCoversStart, in either language). Earlier entries were
// given in words that did not, and are not invited.
func coversStart(wording string) bool {
	book := words.NewBook()
	for _, lang := range []directory.Lang{directory.English, directory.French} {
		cat := book.In(lang)
		if strings.Contains(wording, cat.Voice.WaitCoversStart) || strings.Contains(wording, cat.Text.WaitCoversStart) {
			return true
		}
	}
	return false
}

// inviteMessages are the exact words each kind of member among send gets:
// by language, a text or a call.
func (c *Console) inviteMessages(inv directory.Invitation, send []directory.Invitee) []inviteWords {
	seen := map[string]bool{}
	var out []inviteWords
	for _, e := range send {
		key := string(e.Lang) + string(e.Channel)
		if seen[key] {
			continue
		}
		seen[key] = true
		out = append(out, inviteWords{Who: inviteWho(e), Text: words.NewBook().In(e.Lang).Invitation(inv, c.Vocab, c.Areas, e.Channel)})
	}
	return out
}

func inviteWho(e directory.Invitee) string {
	lang := map[directory.Lang]string{directory.French: "French"}[e.Lang]
	if lang == "" {
		lang = "English"
	}
	if e.Channel == directory.ByCall {
		return lang + ", read on a phone call"
	}
	return lang + ", by text"
}

func (c *Console) inviteConfirm(w http.ResponseWriter, r *http.Request, me *account) {
	d, _, _, ok := c.invitation(w, r, me, r.URL.Query())
	if !ok {
		return
	}
	c.render(w, r, http.StatusOK, "invite.html", view{Title: "Invite people waiting to help start a group", Me: me, Data: d})
}

// inviteSend queues the invitation: one message per wait-list entry,
// once however often it is pressed, at the end of each member's quiet
// hours when it is night where they live.
func (c *Console) inviteSend(w http.ResponseWriter, r *http.Request, me *account) {
	r.Body = http.MaxBytesReader(w, r.Body, 16<<10)
	if err := r.ParseForm(); err != nil {
		http.Error(w, "the form could not be read", http.StatusBadRequest)
		return
	}
	d, send, inv, ok := c.invitation(w, r, me, r.PostForm)
	if !ok {
		return
	}
	if inv.Phone == "" {
		if d.PhoneError == "" {
			d.PhoneError = "Write the centre's number, for people to call."
		}
		c.render(w, r, http.StatusUnprocessableEntity, "invite.html", view{Title: "Invite people waiting to help start a group", Me: me, Data: d})
		return
	}
	now := c.now()
	items := make([]directory.Outgoing, 0, len(send))
	for _, e := range send {
		due := now
		if c.InviteDue != nil {
			due = c.InviteDue(e.Number, now)
		}
		items = append(items, directory.Outgoing{Kind: directory.SendInvite, WaitlistID: e.ID, MemberID: e.MemberID,
			Channel: e.Channel, Lang: e.Lang, DueAt: due})
	}
	_, queued, err := c.Store.Invite(r.Context(), inv, items, now)
	if err != nil {
		c.fail(w, r, "queueing the invitation", err)
		return
	}
	if queued > 0 {
		c.audit(r.Context(), me, "start.invite", fmt.Sprintf("wait list %s in %s", d.Concern, d.Area), "",
			fmt.Sprintf("invited %d waiting for %s near %s", queued, d.Concern, c.Areas.PlaceName(d.Area, inv.Place, directory.English)))
	}
	d.Sent, d.Queued, d.Ready = true, queued, false
	c.render(w, r, http.StatusOK, "invite.html", view{Title: "Invitation queued", Me: me, Data: d})
}

// ---- offers ----

func (c *Console) handleOffer(w http.ResponseWriter, r *http.Request, me *account) {
	id, note, ok := c.handledForm(w, r, me, "No such offer.")
	if !ok {
		return
	}
	if utf8.RuneCountInString(note) > maxNote {
		c.showStart(w, r, me, http.StatusUnprocessableEntity, fmt.Sprintf("Keep the note to %d characters; nothing was changed.", maxNote))
		return
	}
	err := c.Store.HandleStartOffer(r.Context(), id, me.Email, note, c.now())
	if errors.Is(err, directory.ErrNoOffer) {
		c.notFound(w, r, me, "No such offer: it may have been removed when its caller asked to be forgotten.")
		return
	}
	if err != nil {
		c.fail(w, r, "handling an offer", err)
		return
	}
	c.audit(r.Context(), me, "start.offer.handle", fmt.Sprintf("start offer %d", id), "", note)
	http.Redirect(w, r, Prefix+"/start", http.StatusSeeOther)
}

// startSummary is what the day at a glance shows of starting groups.
func (c *Console) startSummary(ctx context.Context, me *account) (startData, error) {
	d := startData{Threshold: c.startThreshold()}
	var err error
	if d.Ready, err = c.readyLines(ctx); err != nil {
		return d, err
	}
	d.Offers, d.Open, err = c.offerRows(ctx, me)
	return d, err
}
