package api

import (
	"github.com/r53d/r53d/zones"
)

// maxTagKeys is Route 53's limit on each list of a tag request.
const maxTagKeys = 10

type tagXML struct {
	Key   string `xml:"Key"`
	Value string `xml:"Value"`
}

type changeTagsRequest struct {
	AddTags *struct {
		Tag []tagXML `xml:"Tag"`
	} `xml:"AddTags"`
	RemoveTagKeys *struct {
		Key []string `xml:"Key"`
	} `xml:"RemoveTagKeys"`
}

type changeTagsResponse struct {
	XMLName struct{} `xml:"https://route53.amazonaws.com/doc/2013-04-01/ ChangeTagsForResourceResponse"`
}

type tagSetXML struct {
	ResourceType string `xml:"ResourceType"`
	ResourceID   string `xml:"ResourceId"`
	Tags         struct {
		Tag []tagXML
	}
}

type listTagsResponse struct {
	XMLName        struct{} `xml:"https://route53.amazonaws.com/doc/2013-04-01/ ListTagsForResourceResponse"`
	ResourceTagSet tagSetXML
}

type listTagsForResourcesRequest struct {
	ResourceIDs *struct {
		ResourceID []string `xml:"ResourceId"`
	} `xml:"ResourceIds"`
}

type listTagsForResourcesResponse struct {
	XMLName         struct{} `xml:"https://route53.amazonaws.com/doc/2013-04-01/ ListTagsForResourcesResponse"`
	ResourceTagSets struct {
		ResourceTagSet []tagSetXML
	}
}

// tagType checks a tag request's resource type: Route 53 tags hosted
// zones and health checks.
func tagType(c *call) (string, error) {
	t := c.params["ResourceType"]
	if t != "hostedzone" && t != "healthcheck" {
		return "", invalidInput("Value '%s' at 'resourceType' failed to satisfy constraint: Member must satisfy enum value set: [healthcheck, hostedzone]", t)
	}
	return t, nil
}

func (s *Server) changeTagsForResource(c *call) (any, error) {
	typ, err := tagType(c)
	if err != nil {
		return nil, err
	}
	var req changeTagsRequest
	if err := decodeRequest(c.body, "ChangeTagsForResourceRequest", &req); err != nil {
		return nil, err
	}
	var add []zones.Tag
	var remove []string
	if req.AddTags != nil {
		for _, t := range req.AddTags.Tag {
			add = append(add, zones.Tag{Key: t.Key, Value: t.Value})
		}
	}
	if req.RemoveTagKeys != nil {
		remove = req.RemoveTagKeys.Key
	}
	if len(add) > maxTagKeys || len(remove) > maxTagKeys {
		return nil, invalidInput("At most %d tags can be added and %d removed in one request.", maxTagKeys, maxTagKeys)
	}
	if err := s.opts.Backend.ChangeTags(typ, c.params["ResourceId"], add, remove); err != nil {
		return nil, err
	}
	return changeTagsResponse{}, nil
}

func (s *Server) listTagsForResource(c *call) (any, error) {
	typ, err := tagType(c)
	if err != nil {
		return nil, err
	}
	set, err := s.tagSet(typ, c.params["ResourceId"])
	if err != nil {
		return nil, err
	}
	return listTagsResponse{ResourceTagSet: set}, nil
}

// listTagsForResources authorizes each resource it names: the ids are in
// the body, so the route cannot.
func (s *Server) listTagsForResources(c *call) (any, error) {
	typ, err := tagType(c)
	if err != nil {
		return nil, err
	}
	var req listTagsForResourcesRequest
	if err := decodeRequest(c.body, "ListTagsForResourcesRequest", &req); err != nil {
		return nil, err
	}
	if req.ResourceIDs == nil || len(req.ResourceIDs.ResourceID) == 0 {
		return nil, missing("resourceIds")
	}
	if len(req.ResourceIDs.ResourceID) > maxTagKeys {
		return nil, invalidInput("At most %d resource ids can be listed in one request.", maxTagKeys)
	}
	resp := listTagsForResourcesResponse{}
	for _, id := range req.ResourceIDs.ResourceID {
		id = stripID(id)
		if err := c.authorize(tagARN(typ, id), nil); err != nil {
			return nil, err
		}
		set, err := s.tagSet(typ, id)
		if err != nil {
			return nil, err
		}
		resp.ResourceTagSets.ResourceTagSet = append(resp.ResourceTagSets.ResourceTagSet, set)
	}
	return resp, nil
}

func (s *Server) tagSet(typ, id string) (tagSetXML, error) {
	tags, err := s.opts.Backend.Tags(typ, id)
	if err != nil {
		return tagSetXML{}, err
	}
	set := tagSetXML{ResourceType: typ, ResourceID: id}
	for _, t := range tags {
		set.Tags.Tag = append(set.Tags.Tag, tagXML(t))
	}
	return set, nil
}
