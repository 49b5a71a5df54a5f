package hsds

import (
	"strings"

	"github.com/peerline/peerline/directory"
)

// org is an organization to write: a group's sponsor, shared by the
// groups that name it, or a group itself.
type org struct {
	id, name    string
	self        bool   // the group itself, for a group that names no organization
	description string // the group's own, for the group itself
	concerns    []string
}

// organization gives the id of a group's organization, which HSDS wants
// every service to have: its sponsor, one per name, else the group
// itself, under the id Read knows from the service's and reads as no
// organization (selfOrganizationID).
func (e *exporter) organization(g *directory.Group, serviceID string) string {
	o := e.sponsors[g.Organization]
	switch {
	case g.Organization == "":
		o = &org{id: selfOrganizationID(serviceID), name: g.Name, self: true, description: g.Description}
		e.orgs = append(e.orgs, o)
	case o == nil:
		o = &org{id: nameID("organization", g.Organization), name: g.Organization}
		e.sponsors[g.Organization] = o
		e.orgs = append(e.orgs, o)
	}
	for _, c := range g.Concerns {
		if !contains(o.concerns, c) {
			o.concerns = append(o.concerns, c)
		}
	}
	return o.id
}

// organizations writes the organizations once every group is in, as a
// sponsor's description names the concerns of all its groups.
func (e *exporter) organizations() {
	for _, o := range e.orgs {
		e.add(resOrganization, cells{"id": o.id, "name": o.name, "description": e.orgDescription(o)})
	}
}

// orgDescription says what an organization is, as HSDS requires: a
// group's own description for the group itself, else what it is by the
// concerns of its groups.
func (e *exporter) orgDescription(o *org) string {
	names := make([]string, len(o.concerns))
	for i, code := range o.concerns {
		names[i] = code
		if c, ok := e.vocab.Concern(code); ok {
			names[i] = c.NameEN
		}
	}
	concerns := "Concerns: " + strings.Join(names, "; ") + "."
	switch {
	case o.self && o.description != "":
		return o.description
	case o.self:
		return "A peer-led self-help group. " + concerns
	}
	return "Sponsors peer-led self-help groups. " + concerns
}
