package hsds

// The datapackage.json Write produces: a Frictionless tabular data
// package listing exactly the files and columns written, with their
// types, primary keys and foreign keys.

type dataPackage struct {
	Profile     string       `json:"profile"`
	Name        string       `json:"name"`
	Title       string       `json:"title"`
	Description string       `json:"description"`
	Resources   []dpResource `json:"resources"`
}

type dpResource struct {
	Name      string   `json:"name"`
	Path      string   `json:"path"`
	Profile   string   `json:"profile"`
	Format    string   `json:"format"`
	Mediatype string   `json:"mediatype"`
	Encoding  string   `json:"encoding"`
	Schema    dpSchema `json:"schema"`
}

type dpSchema struct {
	Fields      []dpField      `json:"fields"`
	PrimaryKey  string         `json:"primaryKey"`
	ForeignKeys []dpForeignKey `json:"foreignKeys,omitempty"`
}

type dpField struct {
	Name   string `json:"name"`
	Type   string `json:"type"`
	Format string `json:"format,omitempty"`
}

type dpForeignKey struct {
	Fields    string      `json:"fields"`
	Reference dpReference `json:"reference"`
}

type dpReference struct {
	Resource string `json:"resource"`
	Fields   string `json:"fields"`
}

func describe() dataPackage {
	dp := dataPackage{
		Profile: "tabular-data-package",
		Name:    "peerline-directory",
		Title:   "peerline directory of self-help groups",
		Description: "Peer-led self-help groups in Open Referral HSDS 3 tabular form, as exported by peerline. " +
			"One service is one group. Schedule times are local wall-clock times; timezone is the UTC offset " +
			"in hours on the schedule's dtstart (else valid_from, else mid-January). The codes of taxonomy terms in the taxonomy " +
			"peerline are the line's concern codes; the term with code peerline:group-code carries a group's flyer code in the attribute value, " +
			"and the term with code peerline:group-id the group's own id where it is not the service's. A closes_at of 00:00:00 is midnight " +
			"at the end of the meeting's day.",
	}
	for _, r := range resources {
		res := dpResource{Name: r.name, Path: r.path, Profile: "tabular-data-resource", Format: "csv",
			Mediatype: "text/csv", Encoding: "utf-8", Schema: dpSchema{PrimaryKey: "id"}}
		for _, f := range r.fields {
			res.Schema.Fields = append(res.Schema.Fields, dpField{Name: f.name, Type: f.typ, Format: f.format})
			if f.ref != "" {
				res.Schema.ForeignKeys = append(res.Schema.ForeignKeys,
					dpForeignKey{Fields: f.name, Reference: dpReference{Resource: f.ref, Fields: "id"}})
			}
		}
		dp.Resources = append(dp.Resources, res)
	}
	return dp
}
