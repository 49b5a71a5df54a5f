// Package hsds reads and writes the directory as an Open Referral HSDS 3
// tabular data package: a folder or .zip of CSV files described by a
// datapackage.json. It implements the import profile of DESIGN.md ("How a
// self-help group reads in HSDS"): one service is one group, its ways of
// attending come from the locations linked to it, its concerns from
// taxonomy terms linked through attributes.
//
// Where the profile is silent, this package decides:
//
//   - A row linked to a service that cannot be read (a phone, schedule,
//     location, address, service area, language, attribute) is reported
//     with its own file and line, and the whole service is left out: a
//     group is imported whole or not at all.
//   - A group has one meeting place, one dial-in, one URL and one mailing
//     address. A second location of the same kind is reported on its
//     service_at_location row.
//   - Phones of type voice, cell or no type are used; fax, text and other
//     types are ignored. A phone linked to a location (location_id or
//     service_at_location_id) belongs to that location; a phone with only
//     a service_id is the group's contact.
//   - The access code of a dial-in is read from the phone's extension,
//     else from its description ("access code 4127#"), else from the
//     attending_type of the group's schedules.
//   - A taxonomy term names a concern by its code only through an explicit
//     table: a code is an identifier, never searched for words (a code
//     "BD-1800.1500-caregiver" says nothing of caregiving). In the taxonomy
//     "peerline" (the term's taxonomy column, else the name of its
//     taxonomy_id in taxonomies.csv), which Write uses, each concern code
//     names its concern; data/taxonomy_codes.csv files other publishers'
//     codes (AIRS/211 support-group codes) under concerns, for one
//     taxonomy or for any. A term whose code is not in the table is
//     matched by its name, read as words as a spreadsheet cell is
//     ("Bereavement", "Deuil", "Alcohol and drug addiction"); one that
//     matches nothing is listed in the report by its name, else its code.
//   - Languages other than English and French are passed over when the
//     group also meets in one of those; a group that meets in neither is
//     reported on its language row. An organization_id that names no
//     organization leaves the group's organization empty.
//   - Schedule rules the line cannot follow (byweekno, byyearday, a wkst
//     other than Monday where it changes which weeks meet) are reported,
//     not dropped: dropped, they would make a group seem to meet more often.
//   - A closes_at of 00:00 is midnight at the end of the meeting's day, as
//     Table Schema's time has no 24:00; Write writes midnight so.
//   - Schedules are those with the service's service_id, or with no
//     service_id and the id of one of its service_at_location rows or
//     locations. A schedule row with no freq and no days or times is a
//     free-text note and is skipped.
//   - The time zone: schedules carry a UTC offset in hours (-5, "-05:00")
//     in timezone or on opens_at, or an IANA name in timezone. The offset
//     is turned into a zone on the schedule's dtstart (else valid_from)
//     at 12:00 UTC, preferring the zone of the meeting place's town, else
//     of the area code of the place's phone, the contact phone or the
//     dial-in. An offset with no date names the preferred zone if that
//     zone has it in winter or summer, else is read as standard time.
//     Schedules of one group must agree on the zone.
//
// Write produces what Read reads back to the same groups. The IANA zone
// is not written: it is recovered from the meeting place's town or the
// phones' area codes together with each schedule's offset, which Write
// takes on the schedule's dtstart (else valid_from, else January 15 of
// the current year, standard time). A group whose zone is neither its
// town's nor its area code's keeps its zone through a round trip only
// where the offset names it unambiguously. HSDS ids are UUIDs: a
// group's id is its service's id when it is one (a group imported from
// HSDS); otherwise the service's id is derived from it and the group's
// own id rides on an attribute of the term peerline:group-id, which Read
// takes it back from. Every other id is derived from the service's id
// and what the row is of, as a version 5 UUID, so that the same groups
// always give the same ids. HSDS wants an organization, described, for
// every service: a group's sponsor is written once, described by the
// concerns of its groups; a group that names none is its own
// organization, with its name and description (else one made of its
// concerns), under an id derived from the service's, which Read
// recognises and reads as no organization. Address parts the group does
// not have (a place's postal code, the town and province of a mailing
// address that does not split into parts) are left empty although HSDS
// requires them: Write makes none up.
package hsds
