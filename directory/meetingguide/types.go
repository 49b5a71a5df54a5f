package meetingguide

import (
	"strings"

	"github.com/peerline/peerline/directory"
)

// effect is what a meeting type does to the group it files.
type effect int

const (
	ignored   effect = iota // says nothing a caller can use
	described               // said in words in the description
	audience                // said in words, and meetings for different audiences are different groups
	otherLang               // said in words; a meeting in no language the line speaks is refused
	speaksEN                // Languages gets English
	speaksFR                // Languages gets French
	closedTmp               // TC: the meeting place is temporarily closed
	online                  // ONL: changes nothing by itself (see attendance.go)
)

// meetingType is one row of the types table.
type meetingType struct {
	code   string
	effect effect
	en, fr string // the words for the description
}

// types is what the line makes of each Meeting Guide type code (the
// spec's list, and ONL, which feeds still send). It is data: a new code
// is a new row, and the order of the rows is the order of the words in a
// description. Codes the table does not know are passed over, as the
// spec allows feeds their own.
var types = []meetingType{
	// Who may come. A closed meeting and an open one of the same group are
	// two listings for a caller, so these keep meetings apart (see group.go).
	{"O", audience, "Open meeting: anyone may attend", "Réunion ouverte : tous sont bienvenus"},
	{"C", audience, "Closed meeting: for members only", "Réunion fermée : pour les membres seulement"},
	{"W", audience, "Women", "Femmes"},
	{"M", audience, "Men", "Hommes"},
	{"Y", audience, "Young people", "Jeunes"},
	{"SEN", audience, "Seniors", "Aînés"},
	{"LGBTQ", audience, "LGBTQ", "LGBTQ"},
	{"G", audience, "Gay", "Gai"},
	{"L", audience, "Lesbian", "Lesbienne"},
	{"BI", audience, "Bisexual", "Bisexuel"},
	{"T", audience, "Transgender", "Transgenre"},
	{"NB", audience, "Non-binary", "Non binaire"},
	{"POC", audience, "People of colour", "Personnes de couleur"},
	{"NDG", audience, "Indigenous", "Autochtones"},
	{"N", audience, "Native American", "Autochtones d'Amérique"},
	{"P", audience, "Professionals", "Professionnels"},

	// What the meeting does.
	{"BE", described, "Newcomers", "Nouveaux membres"},
	{"D", described, "Discussion", "Discussion"},
	{"SP", described, "Speaker", "Conférencier"},
	{"B", described, "Big Book", "Gros Livre"},
	{"ST", described, "Step study", "Étude des Étapes"},
	{"TR", described, "Tradition study", "Étude des Traditions"},
	{"12x12", described, "12 Steps and 12 Traditions", "12 Étapes et 12 Traditions"},
	{"11", described, "11th Step meditation", "Méditation sur la 11e Étape"},
	{"MED", described, "Meditation", "Méditation"},
	{"ABSI", described, "As Bill Sees It", "Réflexions de Bill"},
	{"DR", described, "Daily Reflections", "Réflexions quotidiennes"},
	{"LS", described, "Living Sober", "Vivre sans alcool"},
	{"LIT", described, "Literature", "Publications"},
	{"GR", described, "Grapevine", "Grapevine"},
	{"A", described, "Secular", "Séculier"},
	{"DD", described, "Dual diagnosis", "Double diagnostic"},
	{"AL-AN", described, "At the same time as Al-Anon", "En même temps qu'Al-Anon"},
	{"AL", described, "At the same time as Alateen", "En même temps qu'Alateen"},
	{"H", described, "Birthday", "Anniversaire"},
	{"CAN", described, "Candlelight", "À la chandelle"},
	{"BRK", described, "Breakfast", "Petit déjeuner"},
	{"OUT", described, "Outdoors", "En plein air"},

	// Access: what a caller may need to know before going.
	{"X", described, "Wheelchair access", "Accès en fauteuil roulant"},
	{"XB", described, "Wheelchair-accessible washroom", "Toilettes accessibles en fauteuil roulant"},
	{"ASL", described, "American Sign Language", "Langue des signes américaine"},
	{"QSL", described, "Quebec Sign Language", "Langue des signes québécoise"},
	{"D-HOH", described, "Deaf and hard of hearing", "Sourds et malentendants"},
	{"BV-I", described, "Blind and visually impaired", "Aveugles et malvoyants"},
	{"BA", described, "Babysitting available", "Garderie disponible"},
	{"CF", described, "Children welcome", "Enfants acceptés"},
	{"FF", described, "Fragrance free", "Sans parfum"},
	{"SM", described, "Smoking permitted", "Permis de fumer"},
	{"XT", described, "Cross talk permitted", "Conversation croisée permise"},
	{"LO-I", described, "Loners and isolated members", "Membres isolés"},

	// Nothing a caller can act on: a digital basket is for giving online,
	// proof of attendance is for courts.
	{"DB", ignored, "", ""},
	{"POA", ignored, "", ""},

	// Languages. The line speaks English and French; a meeting in another
	// language is listed only when it also meets in one of those.
	{"EN", speaksEN, "", ""},
	{"FR", speaksFR, "", ""},
	{"S", otherLang, "Also in Spanish", "Aussi en espagnol"},
	{"POR", otherLang, "Also in Portuguese", "Aussi en portugais"},
	{"ITA", otherLang, "Also in Italian", "Aussi en italien"},
	{"DE", otherLang, "Also in German", "Aussi en allemand"},
	{"POL", otherLang, "Also in Polish", "Aussi en polonais"},
	{"UK", otherLang, "Also in Ukrainian", "Aussi en ukrainien"},
	{"RUS", otherLang, "Also in Russian", "Aussi en russe"},
	{"HU", otherLang, "Also in Hungarian", "Aussi en hongrois"},
	{"HR", otherLang, "Also in Croatian", "Aussi en croate"},
	{"LT", otherLang, "Also in Lithuanian", "Aussi en lituanien"},
	{"SK", otherLang, "Also in Slovak", "Aussi en slovaque"},
	{"EL", otherLang, "Also in Greek", "Aussi en grec"},
	{"DA", otherLang, "Also in Danish", "Aussi en danois"},
	{"NO", otherLang, "Also in Norwegian", "Aussi en norvégien"},
	{"SV", otherLang, "Also in Swedish", "Aussi en suédois"},
	{"HE", otherLang, "Also in Hebrew", "Aussi en hébreu"},
	{"FA", otherLang, "Also in Persian", "Aussi en persan"},
	{"AM", otherLang, "Also in Amharic", "Aussi en amharique"},
	{"HI", otherLang, "Also in Hindi", "Aussi en hindi"},
	{"PUN", otherLang, "Also in Punjabi", "Aussi en pendjabi"},
	{"ML", otherLang, "Also in Malayalam", "Aussi en malayalam"},
	{"JA", otherLang, "Also in Japanese", "Aussi en japonais"},
	{"KOR", otherLang, "Also in Korean", "Aussi en coréen"},
	{"TH", otherLang, "Also in Thai", "Aussi en thaï"},
	{"TL", otherLang, "Also in Tagalog", "Aussi en tagalog"},

	// Attendance.
	{"TC", closedTmp, "", ""},
	{"ONL", online, "", ""},
}

// typeIndex finds a row by its code, in upper case: feeds write "12x12"
// and "12X12" alike.
var typeIndex = func() map[string]int {
	m := make(map[string]int, len(types))
	for i, t := range types {
		m[strings.ToUpper(t.code)] = i
	}
	return m
}()

// typeSet is the types of a meeting the table knows, as a bit per row:
// sets of a group's meetings are unioned and compared cheaply.
type typeSet [2]uint64

func (s *typeSet) add(i int)              { s[i/64] |= 1 << (i % 64) }
func (s typeSet) has(i int) bool          { return s[i/64]&(1<<(i%64)) != 0 }
func (s typeSet) union(o typeSet) typeSet { return typeSet{s[0] | o[0], s[1] | o[1]} }

// readTypes files each code of a meeting under the table's rows.
func readTypes(codes []string) typeSet {
	var s typeSet
	for _, c := range codes {
		if i, ok := typeIndex[strings.ToUpper(strings.TrimSpace(c))]; ok {
			s.add(i)
		}
	}
	return s
}

// with reports whether any type of the set has the effect.
func (s typeSet) with(e effect) bool {
	for i, t := range types {
		if t.effect == e && s.has(i) {
			return true
		}
	}
	return false
}

// only keeps the types of one effect: a group's audience.
func (s typeSet) only(e effect) typeSet {
	var out typeSet
	for i, t := range types {
		if t.effect == e && s.has(i) {
			out.add(i)
		}
	}
	return out
}

// languages are the languages the line speaks that the types name.
func (s typeSet) languages() []directory.Lang {
	var out []directory.Lang
	if s.with(speaksEN) {
		out = append(out, directory.English)
	}
	if s.with(speaksFR) {
		out = append(out, directory.French)
	}
	return out
}

// words says the set's types, in table order, in lang.
func (s typeSet) words(lang directory.Lang) []string {
	var out []string
	for i, t := range types {
		if !s.has(i) || (t.effect != described && t.effect != audience && t.effect != otherLang) {
			continue
		}
		if lang == directory.French {
			out = append(out, t.fr)
		} else {
			out = append(out, t.en)
		}
	}
	return out
}
