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

// field is one column as written, with its Table Schema type and format
// and, for a foreign key, the resource whose id it holds.
type field struct {
	name   string
	typ    string
	format string
	ref    string
}

// resource is one CSV table of the package: its name, its standard file
// name, and the columns Write gives it.
type resource struct {
	name   string
	path   string
	fields []field
}

func str(name string) field   { return field{name: name, typ: "string"} }
func num(name string) field   { return field{name: name, typ: "number"} }
func date(name string) field  { return field{name: name, typ: "date"} }
func clock(name string) field { return field{name: name, typ: "time"} }
func ident() field            { return field{name: "id", typ: "string", format: "uuid"} }
func email(name string) field { return field{name: name, typ: "string", format: "email"} }
func uri(name string) field   { return field{name: name, typ: "string", format: "uri"} }
func key(name, resource string) field {
	return field{name: name, typ: "string", format: "uuid", ref: resource}
}

// resources lists the tables in the order Write writes them.
var resources = []resource{
	{resOrganization, "organizations.csv", []field{ident(), str("name"), str("description")}},
	{resService, "services.csv", []field{ident(), key("organization_id", resOrganization), str("name"),
		str("description"), email("email"), str("status")}},
	{resLocation, "locations.csv", []field{ident(), str("location_type"), uri("url"), str("name"),
		num("latitude"), num("longitude")}},
	{resServiceAt, "service_at_location.csv", []field{ident(), key("service_id", resService),
		key("location_id", resLocation)}},
	{resAddress, "addresses.csv", []field{ident(), key("location_id", resLocation), str("address_1"),
		str("address_2"), str("city"), str("state_province"), str("postal_code"), str("country"), str("address_type")}},
	{resPhone, "phones.csv", []field{ident(), key("location_id", resLocation), key("service_id", resService),
		str("number"), num("extension"), str("type"), str("description")}},
	{resSchedule, "schedules.csv", []field{ident(), key("service_id", resService), date("valid_from"),
		date("valid_to"), date("dtstart"), num("timezone"), date("until"), num("count"), str("freq"),
		num("interval"), str("byday"), str("bymonthday"), clock("opens_at"), clock("closes_at"), str("attending_type")}},
	{resServiceArea, "service_areas.csv", []field{ident(), key("service_id", resService), str("name")}},
	{resLanguage, "languages.csv", []field{ident(), key("service_id", resService), str("name"), str("code")}},
	{resTaxonomy, "taxonomies.csv", []field{ident(), str("name"), str("description")}},
	{resTerm, "taxonomy_terms.csv", []field{ident(), str("code"), str("name"), str("description"),
		str("taxonomy"), key("taxonomy_id", resTaxonomy)}},
	{resAttribute, "attributes.csv", []field{ident(), key("link_id", resService), key("taxonomy_term_id", resTerm),
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
