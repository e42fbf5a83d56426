package api

import (
	"strconv"

	"github.com/r53d/r53d/trafficflow"
)

// TrafficFlow is the part of a Backend that keeps traffic policies and
// policy records (config.Dir implements it). A Backend without it answers
// these operations as not supported.
type TrafficFlow interface {
	CreateTrafficPolicy(name, document, comment string) (*trafficflow.Policy, error)
	CreateTrafficPolicyVersion(id, document, comment string) (*trafficflow.Policy, error)
	TrafficPolicy(id string, version int) (*trafficflow.Policy, error)
	TrafficPolicyVersions(id string) ([]*trafficflow.Policy, error)
	TrafficPolicies() ([]trafficflow.Summary, error)
	UpdateTrafficPolicyComment(id string, version int, comment string) (*trafficflow.Policy, error)
	DeleteTrafficPolicy(id string, version int) error

	CreateTrafficPolicyInstance(in trafficflow.InstanceInput) (trafficflow.Instance, error)
	TrafficPolicyInstance(id string) (trafficflow.Instance, error)
	TrafficPolicyInstances() ([]trafficflow.Instance, error)
	UpdateTrafficPolicyInstance(id string, in trafficflow.InstanceInput) (trafficflow.Instance, error)
	DeleteTrafficPolicyInstance(id string) error
}

func trafficPolicyARN(id string) string { return "arn:aws:route53:::trafficpolicy/" + id }
func trafficPolicyInstanceARN(id string) string {
	return "arn:aws:route53:::trafficpolicyinstance/" + id
}

type trafficPolicyXML struct {
	ID       string `xml:"Id"`
	Version  int    `xml:"Version"`
	Name     string `xml:"Name"`
	Type     string `xml:"Type"`
	Document string `xml:"Document"`
	Comment  string `xml:"Comment,omitempty"`
}

func policyXML(p *trafficflow.Policy) trafficPolicyXML {
	return trafficPolicyXML{ID: p.ID, Version: p.Version, Name: p.Name, Type: p.Type, Document: p.Document, Comment: p.Comment}
}

type createTrafficPolicyRequest struct {
	Name     string `xml:"Name"`
	Document string `xml:"Document"`
	Comment  string `xml:"Comment"`
}

type listTrafficPoliciesResponse struct {
	XMLName                struct{} `xml:"https://route53.amazonaws.com/doc/2013-04-01/ ListTrafficPoliciesResponse"`
	TrafficPolicySummaries struct {
		Summary []trafficPolicySummaryXML `xml:"TrafficPolicySummary"`
	} `xml:"TrafficPolicySummaries"`
	IsTruncated           bool   `xml:"IsTruncated"`
	TrafficPolicyIDMarker string `xml:"TrafficPolicyIdMarker"`
	MaxItems              int    `xml:"MaxItems"`
}

type trafficPolicySummaryXML struct {
	ID                 string `xml:"Id"`
	Name               string `xml:"Name"`
	Type               string `xml:"Type"`
	LatestVersion      int    `xml:"LatestVersion"`
	TrafficPolicyCount int    `xml:"TrafficPolicyCount"`
}

type listTrafficPolicyVersionsResponse struct {
	XMLName         struct{} `xml:"https://route53.amazonaws.com/doc/2013-04-01/ ListTrafficPolicyVersionsResponse"`
	TrafficPolicies struct {
		Policy []trafficPolicyXML `xml:"TrafficPolicy"`
	} `xml:"TrafficPolicies"`
	IsTruncated                bool   `xml:"IsTruncated"`
	TrafficPolicyVersionMarker string `xml:"TrafficPolicyVersionMarker"`
	MaxItems                   int    `xml:"MaxItems"`
}

type deleteTrafficPolicyResponse struct {
	XMLName struct{} `xml:"https://route53.amazonaws.com/doc/2013-04-01/ DeleteTrafficPolicyResponse"`
}

// withFlow runs h with the backend's traffic-flow part, or, for a backend
// without one, the error of an operation r53d does not support.
func (s *Server) withFlow(h func(*call, TrafficFlow) (any, error)) func(*call) (any, error) {
	return func(c *call) (any, error) {
		f, ok := s.opts.Backend.(TrafficFlow)
		if !ok {
			return notSupported(c.op)(c)
		}
		return h(c, f)
	}
}

// version reads the {Version} path parameter.
func (c *call) version() (int, error) {
	v, err := strconv.Atoi(c.params["Version"])
	if err != nil || v < 1 || v > trafficflow.MaxVersions {
		return 0, invalidInput("Value '%s' at 'version' failed to satisfy constraint: Member must have value between 1 and %d", c.params["Version"], trafficflow.MaxVersions)
	}
	return v, nil
}

func (s *Server) createTrafficPolicy(c *call, f TrafficFlow) (any, error) {
	var req createTrafficPolicyRequest
	if err := decodeRequest(c.body, "CreateTrafficPolicyRequest", &req); err != nil {
		return nil, err
	}
	if req.Name == "" {
		return nil, missing("name")
	}
	if req.Document == "" {
		return nil, missing("document")
	}
	p, err := f.CreateTrafficPolicy(req.Name, req.Document, req.Comment)
	if err != nil {
		return nil, err
	}
	c.resource = trafficPolicyARN(p.ID)
	c.created("trafficpolicy/" + p.ID + "/" + strconv.Itoa(p.Version))
	return createTrafficPolicyResponse{TrafficPolicy: policyXML(p)}, nil
}

func (s *Server) createTrafficPolicyVersion(c *call, f TrafficFlow) (any, error) {
	var req createTrafficPolicyRequest
	if err := decodeRequest(c.body, "CreateTrafficPolicyVersionRequest", &req); err != nil {
		return nil, err
	}
	if req.Document == "" {
		return nil, missing("document")
	}
	p, err := f.CreateTrafficPolicyVersion(c.params["Id"], req.Document, req.Comment)
	if err != nil {
		return nil, err
	}
	c.created("trafficpolicy/" + p.ID + "/" + strconv.Itoa(p.Version))
	return createTrafficPolicyVersionResponse{TrafficPolicy: policyXML(p)}, nil
}

func (s *Server) getTrafficPolicy(c *call, f TrafficFlow) (any, error) {
	v, err := c.version()
	if err != nil {
		return nil, err
	}
	p, err := f.TrafficPolicy(c.params["Id"], v)
	if err != nil {
		return nil, err
	}
	return getTrafficPolicyResponse{TrafficPolicy: policyXML(p)}, nil
}

func (s *Server) updateTrafficPolicyComment(c *call, f TrafficFlow) (any, error) {
	v, err := c.version()
	if err != nil {
		return nil, err
	}
	var req struct {
		Comment *string `xml:"Comment"`
	}
	if err := decodeRequest(c.body, "UpdateTrafficPolicyCommentRequest", &req); err != nil {
		return nil, err
	}
	if req.Comment == nil {
		return nil, missing("comment")
	}
	p, err := f.UpdateTrafficPolicyComment(c.params["Id"], v, *req.Comment)
	if err != nil {
		return nil, err
	}
	return updateTrafficPolicyCommentResponse{TrafficPolicy: policyXML(p)}, nil
}

func (s *Server) deleteTrafficPolicy(c *call, f TrafficFlow) (any, error) {
	v, err := c.version()
	if err != nil {
		return nil, err
	}
	if err := f.DeleteTrafficPolicy(c.params["Id"], v); err != nil {
		return nil, err
	}
	return deleteTrafficPolicyResponse{}, nil
}

func (s *Server) listTrafficPolicies(c *call, f TrafficFlow) (any, error) {
	n, err := c.maxItems("maxitems", 100, 100)
	if err != nil {
		return nil, err
	}
	all, err := f.TrafficPolicies()
	if err != nil {
		return nil, err
	}
	from := 0
	if m := c.query("trafficpolicyid"); m != "" {
		for from < len(all) && all[from].ID < m {
			from++
		}
	}
	resp := listTrafficPoliciesResponse{MaxItems: n}
	for i := from; i < len(all); i++ {
		if i == from+n {
			resp.IsTruncated, resp.TrafficPolicyIDMarker = true, all[i].ID
			break
		}
		p := all[i]
		resp.TrafficPolicySummaries.Summary = append(resp.TrafficPolicySummaries.Summary,
			trafficPolicySummaryXML{ID: p.ID, Name: p.Name, Type: p.Type, LatestVersion: p.LatestVersion, TrafficPolicyCount: p.Versions})
	}
	return resp, nil
}

func (s *Server) listTrafficPolicyVersions(c *call, f TrafficFlow) (any, error) {
	n, err := c.maxItems("maxitems", 100, 100)
	if err != nil {
		return nil, err
	}
	all, err := f.TrafficPolicyVersions(c.params["Id"])
	if err != nil {
		return nil, err
	}
	from := 0
	if m := c.query("trafficpolicyversion"); m != "" {
		v, err := strconv.Atoi(m)
		if err != nil {
			return nil, invalidInput("The TrafficPolicyVersionMarker '%s' is not valid.", m)
		}
		for from < len(all) && all[from].Version < v {
			from++
		}
	}
	resp := listTrafficPolicyVersionsResponse{MaxItems: n}
	for i := from; i < len(all); i++ {
		if i == from+n {
			resp.IsTruncated, resp.TrafficPolicyVersionMarker = true, strconv.Itoa(all[i].Version)
			break
		}
		resp.TrafficPolicies.Policy = append(resp.TrafficPolicies.Policy, policyXML(all[i]))
	}
	return resp, nil
}

type createTrafficPolicyResponse struct {
	XMLName       struct{}         `xml:"https://route53.amazonaws.com/doc/2013-04-01/ CreateTrafficPolicyResponse"`
	TrafficPolicy trafficPolicyXML `xml:"TrafficPolicy"`
}

type createTrafficPolicyVersionResponse struct {
	XMLName       struct{}         `xml:"https://route53.amazonaws.com/doc/2013-04-01/ CreateTrafficPolicyVersionResponse"`
	TrafficPolicy trafficPolicyXML `xml:"TrafficPolicy"`
}

type getTrafficPolicyResponse struct {
	XMLName       struct{}         `xml:"https://route53.amazonaws.com/doc/2013-04-01/ GetTrafficPolicyResponse"`
	TrafficPolicy trafficPolicyXML `xml:"TrafficPolicy"`
}

type updateTrafficPolicyCommentResponse struct {
	XMLName       struct{}         `xml:"https://route53.amazonaws.com/doc/2013-04-01/ UpdateTrafficPolicyCommentResponse"`
	TrafficPolicy trafficPolicyXML `xml:"TrafficPolicy"`
}
