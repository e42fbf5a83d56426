package config

import (
	"fmt"
	"net/netip"
	"slices"
	"strings"

	"github.com/r53d/r53d/policy"
	"github.com/r53d/r53d/zones"
	"go.yaml.in/yaml/v3"
)

const (
	cidrCollectionsFile = "cidr-collections.json"
	maxCIDRChanges      = 1000
)

// cidrEntry is one collection of cidr-collections.json: as
// list-cidr-collections prints it, with its CallerReference and its
// blocks by location.
type cidrEntry struct {
	Arn             string         `json:"Arn"`
	ID              string         `json:"Id"`
	Name            string         `json:"Name"`
	Version         int64          `json:"Version"`
	CallerReference string         `json:"CallerReference,omitempty"`
	Locations       []cidrLocation `json:"Locations"`
}

type cidrLocation struct {
	LocationName string   `json:"LocationName"`
	CidrList     []string `json:"CidrList"`
}

func cidrArn(id string) string { return "arn:aws:route53:::cidrcollection/" + id }

// parseCIDREntries reads the collections of a cidr-collections file the
// loader read, in any of the forms it accepts.
func parseCIDREntries(name string, data []byte) ([]cidrEntry, error) {
	root, syntax := zones.ParseDocument(name, data)
	if syntax != nil {
		return nil, syntax
	}
	items := root.Content
	if root.Kind != yaml.SequenceNode {
		v := zones.MappingValue(root, "CidrCollections")
		if v == nil || v.Kind != yaml.SequenceNode {
			return nil, fmt.Errorf("%s: expected an object with a \"CidrCollections\" list", name)
		}
		items = v.Content
	}
	out := make([]cidrEntry, 0, len(items))
	for _, n := range items {
		var f cidrFile
		var extra struct {
			Version         int64  `yaml:"Version"`
			CallerReference string `yaml:"CallerReference"`
		}
		if err := n.Decode(&f); err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		if err := n.Decode(&extra); err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		e := cidrEntry{Arn: cidrArn(f.ID), ID: f.ID, Name: f.Name, Version: max(extra.Version, 1), CallerReference: extra.CallerReference}
		order, lists := f.locationLists()
		for _, loc := range order {
			e.Locations = append(e.Locations, cidrLocation{LocationName: loc, CidrList: lists[loc]})
		}
		out = append(out, e)
	}
	return out, nil
}

func noSuchCollection(id string) *zones.Fault {
	return &zones.Fault{Code: "NoSuchCidrCollectionException", Message: fmt.Sprintf("The CIDR collection with ID %s does not exist.", id)}
}

func findCollection(st *dirState, id string) int {
	return slices.IndexFunc(st.cidrs, func(c cidrEntry) bool { return c.ID == id })
}

func (e cidrEntry) info() zones.CIDRCollection {
	return zones.CIDRCollection{ID: e.ID, Name: e.Name, Version: e.Version}
}

// validCollectionName is Route 53's rule: 1 to 64 of [0-9A-Za-z_-].
func validCollectionName(s string) bool {
	if len(s) < 1 || len(s) > 64 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_') {
			return false
		}
	}
	return true
}

// CreateCIDRCollection adds an empty collection. The same name with the
// same CallerReference returns the existing one.
func (d *Dir) CreateCIDRCollection(name, callerRef string) (zones.CIDRCollection, error) {
	if !validCollectionName(name) {
		return zones.CIDRCollection{}, invalidInput("Name %q must be 1 to 64 of [0-9A-Za-z_-]", name)
	}
	if callerRef == "" || len(callerRef) > maxCheckCallerRef {
		return zones.CIDRCollection{}, invalidInput("CallerReference must be 1 to %d characters", maxCheckCallerRef)
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	st := d.state.Load()
	for _, c := range st.cidrs {
		if c.Name == name && c.CallerReference == callerRef {
			return c.info(), nil
		}
		if c.Name == name || c.CallerReference == callerRef {
			return zones.CIDRCollection{}, &zones.Fault{Code: "CidrCollectionAlreadyExistsException", Message: fmt.Sprintf(
				"A CIDR collection with the name %s or the caller reference %s already exists (%s).", name, callerRef, c.ID)}
		}
	}
	id := newUUID()
	c := cidrEntry{Arn: cidrArn(id), ID: id, Name: name, Version: 1, CallerReference: callerRef}
	if err := d.writeCIDR(st, append(slices.Clone(st.cidrs), c)); err != nil {
		return zones.CIDRCollection{}, err
	}
	return c.info(), nil
}

// CIDRCollections lists the collections by name.
func (d *Dir) CIDRCollections() ([]zones.CIDRCollection, error) {
	st := d.state.Load()
	out := make([]zones.CIDRCollection, len(st.cidrs))
	for i, c := range st.cidrs {
		out[i] = c.info()
	}
	slices.SortFunc(out, func(a, b zones.CIDRCollection) int { return strings.Compare(a.Name, b.Name) })
	return out, nil
}

// CIDRCollection returns a collection with its locations and blocks.
func (d *Dir) CIDRCollection(id string) (zones.CIDRCollection, policy.CIDRCollection, error) {
	st := d.state.Load()
	i := findCollection(st, id)
	if i < 0 {
		return zones.CIDRCollection{}, policy.CIDRCollection{}, noSuchCollection(id)
	}
	c := st.cidrs[i]
	col := policy.CIDRCollection{ID: c.ID, Name: c.Name}
	for _, l := range c.Locations {
		pl := policy.CIDRLocation{Name: l.LocationName}
		for _, b := range l.CidrList {
			if p, err := netip.ParsePrefix(b); err == nil {
				pl.Blocks = append(pl.Blocks, p)
			}
		}
		col.Locations = append(col.Locations, pl)
	}
	return c.info(), col, nil
}

// ChangeCIDRCollection adds (PUT) and removes (DELETE_IF_EXISTS) blocks
// of locations; a location left with none is gone. The version goes up
// by one.
func (d *Dir) ChangeCIDRCollection(id string, version *int64, changes []zones.CIDRChange) (zones.ChangeInfo, error) {
	if len(changes) == 0 || len(changes) > maxCIDRChanges {
		return zones.ChangeInfo{}, invalidInput("Changes must hold 1 to %d changes", maxCIDRChanges)
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	st := d.state.Load()
	i := findCollection(st, id)
	if i < 0 {
		return zones.ChangeInfo{}, noSuchCollection(id)
	}
	c := st.cidrs[i]
	if version != nil && *version != c.Version {
		return zones.ChangeInfo{}, &zones.Fault{Code: "CidrCollectionVersionMismatchException", Message: fmt.Sprintf(
			"The CIDR collection version (%d) does not match the current version (%d).", *version, c.Version)}
	}
	locs, err := changedLocations(c.Locations, changes)
	if err != nil {
		return zones.ChangeInfo{}, err
	}
	for _, l := range c.Locations {
		if !slices.ContainsFunc(locs, func(n cidrLocation) bool { return n.LocationName == l.LocationName }) {
			if err := d.checkCIDRUnused(id, l.LocationName, "CidrBlockInUseException"); err != nil {
				return zones.ChangeInfo{}, err
			}
		}
	}
	c.Locations = locs
	c.Version++
	cidrs := slices.Clone(st.cidrs)
	cidrs[i] = c
	change := d.changes.begin(d.opts.Now(), "")
	if err := d.writeCIDR(st, cidrs); err != nil {
		d.changes.forget(change)
		return zones.ChangeInfo{}, err
	}
	return d.changes.done(change), nil
}

// changedLocations applies ChangeCidrCollection's changes to a copy of
// locs.
func changedLocations(locs []cidrLocation, changes []zones.CIDRChange) ([]cidrLocation, error) {
	out := make([]cidrLocation, len(locs))
	for i, l := range locs {
		out[i] = cidrLocation{LocationName: l.LocationName, CidrList: slices.Clone(l.CidrList)}
	}
	for _, ch := range changes {
		if !zones.ValidLocationName(ch.LocationName) {
			return nil, invalidInput("LocationName %q must be 1 to 16 of [0-9A-Za-z_-]", ch.LocationName)
		}
		blocks := make([]string, 0, len(ch.CidrList))
		for _, text := range ch.CidrList {
			p, err := netip.ParsePrefix(text)
			if err != nil {
				return nil, invalidInput("%q is not a CIDR block", text)
			}
			blocks = append(blocks, p.Masked().String())
		}
		at := slices.IndexFunc(out, func(l cidrLocation) bool { return l.LocationName == ch.LocationName })
		switch ch.Action {
		case "PUT":
			if at < 0 {
				out = append(out, cidrLocation{LocationName: ch.LocationName})
				at = len(out) - 1
			}
			for _, b := range blocks {
				if !slices.Contains(out[at].CidrList, b) {
					out[at].CidrList = append(out[at].CidrList, b)
				}
			}
		case "DELETE_IF_EXISTS":
			if at < 0 {
				continue
			}
			out[at].CidrList = slices.DeleteFunc(out[at].CidrList, func(b string) bool { return slices.Contains(blocks, b) })
			if len(out[at].CidrList) == 0 {
				out = slices.Delete(out, at, at+1)
			}
		default:
			return nil, invalidInput("Action %q is not PUT or DELETE_IF_EXISTS", ch.Action)
		}
	}
	return out, nil
}

// DeleteCIDRCollection removes a collection no record uses and that holds
// no blocks: Route 53 refuses to delete a collection that is not empty.
func (d *Dir) DeleteCIDRCollection(id string) error {
	d.mu.Lock()
	defer d.mu.Unlock()
	st := d.state.Load()
	i := findCollection(st, id)
	if i < 0 {
		return noSuchCollection(id)
	}
	if err := d.checkCIDRUnused(id, "", "CidrCollectionInUseException"); err != nil {
		return err
	}
	if n := len(st.cidrs[i].Locations); n > 0 {
		return &zones.Fault{Code: "CidrCollectionInUseException", Message: fmt.Sprintf(
			"The CIDR collection %s is not empty: it still has %d location(s); remove their blocks with DELETE_IF_EXISTS first", id, n)}
	}
	return d.writeCIDR(st, slices.Delete(slices.Clone(st.cidrs), i, i+1))
}
