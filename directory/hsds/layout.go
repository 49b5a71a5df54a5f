package hsds

// The HSDS resources (tables) this package reads and writes, by their
// datapackage names.
const (
	resOrganization = "organization"
	resService      = "service"
	resLocation     = "location"
	resServiceAt    = "service_at_location"
	resAddress      = "address"
	resPhone        = "phone"
	resSchedule     = "schedule"
	resServiceArea  = "service_area"
	resLanguage     = "language"
	resTaxonomy     = "taxonomy"
	resTerm         = "taxonomy_term"
	resAttribute    = "attribute"
)

// groupCodeTerm is the taxonomy term code whose attribute value carries
// a group's flyer code. It names no concern.
const groupCodeTerm = "peerline:group-code"

// sourceIDTerm is the taxonomy term code whose attribute value carries a
// group's own id, where it is not a UUID and so not the service's id.
const sourceIDTerm = "peerline:group-id"

// field is one column as written, with its Table Schema type and, for a
// foreign key, the resource whose id it holds.
type field struct {
	name string
	typ  string
	ref  string
}

// resource is one CSV table of the package: its name, its standard file
// name, and the columns Write gives it.
type resource struct {
	name   string
	path   string
	fields []field
}

func str(name string) field           { return field{name: name, typ: "string"} }
func num(name string) field           { return field{name: name, typ: "number"} }
func date(name string) field          { return field{name: name, typ: "date"} }
func clock(name string) field         { return field{name: name, typ: "time"} }
func key(name, resource string) field { return field{name: name, typ: "string", ref: resource} }

// resources lists the tables in the order Write writes them.
var resources = []resource{
	{resOrganization, "organizations.csv", []field{str("id"), str("name"), str("description")}},
	{resService, "services.csv", []field{str("id"), key("organization_id", resOrganization), str("name"),
		str("description"), str("email"), str("status")}},
	{resLocation, "locations.csv", []field{str("id"), str("location_type"), str("url"), str("name"),
		num("latitude"), num("longitude")}},
	{resServiceAt, "service_at_location.csv", []field{str("id"), key("service_id", resService),
		key("location_id", resLocation)}},
	{resAddress, "addresses.csv", []field{str("id"), key("location_id", resLocation), str("address_1"),
		str("address_2"), str("city"), str("state_province"), str("postal_code"), str("country"), str("address_type")}},
	{resPhone, "phones.csv", []field{str("id"), key("location_id", resLocation), key("service_id", resService),
		str("number"), num("extension"), str("type"), str("description")}},
	{resSchedule, "schedules.csv", []field{str("id"), key("service_id", resService), date("valid_from"),
		date("valid_to"), date("dtstart"), num("timezone"), date("until"), num("count"), str("freq"),
		num("interval"), str("byday"), str("bymonthday"), clock("opens_at"), clock("closes_at"), str("attending_type")}},
	{resServiceArea, "service_areas.csv", []field{str("id"), key("service_id", resService), str("name")}},
	{resLanguage, "languages.csv", []field{str("id"), key("service_id", resService), str("name"), str("code")}},
	{resTaxonomy, "taxonomies.csv", []field{str("id"), str("name"), str("description")}},
	{resTerm, "taxonomy_terms.csv", []field{str("id"), str("code"), str("name"), str("description"),
		str("taxonomy"), key("taxonomy_id", resTaxonomy)}},
	{resAttribute, "attributes.csv", []field{str("id"), key("link_id", resService), key("taxonomy_term_id", resTerm),
		str("link_type"), str("link_entity"), str("value")}},
}

// standardPath is the file a resource has when datapackage.json does not
// say otherwise.
func standardPath(name string) string {
	for _, r := range resources {
		if r.name == name {
			return r.path
		}
	}
	return ""
}
