package console

import (
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/peerline/peerline/directory"
	"github.com/peerline/peerline/directory/recur"
	"github.com/peerline/peerline/words"
)

const timeLayout = "Mon Jan 2, 2006, 3:04 PM MST"

func (c *Console) fmtTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(c.zone()).Format(timeLayout)
}

// number is a phone number as the account may see it: masked for viewers.
func number(me *account, e164 string) string {
	if e164 == "" {
		return "withheld"
	}
	if !me.Role.Can(directory.RoleStaff) {
		return directory.Mask(e164)
	}
	return e164
}

func (c *Console) concernName(code string) string {
	if code == "" {
		return "(no concern named)"
	}
	if c.Vocab != nil {
		if k, ok := c.Vocab.Concern(code); ok {
			return k.Name(directory.English)
		}
	}
	return code
}

func (c *Console) areaName(key string) string {
	if key == "" {
		return "(area not known)"
	}
	if c.Areas != nil {
		if cx, ok := c.Areas.Complex(key); ok {
			return cx.Region(directory.English) + " (" + key + ")"
		}
	}
	return key
}

// ---- the day at a glance ----

type homeData struct {
	Today, Week            string
	CallsToday, TextsToday int
	CallsWeek, TextsWeek   int
	SearchesWeek, Nothing  int
	Unmet                  []needRow
	Cancelled              []cancelledRow
	Unconfirmed            []listingRow // the first few listings due for a check
	UnconfirmedN           int
	Flagged                []flagRow // the staff's list of listings to call back (checks.go)
	Start                  startData // where a group could start, and who offered to help (starting.go)
}

type needRow struct {
	Concern, Area string
	Count         int
}

type cancelledRow struct {
	Code      int
	Name, Day string
}

func (c *Console) home(w http.ResponseWriter, r *http.Request, me *account) {
	ctx, now := r.Context(), c.now()
	today := time.Date(now.UTC().Year(), now.UTC().Month(), now.UTC().Day(), 0, 0, 0, 0, time.UTC)
	weekAgo := today.AddDate(0, 0, -6)
	d := homeData{Today: today.Format(time.DateOnly), Week: weekAgo.Format(time.DateOnly)}
	rt, err := c.Store.Report(ctx, today)
	if err != nil {
		c.fail(w, r, "the report for today", err)
		return
	}
	rw, err := c.Store.Report(ctx, weekAgo)
	if err != nil {
		c.fail(w, r, "the report for the week", err)
		return
	}
	d.CallsToday, d.TextsToday = activity(rt)
	d.CallsWeek, d.TextsWeek = activity(rw)
	d.SearchesWeek, d.Nothing = rw.Searches, rw.FoundNothing
	for i, n := range rw.Unmet {
		if i == 10 {
			break
		}
		d.Unmet = append(d.Unmet, needRow{Concern: c.concernName(n.Concern), Area: c.areaName(n.Area), Count: n.Count})
	}
	// Meetings cancelled for the coming seven days, by each group's calendar.
	groups, err := c.Store.Groups(ctx)
	if err != nil {
		c.fail(w, r, "listing groups", err)
		return
	}
	for i := range groups {
		g := &groups[i]
		if len(g.Cancelled) == 0 {
			continue
		}
		y, m, dd := now.In(g.Location()).Date()
		first := recur.Date{Year: y, Month: m, Day: dd}
		last := time.Date(y, m, dd+6, 0, 0, 0, 0, time.UTC)
		for _, day := range g.Cancelled {
			if !before(day, first) && !before(recur.Date{Year: last.Year(), Month: last.Month(), Day: last.Day()}, day) {
				d.Cancelled = append(d.Cancelled, cancelledRow{Code: g.Code, Name: g.Name, Day: day.String()})
			}
		}
	}
	slices.SortFunc(d.Cancelled, func(a, b cancelledRow) int { return strings.Compare(a.Day, b.Day) })
	due, err := c.Store.Unconfirmed(r.Context(), c.now().AddDate(0, 0, -confirmAfter))
	if err != nil {
		c.fail(w, r, "listing the listings due for a check", err)
		return
	}
	d.UnconfirmedN = len(due)
	for _, l := range due[:min(len(due), 10)] {
		d.Unconfirmed = append(d.Unconfirmed, c.listingRow(l))
	}
	if d.Flagged, err = c.flagRows(ctx, me); err != nil {
		c.fail(w, r, "listing the flagged listings", err)
		return
	}
	if d.Start, err = c.startSummary(ctx, me); err != nil {
		c.fail(w, r, "listing where a group could start", err)
		return
	}
	c.render(w, r, http.StatusOK, "home.html", view{Title: "The day at a glance", Me: me, Data: d})
}

func before(a, b recur.Date) bool { return a.String() < b.String() }

// activity sums the calls and the texts a report counted.
func activity(r directory.Report) (calls, texts int) {
	for _, a := range r.Activity {
		switch a.Kind {
		case directory.ActivityCall:
			calls += a.Count
		case directory.ActivityText:
			texts += a.Count
		}
	}
	return calls, texts
}

// ---- the directory ----

type groupsData struct {
	Q        string
	Searched bool
	Total    int
	Rows     []groupRow
}

type groupRow struct {
	Code                               int
	Name, Town, Ways, Concerns, Status string
}

// maxListed is how many groups a search lists.
const maxListed = 200

func (c *Console) groups(w http.ResponseWriter, r *http.Request, me *account) {
	q := strings.TrimSpace(r.URL.Query().Get("q"))
	d := groupsData{Q: q, Searched: q != ""}
	if q != "" {
		all, err := c.Store.Groups(r.Context())
		if err != nil {
			c.fail(w, r, "listing groups", err)
			return
		}
		match := c.matcher(q)
		for i := range all {
			g := &all[i]
			if !match(g) {
				continue
			}
			d.Total++
			if len(d.Rows) < maxListed {
				d.Rows = append(d.Rows, c.groupRow(g))
			}
		}
	}
	c.render(w, r, http.StatusOK, "groups.html", view{Title: "Groups", Me: me, Data: d})
}

// matcher finds groups by code, name, town or concern: the code exactly,
// the others as words within (accents and case aside), a concern by any
// of its names and synonyms, in English or French.
func (c *Console) matcher(q string) func(*directory.Group) bool {
	code, _ := strconv.Atoi(q)
	nq := directory.Normalize(q)
	var concern string
	if c.Vocab != nil {
		if k, ok := c.Vocab.Concern(strings.ToLower(q)); ok {
			concern = k.Code
		} else if m, ok := c.Vocab.Match(q); ok && m.Concern != nil {
			concern = m.Concern.Code
		}
	}
	return func(g *directory.Group) bool {
		switch {
		case code != 0 && g.Code == code:
			return true
		case nq != "" && strings.Contains(directory.Normalize(g.Name), nq):
			return true
		case nq != "" && g.Place != nil && strings.Contains(directory.Normalize(g.Place.City), nq):
			return true
		case concern != "" && slices.Contains(g.Concerns, concern):
			return true
		}
		return false
	}
}

func (c *Console) groupRow(g *directory.Group) groupRow {
	row := groupRow{Code: g.Code, Name: g.Name, Status: string(g.Status), Ways: ways(g)}
	if g.Place != nil {
		row.Town = g.Place.City
	}
	var cs []string
	for _, k := range g.Concerns {
		cs = append(cs, c.concernName(k))
	}
	row.Concerns = strings.Join(cs, ", ")
	return row
}

func ways(g *directory.Group) string {
	var out []string
	for _, m := range g.Modes() {
		switch m {
		case directory.InPerson:
			out = append(out, "in person")
		case directory.ByPhone:
			out = append(out, "by telephone")
		case directory.ByMail:
			out = append(out, "by mail")
		case directory.Online:
			out = append(out, "online")
		}
	}
	return strings.Join(out, ", ")
}

type groupData struct {
	Group     groupRow
	Org, Desc string
	Languages string
	Phone     string
	Email     string
	Place     string
	Dialin    string
	Mail      string
	Online    string
	Zone      string
	Voice     []said
	Texts     []said
	Meetings  []meetingRow
	Members   int
	Form      cancelForm
	Cancelled string     // a meeting just cancelled
	Saved     bool       // the group was just saved (edit.go)
	Restored  string     // a cancellation just undone
	Listing   listingRow // when its listing was last confirmed or changed
	Leaders   leaderData // its leaders (leaders.go)
}

// said is what the line says of the group in one language.
type said struct {
	Lang     string
	Sections []section
}

type section struct {
	Heading string
	Lines   []string
}

type meetingRow struct {
	When      string
	Day       string
	Cancelled bool
}

type cancelForm struct {
	Day, Reason string
	Errors      map[string]string
}

var langNames = map[directory.Lang]string{directory.English: "English", directory.French: "French"}

func (c *Console) loadGroup(w http.ResponseWriter, r *http.Request, me *account) (directory.Group, bool) {
	code, err := strconv.Atoi(r.PathValue("code"))
	if err != nil || code <= 0 {
		c.notFound(w, r, me, "A group's code is a number, like 1001.")
		return directory.Group{}, false
	}
	g, ok, err := c.Store.Group(r.Context(), code)
	if err != nil {
		c.fail(w, r, "reading a group", err)
		return g, false
	}
	if !ok {
		c.notFound(w, r, me, fmt.Sprintf("No group has the code %d.", code))
		return g, false
	}
	return g, true
}

// group shows everything the line says about a group; form, when not
// nil, is a cancellation that was not accepted, with its errors.
func (c *Console) group(w http.ResponseWriter, r *http.Request, me *account, book words.Book, form *cancelForm) {
	g, ok := c.loadGroup(w, r, me)
	if !ok {
		return
	}
	now := c.now()
	written := book.In(directory.English).Writer(nil) // a number as staff dial it: 705-555-0101
	d := groupData{Group: c.groupRow(&g), Org: g.Organization, Desc: g.Description, Phone: written.Phone(g.Phone), Email: g.Email,
		Mail: g.Mail, Online: g.OnlineURL, Zone: g.Location().String()}
	var langs []string
	for _, l := range g.Languages {
		langs = append(langs, langNames[l])
	}
	d.Languages = strings.Join(langs, ", ")
	if g.Place != nil {
		d.Place = strings.Join(nonEmpty(g.Place.Name, g.Place.Street, g.Place.City, g.Place.Province, g.Place.PostalCode), ", ")
	}
	if g.Dialin != nil {
		d.Dialin = g.Dialin.Number
		if g.Dialin.AccessCode != "" {
			d.Dialin += ", code " + g.Dialin.AccessCode
		}
	}
	next, _ := g.NextMeeting(now)
	for _, lang := range []directory.Lang{directory.English, directory.French} {
		cat := book.In(lang)
		d.Voice = append(d.Voice, said{Lang: langNames[lang], Sections: heard(cat.Speaker(nil).On(now), g, next)})
		d.Texts = append(d.Texts, said{Lang: langNames[lang], Sections: []section{{Lines: strings.Split(cat.Writer(nil).Details(&g, now), "\n")}}})
	}
	loc := g.Location()
	for _, t := range g.Meetings(now, now.AddDate(0, 0, 42)) {
		if len(d.Meetings) == 12 {
			break
		}
		d.Meetings = append(d.Meetings, meetingRow{When: t.In(loc).Format(timeLayout), Day: t.In(loc).Format(time.DateOnly), Cancelled: g.IsCancelled(t)})
	}
	subs, err := c.Store.Subscribers(r.Context(), g.ID)
	if err != nil {
		c.fail(w, r, "counting members", err)
		return
	}
	d.Members = len(subs)
	status := http.StatusOK
	if form != nil {
		d.Form = *form
		status = http.StatusUnprocessableEntity
	}
	d.Saved = r.URL.Query().Get("saved") == "1"
	if day, err := recur.ParseDate(r.URL.Query().Get("cancelled")); err == nil && !day.IsZero() && slices.Contains(g.Cancelled, day) {
		d.Cancelled = day.String()
	}
	if day, err := recur.ParseDate(r.URL.Query().Get("uncancelled")); err == nil && !day.IsZero() && !slices.Contains(g.Cancelled, day) {
		d.Restored = day.String()
	}
	if l, ok, err := c.Store.Confirmed(r.Context(), g.ID); err != nil {
		c.fail(w, r, "reading when the listing was confirmed", err)
		return
	} else if ok {
		d.Listing = c.listingRow(l)
	}
	if d.Leaders, err = c.leadersOf(r.Context(), me, g); err != nil {
		c.fail(w, r, "listing the group's leaders", err)
		return
	}
	c.render(w, r, status, "group.html", view{Title: g.Name, Me: me, Data: d})
}

// heard is what a caller offered the group hears, for each way the line
// offers it by voice, in the same words the voice line uses.
func heard(sp words.Speaker, g directory.Group, next time.Time) []section {
	var out []section
	for _, m := range g.Modes() {
		if m == directory.Online { // not offered by voice
			continue
		}
		r := directory.Result{Group: g, Mode: m, DistanceKm: -1, Next: next}
		lines := []string{sp.Meets(r)}
		if m == directory.ByMail {
			lines = append(lines, sp.Way(r)...)
		}
		lines = append(lines, sp.Language(&g))
		lines = append(lines, sp.Next(r)...)
		switch m {
		case directory.ByPhone:
			lines = append(lines, sp.DialIn(&g)...)
		case directory.InPerson:
			lines = append(lines, sp.AlsoDialIn(&g)...)
		}
		if g.Phone != "" {
			lines = append(lines, sp.Contact(&g))
		}
		heading := map[directory.Mode]string{directory.InPerson: "Offered in person", directory.ByPhone: "Offered by telephone", directory.ByMail: "Offered by mail"}[m]
		out = append(out, section{Heading: heading, Lines: nonEmpty(lines...)})
	}
	if len(out) == 0 {
		out = append(out, section{Heading: "Not offered by voice", Lines: []string{"The voice line offers no online-only group."}})
	}
	return out
}

func nonEmpty(ss ...string) []string {
	var out []string
	for _, s := range ss {
		if strings.TrimSpace(s) != "" {
			out = append(out, s)
		}
	}
	return out
}

// maxReason and maxNote bound what a person may type.
const (
	maxReason = 300
	maxNote   = 2000
)

// cancelMeeting cancels one meeting of a group, on a day of its own
// calendar; the reminder pass tells its members instead of reminding them.
func (c *Console) cancelMeeting(w http.ResponseWriter, r *http.Request, me *account, book words.Book) {
	r.Body = http.MaxBytesReader(w, r.Body, 16<<10)
	if err := r.ParseForm(); err != nil {
		http.Error(w, "the form could not be read", http.StatusBadRequest)
		return
	}
	g, ok := c.loadGroup(w, r, me)
	if !ok {
		return
	}
	form := cancelForm{Day: strings.TrimSpace(r.PostForm.Get("day")), Reason: strings.TrimSpace(r.PostForm.Get("reason")), Errors: map[string]string{}}
	day, err := recur.ParseDate(form.Day)
	loc := g.Location()
	y, m, dd := c.now().In(loc).Date()
	switch {
	case form.Day == "":
		form.Errors["day"] = "Give the date of the meeting to cancel."
	case err != nil:
		form.Errors["day"] = "Write the date as YYYY-MM-DD, like 2026-03-17."
	case before(day, recur.Date{Year: y, Month: m, Day: dd}):
		form.Errors["day"] = "That date has passed."
	case slices.Contains(g.Cancelled, day):
		form.Errors["day"] = "That meeting is already cancelled."
	default:
		start := time.Date(day.Year, day.Month, day.Day, 0, 0, 0, 0, loc)
		if len(g.Meetings(start, start.AddDate(0, 0, 1))) == 0 {
			form.Errors["day"] = "The group does not meet on that date."
		}
	}
	switch {
	case form.Reason == "":
		form.Errors["reason"] = "Say why, for the audit log (for example: the hall is closed)."
	case utf8.RuneCountInString(form.Reason) > maxReason:
		form.Errors["reason"] = fmt.Sprintf("Keep the reason to %d characters.", maxReason)
	}
	if len(form.Errors) > 0 {
		c.group(w, r, me, book, &form)
		return
	}
	if err := c.Store.CancelMeeting(r.Context(), g.ID, day, c.now()); err != nil {
		c.fail(w, r, "cancelling a meeting", err)
		return
	}
	c.audit(r.Context(), me, "meeting.cancel", fmt.Sprintf("group %d", g.Code), "", day.String()+"; reason: "+form.Reason)
	c.log().Info("console: meeting cancelled", "account", me.Email, "group", g.Code, "day", day.String())
	http.Redirect(w, r, fmt.Sprintf("%s/groups/%d?cancelled=%s", Prefix, g.Code, day), http.StatusSeeOther)
}

// ---- voicemails ----

type voicemailRow struct {
	ID                 int64
	When, Caller, Lang string
	Seconds            int
	Handled            bool
	HandledBy, At      string
	Note               string
	Playable           bool // the console can fetch its audio
	NoteTyped, Error   string
}

func (c *Console) voicemails(w http.ResponseWriter, r *http.Request, me *account) {
	c.showVoicemails(w, r, me, http.StatusOK, 0, "", "")
}

func (c *Console) showVoicemails(w http.ResponseWriter, r *http.Request, me *account, status int, badID int64, typed, problem string) {
	ctx := r.Context()
	vms, err := c.Store.Voicemails(ctx, time.Time{})
	if err != nil {
		c.fail(w, r, "listing voicemails", err)
		return
	}
	notes, err := c.Store.VoicemailNotes(ctx)
	if err != nil {
		c.fail(w, r, "reading voicemail notes", err)
		return
	}
	rows := make([]voicemailRow, 0, len(vms))
	for i := len(vms) - 1; i >= 0; i-- { // newest first
		v := vms[i]
		row := voicemailRow{ID: v.ID, When: c.fmtTime(v.At), Caller: number(me, v.Caller), Seconds: v.Seconds, Lang: langNames[v.Lang],
			Playable: c.Recordings != nil && me.Role.Can(directory.RoleStaff)}
		if row.Lang == "" {
			row.Lang = "English"
		}
		if n, ok := notes[v.ID]; ok {
			row.Handled, row.HandledBy, row.At, row.Note = true, n.By, c.fmtTime(n.Handled), n.Note
		}
		if v.ID == badID {
			row.NoteTyped, row.Error = typed, problem
		}
		rows = append(rows, row)
	}
	c.render(w, r, status, "voicemails.html", view{Title: "Voicemails", Me: me, Data: rows})
}

// handledForm reads a form that marks a row handled with a note: the
// row's id from the path, and the note; false when it has answered the
// request itself (a form that cannot be read, no such row).
func (c *Console) handledForm(w http.ResponseWriter, r *http.Request, me *account, noSuch string) (int64, string, bool) {
	r.Body = http.MaxBytesReader(w, r.Body, 16<<10)
	if err := r.ParseForm(); err != nil {
		http.Error(w, "the form could not be read", http.StatusBadRequest)
		return 0, "", false
	}
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		c.notFound(w, r, me, noSuch)
		return 0, "", false
	}
	return id, strings.TrimSpace(r.PostForm.Get("note")), true
}

func (c *Console) handleVoicemail(w http.ResponseWriter, r *http.Request, me *account) {
	id, note, ok := c.handledForm(w, r, me, "No such voicemail.")
	if !ok {
		return
	}
	if utf8.RuneCountInString(note) > maxNote {
		c.showVoicemails(w, r, me, http.StatusUnprocessableEntity, id, note, fmt.Sprintf("Keep the note to %d characters.", maxNote))
		return
	}
	old := ""
	if notes, err := c.Store.VoicemailNotes(r.Context()); err == nil {
		if n, ok := notes[id]; ok {
			old = n.Note
		}
	}
	ok, err := c.Store.HandleVoicemail(r.Context(), id, directory.VoicemailNote{Handled: c.now(), By: me.Email, Note: note})
	if err != nil {
		c.fail(w, r, "handling a voicemail", err)
		return
	}
	if !ok {
		c.notFound(w, r, me, "No such voicemail: it may have been deleted after the retention period.")
		return
	}
	c.audit(r.Context(), me, "voicemail.handle", fmt.Sprintf("voicemail %d", id), old, note)
	http.Redirect(w, r, Prefix+"/voicemails", http.StatusSeeOther)
}

// ---- members ----

type membersData struct {
	Number   string // as typed
	Error    string
	Searched bool
	Found    bool
	Shown    string // the member's number, masked for viewers
	Full     string // in full, only for the forms of staff and admins
	Waiting  []waitRow
	OptedOut bool
	NoText   bool
	Since    string
	Subs     []subRow
	Consents []consentRow
}

// waitRow is an open wait-list entry: what they wait for, where, how
// they will be told.
type waitRow struct{ Concern, Area, Channel, Lang, Since string }

type subRow struct {
	ID                          int64
	Number                      string // the member's, for the stop form
	Group                       string
	Code                        int
	Channel, Lang, State, Since string
}

type consentRow struct {
	At, Via, Purpose, Contact, Lang, Wording, Ref string
}

func (c *Console) members(w http.ResponseWriter, r *http.Request, me *account) {
	ctx := r.Context()
	d := membersData{Number: strings.TrimSpace(r.URL.Query().Get("number"))}
	status := http.StatusOK
	if d.Number != "" {
		num, err := directory.MemberNumber(d.Number)
		if err != nil {
			d.Error = "That is not a phone number: give 10 digits, like 705 555 0123, or + and a country code."
			status = http.StatusUnprocessableEntity
		} else {
			d.Searched = true
			m, found, err := c.Store.Member(ctx, num)
			if err != nil {
				c.fail(w, r, "looking up a member", err)
				return
			}
			d.Found, d.Shown, d.Full = found, number(me, num), num
			if found {
				d.OptedOut, d.NoText, d.Since = m.OptedOut, m.CannotText, c.fmtTime(m.CreatedAt)
				subs, err := c.Store.Subscriptions(ctx, num)
				if err != nil {
					c.fail(w, r, "listing subscriptions", err)
					return
				}
				for _, s := range subs {
					d.Subs = append(d.Subs, subRow{ID: s.ID, Number: num, Group: s.GroupName, Code: s.GroupCode, Channel: string(s.Channel), Lang: langNames[s.Lang], State: s.State, Since: c.fmtTime(s.CreatedAt)})
				}
				waits, err := c.Store.WaitEntries(ctx, num)
				if err != nil {
					c.fail(w, r, "listing wait-list entries", err)
					return
				}
				for _, e := range waits {
					d.Waiting = append(d.Waiting, c.waitRow(e))
				}
				cons, err := c.Store.Consents(ctx, num)
				if err != nil {
					c.fail(w, r, "listing consents", err)
					return
				}
				for _, k := range cons {
					d.Consents = append(d.Consents, consentRow{At: c.fmtTime(k.At), Via: k.Via, Purpose: k.Purpose, Contact: string(k.Contact), Lang: langNames[k.Lang], Wording: k.Wording, Ref: k.Ref})
				}
			}
		}
	}
	c.render(w, r, status, "members.html", view{Title: "Members", Me: me, Data: d})
}

func (c *Console) waitRow(e directory.WaitEntry) waitRow {
	concern := e.Concern
	if k, ok := c.Vocab.Concern(e.Concern); ok {
		concern = k.NameEN
	}
	area := e.Area
	if cx, ok := c.Areas.Complex(e.Area); ok {
		area = cx.Key() + " (" + cx.RegionEN + ")"
	}
	return waitRow{Concern: concern, Area: area, Channel: string(e.Channel), Lang: langNames[e.Lang], Since: c.fmtTime(e.CreatedAt)}
}

// ---- accounts and the audit log (admin) ----

type staffRow struct{ Email, Name, Role, Created string }

func (c *Console) staffList(w http.ResponseWriter, r *http.Request, me *account) {
	c.showStaff(w, r, me, http.StatusOK, staffForm{})
}

// auditShown is how many of the latest audit entries the page lists.
const auditShown = 500

type auditRow struct{ At, Who, Action, Object, Old, New string }

func (c *Console) auditPage(w http.ResponseWriter, r *http.Request, me *account) {
	log, err := c.Store.AuditLog(r.Context(), auditShown)
	if err != nil {
		c.fail(w, r, "reading the audit log", err)
		return
	}
	rows := make([]auditRow, 0, len(log))
	for _, e := range log {
		rows = append(rows, auditRow{At: c.fmtTime(e.At), Who: e.Who, Action: e.Action, Object: e.Object, Old: e.Old, New: e.New})
	}
	c.render(w, r, http.StatusOK, "audit.html", view{Title: "Audit log", Me: me, Data: rows})
}
