package api

import (
	"strconv"

	"github.com/r53d/r53d/api/iam"
)

func (s *Server) createHostedZone(c *call) (any, error) {
	var req createHostedZoneRequest
	if err := decodeRequest(c.body, "CreateHostedZoneRequest", &req); err != nil {
		return nil, err
	}
	if req.Name == "" {
		return nil, missing("name")
	}
	if req.CallerReference == "" {
		return nil, missing("callerReference")
	}
	in := CreateZoneInput{Name: req.Name, CallerReference: req.CallerReference, DelegationSetID: stripID(req.DelegationSetID)}
	if cfg := req.HostedZoneConfig; cfg != nil {
		in.Comment = cfg.Comment
		in.PrivateZone = cfg.PrivateZone
	}
	if req.VPC != nil || in.PrivateZone {
		// r53d is one public authoritative server: there is no VPC to
		// answer privately to.
		return nil, invalidInput("Private hosted zones are not supported by r53d.")
	}
	z, ci, err := s.opts.Backend.CreateHostedZone(in)
	if err != nil {
		return nil, err
	}
	c.resource = iam.HostedZoneARN(z.ID)
	c.created("hostedzone/" + z.ID)
	return createHostedZoneResponse{HostedZone: zoneXML(z), ChangeInfo: changeXML(ci), DelegationSet: delegationXML(z, req.DelegationSetID)}, nil
}

func (s *Server) getHostedZone(c *call) (any, error) {
	z, err := s.opts.Backend.HostedZone(c.params["Id"])
	if err != nil {
		return nil, err
	}
	return getHostedZoneResponse{HostedZone: zoneXML(z), DelegationSet: delegationXML(z, "")}, nil
}

func (s *Server) listHostedZones(c *call) (any, error) {
	n, err := c.maxItems("maxitems", 100, 100)
	if err != nil {
		return nil, err
	}
	marker := stripID(c.query("marker"))
	resp := listHostedZonesResponse{Marker: marker, MaxItems: strconv.Itoa(n)}
	if c.query("hostedzonetype") == "PrivateHostedZone" {
		return resp, nil // r53d has no private zones
	}
	page, next, err := s.opts.Backend.HostedZones(marker, n)
	if err != nil {
		return nil, err
	}
	for _, z := range page {
		resp.HostedZones.HostedZone = append(resp.HostedZones.HostedZone, zoneXML(z))
	}
	resp.IsTruncated, resp.NextMarker = next != "", next
	return resp, nil
}

func (s *Server) listHostedZonesByName(c *call) (any, error) {
	n, err := c.maxItems("maxitems", 100, 100)
	if err != nil {
		return nil, err
	}
	name, id := c.query("dnsname"), stripID(c.query("hostedzoneid"))
	if id != "" && name == "" {
		return nil, invalidInput("The hostedzoneid parameter requires the dnsname parameter.")
	}
	page, nextName, nextID, err := s.opts.Backend.HostedZonesByName(name, id, n)
	if err != nil {
		return nil, err
	}
	resp := listHostedZonesByNameResponse{DNSName: name, HostedZoneID: id, MaxItems: strconv.Itoa(n),
		IsTruncated: nextName != "", NextDNSName: nextName, NextHostedZoneID: nextID}
	for _, z := range page {
		resp.HostedZones.HostedZone = append(resp.HostedZones.HostedZone, zoneXML(z))
	}
	return resp, nil
}

func (s *Server) getHostedZoneCount(*call) (any, error) {
	n, err := s.opts.Backend.HostedZoneCount()
	if err != nil {
		return nil, err
	}
	return getHostedZoneCountResponse{HostedZoneCount: n}, nil
}

func (s *Server) deleteHostedZone(c *call) (any, error) {
	ci, err := s.opts.Backend.DeleteHostedZone(c.params["Id"])
	if err != nil {
		return nil, err
	}
	return deleteHostedZoneResponse{ChangeInfo: changeXML(ci)}, nil
}

func (s *Server) updateHostedZoneComment(c *call) (any, error) {
	var req updateHostedZoneCommentRequest
	// Without --comment the AWS CLI sends no body: the comment goes.
	if err := decodeOptionalRequest(c.body, "UpdateHostedZoneCommentRequest", &req); err != nil {
		return nil, err
	}
	comment := ""
	if req.Comment != nil {
		comment = *req.Comment // absent: the comment is removed, as Route 53 does
	}
	if len(comment) > 256 {
		return nil, invalidInput("Value at 'comment' failed to satisfy constraint: Member must have length less than or equal to 256")
	}
	z, err := s.opts.Backend.UpdateHostedZoneComment(c.params["Id"], comment)
	if err != nil {
		return nil, err
	}
	return updateHostedZoneCommentResponse{HostedZone: zoneXML(z)}, nil
}

func (s *Server) getChange(c *call) (any, error) {
	ci, err := s.opts.Backend.Change(c.params["Id"])
	if err != nil {
		return nil, err
	}
	return getChangeResponse{ChangeInfo: changeXML(ci)}, nil
}

// getDNSSEC reports what r53d does: it never signs.
func (s *Server) getDNSSEC(c *call) (any, error) {
	if _, err := s.opts.Backend.HostedZone(c.params["Id"]); err != nil {
		return nil, err
	}
	resp := getDNSSECResponse{}
	resp.Status.ServeSignature = "NOT_SIGNING"
	return resp, nil
}
