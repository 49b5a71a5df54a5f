// Package meetingguide reads Meeting Guide feeds — the JSON array of
// meetings AA intergroups publish (github.com/code4recovery/spec) — into
// the line's groups. Read gives a directory.Import, as the CSV and HSDS
// readers do; every group has passed (*directory.Group).Check.
//
// # What is an error, and what is reported
//
// Read returns an error, and nothing else, for a feed that cannot be
// read at all: not JSON, not an array, an empty array, an array none of
// whose meetings can be used (a feed that breaks must not take every
// group off the line), or Options naming an unknown concern or zone. An
// entry that cannot be used goes to the report at its 1-based position
// in the array ("feed.json:7: meeting 7 (slug): time: ...; day: ..."),
// with all its problems in one error.
//
// # One entry, one meeting; one group, several meetings
//
// Each entry is read into a group of its own and checked. Then entries
// of the same group are put together (group.go): same group name (the
// entry's "group", else its "name"), same place (street and town),
// dial-in, URL, zone, languages and audience types. The group gets one
// schedule per start time, on every day it meets then. Its name is the
// entries' name if they share one, else the group name. Only its active
// meetings' schedules count while one is active.
//
// # Ids
//
// A group's SourceID is "mg-" + 8 hex digits of a hash of Options.Source
// + "-" + the smallest slug of its meetings: two feeds' slugs cannot
// collide, and the same feed in any order gives the same ids. A meeting
// added to a group with a slug that sorts first changes the group's id.
// Slugs must be unique within the feed; a repeat is reported.
//
// # Fields
//
//	name, group           Name (see above)
//	slug                  SourceID (see above); a number is read as text
//	day                   0-6 (0 = Sunday), "1", "Monday", "lundi", or a list
//	time, end_time        Opens, Closes: "19:00", "19:00:00", "7:30 PM", "7pm", "19h30";
//	                      an end past midnight is left out (a schedule ends the day it starts)
//	timezone              Zone; else Options.Zone, else the town's or area's, else America/Toronto
//	formatted_address     split into street, town, province, postal code, country; the
//	address, city, state, separate fields win over it
//	postal_code, country
//	location              Place.Name
//	latitude, longitude   Place.Lat, Lon; else the town's centre
//	conference_phone      Dialin (see dialin.go for the access code)
//	conference_url        OnlineURL
//	types                 the table in types.go: languages, status, words in the description
//	attendance_option     which ways are offered (see attendance.go)
//	notes, group_notes,   Description, after the types in words, each text once
//	location_notes,
//	conference_*_notes
//	email, phone          Email, Phone (the contact)
//	entity                Organization
//
// Not read: url, edit_url, feedback_url, website (a group has no web
// page), updated (the store keeps when it changed a group), region,
// regions, sub_region (the town and postal code place a meeting better),
// contact_* (anonymity), venmo, square, paypal, image.
//
// # How a meeting is attended (attendance.go)
//
// attendance_option, when given, decides: in_person (the place only),
// online (conference details only; the address only says where the
// meeting is from), hybrid (both), inactive (Status inactive). Without
// it, an address with a street (or a place name, when there are no
// conference details) is a meeting place; conference_phone is a dial-in,
// conference_url online. TC (location temporarily closed) takes the
// place away from a meeting that goes on by phone or online, and makes
// one that does not temporarily closed.
//
// # Telephone meetings (dialin.go)
//
// conference_phone "+16699009128,,530851127#,,085392#" is the dial-in
// +16699009128 with access code "530851127#085392#": every key after the
// number, in order, without the pauses — what a caller types, prompt by
// prompt, and what the line says key by key ("..., pound, 0 8 5 ...").
// Pauses cannot be kept: an access code holds only 0-9, # and * (Check).
// A link with no keys takes them from conference_phone_notes when these
// name a meeting ID ("Meeting ID: 530 851 127 Passcode: 085392"). Both
// notes are kept in the description.
//
// # Types (types.go)
//
// A table, one row a code: EN and FR give Languages; another language
// alone is refused (the line speaks English and French); TC closes the
// place; who may come (O, C, W, M, Y, SEN, LGBTQ, ...) is said in the
// description and keeps meetings apart; what the meeting does and what
// access it has (B, ST, SP, X, BA, ...) is said in the description, in
// French for a group meeting only in French; DB, POA and unknown codes
// are passed over.
//
// # Where a meeting is
//
// A town the line knows (directory.Areas.Town, else FindTown in the
// city) gives the area, province, zone and, when the feed has none,
// coordinates. Else a Canadian postal code's first letters give the
// province, and the area and zone where they are sure (the fsa table in
// where.go: northern Ontario's P is 705, its northwest 807 and Central
// time). A US ZIP code, a US state or another country is abroad: the
// line lists no meeting place there, only a way to join by phone or
// online.
//
// # Where a group is offered
//
// In person: in its place's area, as every group is. By telephone, or
// online only: in its own area and province when its address (even an
// approximate one: "Sudbury, ON") says them, else in all of Canada. The
// dial-in number is not used: conference services give numbers in other
// provinces (Zoom's 778 is Vancouver's) for meetings anywhere.
package meetingguide
