package api

import (
	"strconv"

	"github.com/r53d/r53d/api/iam"
	"github.com/r53d/r53d/zones"
)

func (s *Server) changeResourceRecordSets(c *call) (any, error) {
	zoneID := c.params["Id"]
	var req changeResourceRecordSetsRequest
	if err := decodeRequest(c.body, "ChangeResourceRecordSetsRequest", &req); err != nil {
		return nil, err
	}
	if req.ChangeBatch == nil {
		return nil, missing("changeBatch")
	}
	if req.ChangeBatch.Changes == nil || len(req.ChangeBatch.Changes.Change) == 0 {
		return nil, missing("changeBatch.changes")
	}
	changes := make([]zones.RecordChange, 0, len(req.ChangeBatch.Changes.Change))
	for _, ch := range req.ChangeBatch.Changes.Change {
		if ch.ResourceRecordSet == nil {
			return nil, missing("changeBatch.changes.change.resourceRecordSet")
		}
		switch ch.Action {
		case "CREATE", "DELETE", "UPSERT":
		default:
			return nil, invalidInput("Value '%s' at 'changeBatch.changes.change.action' failed to satisfy constraint: Member must satisfy enum value set: [CREATE, DELETE, UPSERT]", ch.Action)
		}
		changes = append(changes, zones.RecordChange{Action: ch.Action, Set: ch.ResourceRecordSet.set()})
	}
	if err := c.authorize(iam.HostedZoneARN(zoneID), recordConditions(changes)); err != nil {
		return nil, err
	}
	ci, err := s.opts.Backend.ChangeResourceRecordSets(zoneID, req.ChangeBatch.Comment, changes)
	if err != nil {
		return nil, err
	}
	return changeResourceRecordSetsResponse{ChangeInfo: changeXML(ci)}, nil
}

// recordConditions are the batch's multivalued condition keys: one
// normalized name, type and action per change.
func recordConditions(changes []zones.RecordChange) map[string][]string {
	keys := map[string][]string{}
	for _, ch := range changes {
		iam.AddRecordChange(keys, ch.Action, ch.Set.Name, ch.Set.Type)
	}
	return keys
}

func (s *Server) listResourceRecordSets(c *call) (any, error) {
	n, err := c.maxItems("maxitems", 100, 300)
	if err != nil {
		return nil, err
	}
	from := RecordSetStart{Name: c.query("name"), Type: c.query("type"), Identifier: c.query("identifier")}
	if from.Type != "" && from.Name == "" {
		return nil, invalidInput("The input is not valid: the type parameter requires the name parameter.")
	}
	if from.Identifier != "" && from.Type == "" {
		return nil, invalidInput("The input is not valid: the identifier parameter requires the name and type parameters.")
	}
	page, next, err := s.opts.Backend.ResourceRecordSets(c.params["Id"], from, n)
	if err != nil {
		return nil, err
	}
	resp := listResourceRecordSetsResponse{MaxItems: strconv.Itoa(n)}
	for _, rs := range page {
		resp.ResourceRecordSets.ResourceRecordSet = append(resp.ResourceRecordSets.ResourceRecordSet, setXML(rs))
	}
	if next != nil {
		resp.IsTruncated = true
		resp.NextRecordName, resp.NextRecordType, resp.NextRecordIdentifier = next.Name, next.Type, next.Identifier
	}
	return resp, nil
}
