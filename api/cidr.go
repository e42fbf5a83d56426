package api

import (
	"net/http"

	"github.com/r53d/r53d/api/iam"
)

type cidrCollectionXML struct {
	Arn     string `xml:"Arn"`
	ID      string `xml:"Id"`
	Name    string `xml:"Name"`
	Version int64  `xml:"Version"`
}

func collectionXML(col CIDRCollection) cidrCollectionXML {
	return cidrCollectionXML{Arn: iam.CIDRCollectionARN(col.ID), ID: col.ID, Name: col.Name, Version: col.Version}
}

type createCidrCollectionRequest struct {
	Name            string `xml:"Name"`
	CallerReference string `xml:"CallerReference"`
}

type createCidrCollectionResponse struct {
	XMLName    struct{} `xml:"https://route53.amazonaws.com/doc/2013-04-01/ CreateCidrCollectionResponse"`
	Collection cidrCollectionXML
}

type listCidrCollectionsResponse struct {
	XMLName         struct{} `xml:"https://route53.amazonaws.com/doc/2013-04-01/ ListCidrCollectionsResponse"`
	NextToken       string   `xml:"NextToken,omitempty"`
	CidrCollections struct {
		Member []cidrCollectionXML `xml:"member"`
	}
}

// CIDR lists have no member names in the model: they are <member>.
type changeCidrCollectionRequest struct {
	CollectionVersion *int64 `xml:"CollectionVersion"`
	Changes           *struct {
		Member []struct {
			LocationName string `xml:"LocationName"`
			Action       string `xml:"Action"`
			CidrList     *struct {
				Cidr []string `xml:"Cidr"`
			} `xml:"CidrList"`
		} `xml:"member"`
	} `xml:"Changes"`
}

type changeCidrCollectionResponse struct {
	XMLName struct{} `xml:"https://route53.amazonaws.com/doc/2013-04-01/ ChangeCidrCollectionResponse"`
	ID      string   `xml:"Id"`
}

type listCidrLocationsResponse struct {
	XMLName       struct{} `xml:"https://route53.amazonaws.com/doc/2013-04-01/ ListCidrLocationsResponse"`
	NextToken     string   `xml:"NextToken,omitempty"`
	CidrLocations struct {
		Member []locationXML `xml:"member"`
	}
}

type locationXML struct {
	LocationName string `xml:"LocationName"`
}

type listCidrBlocksResponse struct {
	XMLName    struct{} `xml:"https://route53.amazonaws.com/doc/2013-04-01/ ListCidrBlocksResponse"`
	NextToken  string   `xml:"NextToken,omitempty"`
	CidrBlocks struct {
		Member []blockXML `xml:"member"`
	}
}

type blockXML struct {
	CidrBlock    string `xml:"CidrBlock"`
	LocationName string `xml:"LocationName"`
}

type deleteCidrCollectionResponse struct {
	XMLName struct{} `xml:"https://route53.amazonaws.com/doc/2013-04-01/ DeleteCidrCollectionResponse"`
}

func (s *Server) createCidrCollection(c *call) (any, error) {
	var req createCidrCollectionRequest
	if err := decodeRequest(c.body, "CreateCidrCollectionRequest", &req); err != nil {
		return nil, err
	}
	if req.Name == "" {
		return nil, missing("name")
	}
	if req.CallerReference == "" {
		return nil, missing("callerReference")
	}
	col, err := s.opts.Backend.CreateCIDRCollection(req.Name, req.CallerReference)
	if err != nil {
		return nil, err
	}
	c.resource = iam.CIDRCollectionARN(col.ID)
	c.created("cidrcollection/" + col.ID)
	return createCidrCollectionResponse{Collection: collectionXML(col)}, nil
}

func (s *Server) listCidrCollections(c *call) (any, error) {
	n, err := c.maxItems("maxresults", 100, 1000)
	if err != nil {
		return nil, err
	}
	all, err := s.opts.Backend.CIDRCollections()
	if err != nil {
		return nil, err
	}
	page, next, err := pageOf(all, c.query("nexttoken"), n)
	if err != nil {
		return nil, err
	}
	resp := listCidrCollectionsResponse{NextToken: next}
	for _, col := range page {
		resp.CidrCollections.Member = append(resp.CidrCollections.Member, collectionXML(col))
	}
	return resp, nil
}

func (s *Server) changeCidrCollection(c *call) (any, error) {
	var req changeCidrCollectionRequest
	if err := decodeRequest(c.body, "ChangeCidrCollectionRequest", &req); err != nil {
		return nil, err
	}
	if req.Changes == nil || len(req.Changes.Member) == 0 {
		return nil, missing("changes")
	}
	changes := make([]CIDRChange, 0, len(req.Changes.Member))
	for _, m := range req.Changes.Member {
		if m.Action != "PUT" && m.Action != "DELETE_IF_EXISTS" {
			return nil, invalidInput("Value '%s' at 'changes.member.action' failed to satisfy constraint: Member must satisfy enum value set: [PUT, DELETE_IF_EXISTS]", m.Action)
		}
		ch := CIDRChange{LocationName: m.LocationName, Action: m.Action}
		if m.CidrList != nil {
			ch.CidrList = m.CidrList.Cidr
		}
		changes = append(changes, ch)
	}
	ci, err := s.opts.Backend.ChangeCIDRCollection(c.params["CidrCollectionId"], req.CollectionVersion, changes)
	if err != nil {
		return nil, err
	}
	return changeCidrCollectionResponse{ID: "/change/" + ci.ID}, nil
}

func (s *Server) listCidrLocations(c *call) (any, error) {
	n, err := c.maxItems("maxresults", 100, 1000)
	if err != nil {
		return nil, err
	}
	_, col, err := s.opts.Backend.CIDRCollection(c.params["CidrCollectionId"])
	if err != nil {
		return nil, err
	}
	page, next, err := pageOf(col.Locations, c.query("nexttoken"), n)
	if err != nil {
		return nil, err
	}
	resp := listCidrLocationsResponse{NextToken: next}
	for _, loc := range page {
		resp.CidrLocations.Member = append(resp.CidrLocations.Member, locationXML{LocationName: loc.Name})
	}
	return resp, nil
}

func (s *Server) listCidrBlocks(c *call) (any, error) {
	n, err := c.maxItems("maxresults", 100, 1000)
	if err != nil {
		return nil, err
	}
	id, location := c.params["CidrCollectionId"], c.query("location")
	_, col, err := s.opts.Backend.CIDRCollection(id)
	if err != nil {
		return nil, err
	}
	var blocks []blockXML
	found := location == ""
	for _, loc := range col.Locations {
		if location != "" && loc.Name != location {
			continue
		}
		found = true
		for _, b := range loc.Blocks {
			blocks = append(blocks, blockXML{CidrBlock: b.String(), LocationName: loc.Name})
		}
	}
	if !found {
		return nil, &apiError{Status: http.StatusNotFound, Code: "NoSuchCidrLocationException",
			Message: "The CIDR collection location " + location + " does not exist in collection " + id + "."}
	}
	page, next, err := pageOf(blocks, c.query("nexttoken"), n)
	if err != nil {
		return nil, err
	}
	resp := listCidrBlocksResponse{NextToken: next}
	resp.CidrBlocks.Member = page
	return resp, nil
}

func (s *Server) deleteCidrCollection(c *call) (any, error) {
	if err := s.opts.Backend.DeleteCIDRCollection(c.params["CidrCollectionId"]); err != nil {
		return nil, err
	}
	return deleteCidrCollectionResponse{}, nil
}
