package hsds

import (
	"strings"
	"time"

	"github.com/peerline/peerline/directory"
	"github.com/peerline/peerline/directory/recur"
)

// All names, places and numbers below are fictional; phone numbers are
// in the 555-01xx range kept for fiction.

// basePackage is a package as a publisher might write it: columns in
// their own order, a byte order mark, extra columns, phone numbers in
// several formats, a quoted description over two lines. Line numbers
// matter to the tests that break rows of it.
func basePackage() map[string]string {
	return map[string]string{
		"organizations.csv": `id,name
org-1,Algoma Peer Support Network
`,
		"services.csv": "\ufeff" + `name,id,organization_id,status,email,description,notes
Widowed Friends,svc-grief,org-1,active,widowed@example.org,"Peer support after the death of a spouse.
Meets in the side hall.",ignored
Caregivers by Phone,svc-phone,org-1,active,,,
Online Anxiety Circle,svc-online,,active,,,
Pen Pals in Grief,svc-mail,,Active,,,
Groupe Deuil Hearst,svc-fr,,active,,,
Kenora Sober Circle,svc-kenora,,inactive,,,
`,
		"locations.csv": `id,location_type,url,name,latitude,longitude
loc-ssm,physical,,St. Luke's Hall,46.52,-84.33
loc-bridge,virtual,,Phone bridge,,
loc-web,virtual,https://meet.example.org/anxiety,,,
loc-box,postal,,,,
loc-hearst,physical,,Salle paroissiale,,
loc-kenora,physical,,Lakeside Room,,
`,
		"service_at_location.csv": `id,service_id,location_id
sal-1,svc-grief,loc-ssm
sal-2,svc-phone,loc-bridge
sal-3,svc-online,loc-web
sal-4,svc-mail,loc-box
sal-5,svc-fr,loc-hearst
sal-6,svc-kenora,loc-kenora
`,
		"addresses.csv": `id,location_id,address_1,address_2,city,state_province,postal_code,country,address_type
a-1,loc-ssm,123 Queen Street East,Side door,Sault Ste. Marie,Ontario,p6a 1z1,CA,physical
a-2,loc-box,PO Box 117,,Wawa,ON,P0S 1K0,CA,postal
a-3,loc-hearst,9 rue Principale,,Hearst,ON,P0L 1N0,CA,physical
a-4,loc-kenora,1 Lakeview Drive,,Kenora,ON,,CA,physical
`,
		"phones.csv": `id,location_id,service_id,service_at_location_id,number,extension,type,description
p-1,loc-ssm,,,(705) 555-0142,,voice,
p-2,,svc-grief,,705.555.0143,,,
p-3,loc-bridge,,,+1 705 555 0150,,voice,
p-4,,svc-online,,519-555-0160,,voice,
p-5,,svc-online,,not a number,,fax,
p-6,,svc-fr,,705 555 0170,,voice,
p-7,,svc-kenora,,807-555-0180,,voice,
`,
		"schedules.csv": `id,service_id,location_id,service_at_location_id,freq,interval,byday,bymonthday,dtstart,until,count,valid_from,valid_to,opens_at,closes_at,timezone,attending_type
s-1,svc-grief,,,WEEKLY,,TH,,2025-01-09,,,,,19:00,20:30,,in person
s-2,svc-phone,,,weekly,2,TU,,2025-01-07,,,,,14:00:00,15:00:00,-5,"By phone: call in, access code 4127#"
s-3,svc-online,,,Weekly,,MO,,2025-03-03,,,,,19:00-05:00,,,online
s-4,,loc-hearst,,MONTHLY,,2TU,,2025-02-11,,,,,13:30,,-05:00,
s-5,svc-kenora,,,WEEKLY,,WE,,2025-07-02,,,,,19:00,,-5,
s-6,svc-grief,,,,,,,,,,,,,,,No meeting on statutory holidays
`,
		"service_areas.csv": `id,service_id,name,extent,extent_type
sa-1,svc-phone,Ontario,,
sa-2,svc-mail,Canada,,
sa-3,svc-grief,"705, 249, 683",,
sa-4,svc-online,Algoma and beyond,ON,text
`,
		"languages.csv": `id,service_id,name,code
l-1,svc-fr,French,fr
l-2,svc-grief,English,eng
`,
		"taxonomy_terms.csv": `id,code,name,taxonomy_id
t-1,,Grief and loss,
t-2,BD-123,Bereavement,
t-3,,Widowed persons,
t-4,,Caregivers,
t-5,,Anxiety,
t-6,,Pregnancy loss,
t-7,,Basket weaving,
t-8,peerline:group-code,Group code,
t-9,,Alcohol,
t-10,,Deuil,
t-11,,Wheelchair accessible,
`,
		"attributes.csv": `id,link_id,taxonomy_term_id,link_type,link_entity,value
at-1,svc-grief,t-1,concern,service,
at-2,svc-grief,t-2,concern,service,
at-3,svc-grief,t-3,concern,service,
at-4,svc-grief,t-7,concern,service,
at-5,svc-grief,t-8,group_code,service,1201
at-6,svc-phone,t-4,concern,service,
at-7,svc-online,t-5,concern,service,
at-8,svc-mail,t-6,concern,,
at-9,svc-fr,t-10,concern,service,
at-10,svc-kenora,t-9,concern,service,
at-11,loc-ssm,t-11,accessibility,location,
`,
	}
}

// baseGroups is what basePackage reads as, after Check.
func baseGroups() []directory.Group {
	toronto := "America/Toronto"
	return []directory.Group{
		{
			Code: 1201, SourceID: "svc-grief", Name: "Widowed Friends",
			Description:  "Peer support after the death of a spouse.\nMeets in the side hall.",
			Organization: "Algoma Peer Support Network", Status: directory.StatusActive,
			Languages: []directory.Lang{directory.English}, Concerns: []string{"grief"},
			Phone: "+17055550143", Email: "widowed@example.org",
			Place: &directory.Place{Name: "St. Luke's Hall", Street: "123 Queen Street East, Side door",
				City: "Sault Ste. Marie", Province: "ON", PostalCode: "P6A 1Z1", Phone: "+17055550142",
				Area: "705", Lat: 46.52, Lon: -84.33},
			Areas: []directory.Coverage{{Kind: directory.CoverComplex, Value: "705"}},
			Zone:  toronto,
			Schedules: []recur.Schedule{{Freq: recur.Weekly, ByDay: []string{"TH"},
				Start: day(2025, 1, 9), Opens: at(19, 0), Closes: at(20, 30)}},
		},
		{
			SourceID: "svc-phone", Name: "Caregivers by Phone", Organization: "Algoma Peer Support Network",
			Status: directory.StatusActive, Concerns: []string{"caregiving"},
			Dialin: &directory.Dialin{Number: "+17055550150", AccessCode: "4127#"},
			Areas:  []directory.Coverage{{Kind: directory.CoverProvince, Value: "ON"}},
			Zone:   toronto,
			Schedules: []recur.Schedule{{Freq: recur.Weekly, Interval: 2, ByDay: []string{"TU"},
				Start: day(2025, 1, 7), Opens: at(14, 0), Closes: at(15, 0)}},
		},
		{
			SourceID: "svc-online", Name: "Online Anxiety Circle", Status: directory.StatusActive,
			Concerns: []string{"anxiety"}, Phone: "+15195550160", OnlineURL: "https://meet.example.org/anxiety",
			Areas: []directory.Coverage{{Kind: directory.CoverProvince, Value: "ON"}},
			Zone:  toronto,
			Schedules: []recur.Schedule{{Freq: recur.Weekly, ByDay: []string{"MO"},
				Start: day(2025, 3, 3), Opens: at(19, 0)}},
		},
		{
			SourceID: "svc-mail", Name: "Pen Pals in Grief", Status: directory.StatusActive,
			Concerns: []string{"pregnancy-loss"}, Mail: "PO Box 117, Wawa, ON P0S 1K0",
			Areas: []directory.Coverage{{Kind: directory.CoverCountry, Value: "CA"}},
			Zone:  toronto,
		},
		{
			SourceID: "svc-fr", Name: "Groupe Deuil Hearst", Status: directory.StatusActive,
			Languages: []directory.Lang{directory.French}, Concerns: []string{"grief"}, Phone: "+17055550170",
			Place: &directory.Place{Name: "Salle paroissiale", Street: "9 rue Principale", City: "Hearst",
				Province: "ON", PostalCode: "P0L 1N0", Area: "705", Lat: 49.6914, Lon: -83.67},
			Areas: []directory.Coverage{{Kind: directory.CoverComplex, Value: "705"}},
			Zone:  toronto,
			Schedules: []recur.Schedule{{Freq: recur.Monthly, ByDay: []string{"2TU"},
				Start: day(2025, 2, 11), Opens: at(13, 30)}},
		},
		{
			SourceID: "svc-kenora", Name: "Kenora Sober Circle", Status: directory.StatusInactive,
			Concerns: []string{"alcohol"}, Phone: "+18075550180",
			Place: &directory.Place{Name: "Lakeside Room", Street: "1 Lakeview Drive", City: "Kenora",
				Province: "ON", Area: "807", Lat: 49.767, Lon: -94.4894},
			Areas: []directory.Coverage{{Kind: directory.CoverComplex, Value: "807"}},
			Zone:  "America/Winnipeg",
			Schedules: []recur.Schedule{{Freq: recur.Weekly, ByDay: []string{"WE"},
				Start: day(2025, 7, 2), Opens: at(19, 0)}},
		},
	}
}

// singlePackage is one in-person group in Sault Ste. Marie, with the
// cells a test varies left as {{placeholders}}; set gives their values.
func singlePackage(set map[string]string) map[string]string {
	values := map[string]string{
		"phone": "705-555-0101", "opens": "19:00", "tz": "", "dtstart": "2025-01-09",
		"city": "Sault Ste. Marie", "area": "705", "code": "", "term": "Grief", "taxonomy": "", "taxonomy_id": "",
	}
	for k, v := range set {
		values[k] = v
	}
	files := map[string]string{
		"services.csv":            "id,name,status\nsvc-1,Test Group,active\n",
		"locations.csv":           "id,location_type,name\nloc-1,physical,Hall\n",
		"service_at_location.csv": "id,service_id,location_id\nsal-1,svc-1,loc-1\n",
		"addresses.csv":           "id,location_id,address_1,city,state_province\na-1,loc-1,1 Main Street,{{city}},ON\n",
		"phones.csv":              "id,service_id,number\np-1,svc-1,{{phone}}\n",
		"schedules.csv":           "id,service_id,freq,byday,dtstart,opens_at,timezone\ns-1,svc-1,WEEKLY,TH,{{dtstart}},{{opens}},{{tz}}\n",
		"service_areas.csv":       "id,service_id,name\nsa-1,svc-1,\"{{area}}\"\n",
		"taxonomies.csv":          "id,name\ntx-peerline,peerline\ntx-airs,AIRS\n",
		"taxonomy_terms.csv":      "id,code,name,taxonomy,taxonomy_id\nt-1,{{code}},{{term}},{{taxonomy}},{{taxonomy_id}}\n",
		"attributes.csv":          "id,link_id,taxonomy_term_id,link_entity\nat-1,svc-1,t-1,service\n",
	}
	for name, text := range files {
		for k, v := range values {
			text = strings.ReplaceAll(text, "{{"+k+"}}", v)
		}
		files[name] = text
	}
	return files
}

// roundTripGroups covers every way of attending and every kind of
// schedule; they are written raw, as an import would give them, and
// checked before use.
func roundTripGroups() []directory.Group {
	return []directory.Group{
		{ // in person, weekly, in Sault Ste. Marie
			Code: 101, SourceID: "g-ssm", Name: "Sault Grief Circle", Organization: "Algoma Peer Support Network",
			Description: "Peer support for anyone grieving a death.", Concerns: []string{"grief"},
			Phone: "(705) 555-0101", Email: "circle@example.org", Languages: []directory.Lang{"en"},
			Place: &directory.Place{Name: "St. Luke's Hall", Street: "123 Queen Street East", City: "Sault Ste. Marie",
				PostalCode: "P6A 1Z1", Phone: "705.555.0102", Lat: 46.5219, Lon: -84.3461},
			Schedules: []recur.Schedule{{Freq: recur.Weekly, ByDay: []string{"TH"}, Start: day(2025, 1, 9),
				Opens: at(19, 0), Closes: at(20, 30)}},
		},
		{ // by telephone, serving Ontario, every two weeks
			Code: 102, SourceID: "g-phone", Name: "Caregivers on the Line", Organization: "Algoma Peer Support Network",
			Concerns: []string{"caregiving", "dementia"},
			Dialin:   &directory.Dialin{Number: "+1 705 555 0103", AccessCode: "4127#"},
			Areas:    []directory.Coverage{{Kind: directory.CoverProvince, Value: "ON"}},
			Schedules: []recur.Schedule{{Freq: recur.Weekly, Interval: 2, ByDay: []string{"TU"},
				Start: day(2025, 1, 7), Until: day(2025, 12, 30), Opens: at(14, 0), Closes: at(15, 0)}},
		},
		{ // monthly on the second Tuesday
			SourceID: "g-2tu", Name: "Elliot Lake Cancer Survivors", Concerns: []string{"cancer"},
			Place: &directory.Place{Name: "Legion Hall", Street: "4 Ontario Avenue", City: "Elliot Lake", PostalCode: "P5A 1Y8"},
			Schedules: []recur.Schedule{{Freq: recur.Monthly, ByDay: []string{"2TU"}, Start: day(2025, 2, 11),
				Opens: at(13, 30), Closes: at(15, 0)}},
		},
		{ // monthly on the last Friday, for twelve meetings
			SourceID: "g-lastfri", Name: "North Bay Heart and Stroke Club", Concerns: []string{"heart", "stroke"},
			Phone: "705-555-0106",
			Place: &directory.Place{Street: "77 Main Street West", City: "North Bay", Province: "ON", PostalCode: "P1B 2T6"},
			Schedules: []recur.Schedule{{Freq: recur.Monthly, ByDay: []string{"-1FR"}, Start: day(2025, 1, 31),
				Count: 12, Opens: at(10, 0)}},
		},
		{ // in person in Kenora: Central time, first met in summer
			SourceID: "g-kenora", Name: "Kenora Sober Circle", Concerns: []string{"alcohol"},
			Place: &directory.Place{Name: "Lakeside Room", Street: "1 Lakeview Drive", City: "Kenora", PostalCode: "P9N 3X2",
				Phone: "807 555 0107"},
			Schedules: []recur.Schedule{{Freq: recur.Weekly, ByDay: []string{"WE"}, Start: day(2025, 7, 2),
				Opens: at(19, 0), Closes: at(24, 0)}},
		},
		{ // in French
			SourceID: "g-fr", Name: "Groupe Deuil Hearst", Concerns: []string{"grief"}, Languages: []directory.Lang{"fra"},
			Phone: "705-555-0108",
			Place: &directory.Place{Name: "Salle paroissiale", Street: "9 rue Principale", City: "Hearst", PostalCode: "P0L 1N0"},
			Schedules: []recur.Schedule{{Freq: recur.Monthly, ByMonthDay: []int{15}, Start: day(2025, 1, 15),
				ValidFrom: day(2025, 1, 1), ValidTo: day(2025, 6, 30), Opens: at(18, 30)}},
		},
		{ // pen pals, anywhere in Canada
			SourceID: "g-mail", Name: "Pen Pals After Pregnancy Loss", Concerns: []string{"pregnancy-loss"},
			Mail:  "PO Box 117, Wawa, ON P0S 1K0",
			Areas: []directory.Coverage{{Kind: directory.CoverCountry, Value: "CA"}},
		},
		{ // a mailing address in care of someone; temporarily closed
			SourceID: "g-letters", Name: "Letters of Hope", Concerns: []string{"depression"},
			Status: directory.StatusTemporarilyClosed, Mail: "c/o Harbour Church, 12 Main Street, Thessalon, ON P0R 1L0",
			Areas: []directory.Coverage{{Kind: directory.CoverComplex, Value: "705"}, {Kind: directory.CoverProvince, Value: "ON"}},
		},
		{ // online only, with an undated schedule
			SourceID: "g-online", Name: "Online Anxiety Circle", Concerns: []string{"anxiety"},
			Phone: "+1 519 555 0109", OnlineURL: "https://meet.example.org/anxiety",
			Areas:     []directory.Coverage{{Kind: directory.CoverProvince, Value: "ON"}},
			Schedules: []recur.Schedule{{Freq: recur.Weekly, ByDay: []string{"MO"}, Opens: at(19, 0)}},
		},
		{ // two schedules, and a dial-in with a plain-number access code
			Code: 109, SourceID: "g-two", Name: "Thunder Bay Diabetes Peer Group", Concerns: []string{"diabetes"},
			Place: &directory.Place{Name: "Community Room", Street: "500 Victoria Avenue East", City: "Thunder Bay",
				PostalCode: "P7C 1A8"},
			Dialin: &directory.Dialin{Number: "807-555-0110", AccessCode: "5512"},
			Schedules: []recur.Schedule{
				{Freq: recur.Weekly, ByDay: []string{"TU"}, Start: day(2025, 1, 7), Opens: at(19, 0), Closes: at(20, 30)},
				{Freq: recur.Monthly, ByMonthDay: []int{1, 15}, Start: day(2025, 1, 1), Until: day(2025, 12, 31),
					Opens: at(10, 0), Closes: at(11, 0)},
			},
		},
	}
}

// incompleteAddressGroups have addresses staff did not give whole: a
// meeting place with no postal code, and a mailing address that does not
// split into street, town, province and postal code.
func incompleteAddressGroups() []directory.Group {
	return []directory.Group{
		{
			SourceID: "g-blind-river", Name: "Blind River Caregivers", Concerns: []string{"caregiving"},
			Place:     &directory.Place{Name: "Library", Street: "8 Woodward Avenue", City: "Blind River", Phone: "705-555-0111"},
			Schedules: []recur.Schedule{{Freq: recur.Weekly, ByDay: []string{"WE"}, Start: day(2025, 1, 8), Opens: at(14, 0)}},
		},
		{
			SourceID: "g-harbour", Name: "Harbour Letters", Concerns: []string{"grief"},
			Mail:  "c/o Harbour Church - Thessalon",
			Areas: []directory.Coverage{{Kind: directory.CoverComplex, Value: "705"}},
		},
	}
}

func day(y, m, d int) recur.Date {
	return recur.Date{Year: y, Month: time.Month(m), Day: d}
}

func at(h, m int) recur.Clock { return recur.Clock(h*60 + m) }
