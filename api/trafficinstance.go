package api

import (
	"strconv"
	"strings"

	"github.com/r53d/r53d/trafficflow"
	"github.com/r53d/r53d/zones"
)

type trafficPolicyInstanceXML struct {
	ID                   string `xml:"Id"`
	HostedZoneID         string `xml:"HostedZoneId"`
	Name                 string `xml:"Name"`
	TTL                  int64  `xml:"TTL"`
	State                string `xml:"State"`
	Message              string `xml:"Message"`
	TrafficPolicyID      string `xml:"TrafficPolicyId"`
	TrafficPolicyVersion int    `xml:"TrafficPolicyVersion"`
	TrafficPolicyType    string `xml:"TrafficPolicyType"`
}

func instanceXML(in trafficflow.Instance) trafficPolicyInstanceXML {
	return trafficPolicyInstanceXML{ID: in.ID, HostedZoneID: in.HostedZoneID, Name: in.Name, TTL: in.TTL, State: in.State,
		Message: in.Message, TrafficPolicyID: in.TrafficPolicyID, TrafficPolicyVersion: in.TrafficPolicyVersion, TrafficPolicyType: in.TrafficPolicyType}
}

type instanceRequest struct {
	HostedZoneID         string `xml:"HostedZoneId"`
	Name                 string `xml:"Name"`
	TTL                  *int64 `xml:"TTL"`
	TrafficPolicyID      string `xml:"TrafficPolicyId"`
	TrafficPolicyVersion *int   `xml:"TrafficPolicyVersion"`
}

// input checks the members both create and update need.
func (r *instanceRequest) input() (trafficflow.InstanceInput, error) {
	switch {
	case r.TTL == nil:
		return trafficflow.InstanceInput{}, missing("tTL")
	case *r.TTL < 0 || *r.TTL > 2147483647:
		return trafficflow.InstanceInput{}, invalidInput("Value '%d' at 'tTL' failed to satisfy constraint: Member must have value between 0 and 2147483647", *r.TTL)
	case r.TrafficPolicyID == "":
		return trafficflow.InstanceInput{}, missing("trafficPolicyId")
	case r.TrafficPolicyVersion == nil:
		return trafficflow.InstanceInput{}, missing("trafficPolicyVersion")
	}
	return trafficflow.InstanceInput{HostedZoneID: zones.BareZoneID(r.HostedZoneID), Name: r.Name, TTL: *r.TTL,
		PolicyID: r.TrafficPolicyID, PolicyVersion: *r.TrafficPolicyVersion}, nil
}

type createTrafficPolicyInstanceResponse struct {
	XMLName               struct{}                 `xml:"https://route53.amazonaws.com/doc/2013-04-01/ CreateTrafficPolicyInstanceResponse"`
	TrafficPolicyInstance trafficPolicyInstanceXML `xml:"TrafficPolicyInstance"`
}

type getTrafficPolicyInstanceResponse struct {
	XMLName               struct{}                 `xml:"https://route53.amazonaws.com/doc/2013-04-01/ GetTrafficPolicyInstanceResponse"`
	TrafficPolicyInstance trafficPolicyInstanceXML `xml:"TrafficPolicyInstance"`
}

type updateTrafficPolicyInstanceResponse struct {
	XMLName               struct{}                 `xml:"https://route53.amazonaws.com/doc/2013-04-01/ UpdateTrafficPolicyInstanceResponse"`
	TrafficPolicyInstance trafficPolicyInstanceXML `xml:"TrafficPolicyInstance"`
}

type deleteTrafficPolicyInstanceResponse struct {
	XMLName struct{} `xml:"https://route53.amazonaws.com/doc/2013-04-01/ DeleteTrafficPolicyInstanceResponse"`
}

type instanceCountResponse struct {
	XMLName                    struct{} `xml:"https://route53.amazonaws.com/doc/2013-04-01/ GetTrafficPolicyInstanceCountResponse"`
	TrafficPolicyInstanceCount int      `xml:"TrafficPolicyInstanceCount"`
}

// listInstancesResponse serves the three listings; root names which.
type listInstancesResponse struct {
	XMLName                struct{ Space, Local string } `xml:""`
	TrafficPolicyInstances struct {
		Instance []trafficPolicyInstanceXML `xml:"TrafficPolicyInstance"`
	} `xml:"TrafficPolicyInstances"`
	HostedZoneIDMarker              string `xml:"HostedZoneIdMarker,omitempty"`
	TrafficPolicyInstanceNameMarker string `xml:"TrafficPolicyInstanceNameMarker,omitempty"`
	TrafficPolicyInstanceTypeMarker string `xml:"TrafficPolicyInstanceTypeMarker,omitempty"`
	IsTruncated                     bool   `xml:"IsTruncated"`
	MaxItems                        int    `xml:"MaxItems"`
}

func (s *Server) createTrafficPolicyInstance(c *call, f TrafficFlow) (any, error) {
	var req instanceRequest
	if err := decodeRequest(c.body, "CreateTrafficPolicyInstanceRequest", &req); err != nil {
		return nil, err
	}
	if req.HostedZoneID == "" {
		return nil, missing("hostedZoneId")
	}
	if req.Name == "" {
		return nil, missing("name")
	}
	in, err := req.input()
	if err != nil {
		return nil, err
	}
	inst, err := f.CreateTrafficPolicyInstance(in)
	if err != nil {
		return nil, err
	}
	c.resource = trafficPolicyInstanceARN(inst.ID)
	c.created("trafficpolicyinstance/" + inst.ID)
	return createTrafficPolicyInstanceResponse{TrafficPolicyInstance: instanceXML(inst)}, nil
}

func (s *Server) getTrafficPolicyInstance(c *call, f TrafficFlow) (any, error) {
	inst, err := f.TrafficPolicyInstance(c.params["Id"])
	if err != nil {
		return nil, err
	}
	return getTrafficPolicyInstanceResponse{TrafficPolicyInstance: instanceXML(inst)}, nil
}

func (s *Server) updateTrafficPolicyInstance(c *call, f TrafficFlow) (any, error) {
	var req instanceRequest
	if err := decodeRequest(c.body, "UpdateTrafficPolicyInstanceRequest", &req); err != nil {
		return nil, err
	}
	in, err := req.input()
	if err != nil {
		return nil, err
	}
	inst, err := f.UpdateTrafficPolicyInstance(c.params["Id"], in)
	if err != nil {
		return nil, err
	}
	return updateTrafficPolicyInstanceResponse{TrafficPolicyInstance: instanceXML(inst)}, nil
}

func (s *Server) deleteTrafficPolicyInstance(c *call, f TrafficFlow) (any, error) {
	if err := f.DeleteTrafficPolicyInstance(c.params["Id"]); err != nil {
		return nil, err
	}
	return deleteTrafficPolicyInstanceResponse{}, nil
}

func (s *Server) getTrafficPolicyInstanceCount(c *call, f TrafficFlow) (any, error) {
	all, err := f.TrafficPolicyInstances()
	if err != nil {
		return nil, err
	}
	return instanceCountResponse{TrafficPolicyInstanceCount: len(all)}, nil
}

func (s *Server) listTrafficPolicyInstances(c *call, f TrafficFlow) (any, error) {
	return listInstances(c, f, "ListTrafficPolicyInstancesResponse", func(trafficflow.Instance) bool { return true }, true)
}

func (s *Server) listTrafficPolicyInstancesByHostedZone(c *call, f TrafficFlow) (any, error) {
	zone := zones.BareZoneID(c.query("id"))
	if zone == "" {
		return nil, missing("hostedZoneId")
	}
	return listInstances(c, f, "ListTrafficPolicyInstancesByHostedZoneResponse", func(in trafficflow.Instance) bool { return in.HostedZoneID == zone }, false)
}

func (s *Server) listTrafficPolicyInstancesByPolicy(c *call, f TrafficFlow) (any, error) {
	id, v := c.query("id"), c.query("version")
	if id == "" {
		return nil, missing("trafficPolicyId")
	}
	version, err := strconv.Atoi(v)
	if err != nil {
		return nil, missing("trafficPolicyVersion")
	}
	return listInstances(c, f, "ListTrafficPolicyInstancesByPolicyResponse", func(in trafficflow.Instance) bool {
		return in.TrafficPolicyID == id && in.TrafficPolicyVersion == version
	}, true)
}

// listInstances pages through the policy records keep accepts, ordered
// by zone id, name and type, from the markers of the query.
func listInstances(c *call, f TrafficFlow, root string, keep func(trafficflow.Instance) bool, zoneMarker bool) (any, error) {
	n, err := c.maxItems("maxitems", 100, 100)
	if err != nil {
		return nil, err
	}
	all, err := f.TrafficPolicyInstances()
	if err != nil {
		return nil, err
	}
	from := instanceKey(c.query("hostedzoneid"), c.query("trafficpolicyinstancename"), c.query("trafficpolicyinstancetype"))
	resp := listInstancesResponse{MaxItems: n}
	resp.XMLName.Space, resp.XMLName.Local = Namespace, root
	count := 0
	for _, in := range all {
		if !keep(in) || instanceKey(in.HostedZoneID, in.Name, in.TrafficPolicyType) < from {
			continue
		}
		if count == n {
			resp.IsTruncated = true
			resp.TrafficPolicyInstanceNameMarker, resp.TrafficPolicyInstanceTypeMarker = in.Name, in.TrafficPolicyType
			if zoneMarker {
				resp.HostedZoneIDMarker = in.HostedZoneID
			}
			break
		}
		count++
		resp.TrafficPolicyInstances.Instance = append(resp.TrafficPolicyInstances.Instance, instanceXML(in))
	}
	return resp, nil
}

func instanceKey(zone, name, rtype string) string {
	if zone == "" && name == "" {
		return ""
	}
	return zones.BareZoneID(zone) + " " + strings.ToLower(name) + " " + rtype
}

// trafficFlowRoutes are the traffic policy and policy record operations.
func (s *Server) trafficFlowRoutes() []route {
	const get, post, del = "GET", "POST", "DELETE"
	tp, tpi := byParam(trafficPolicyARN, "Id"), byParam(trafficPolicyInstanceARN, "Id")
	return []route{
		{post, "trafficpolicy", "CreateTrafficPolicy", anyResource, s.withFlow(s.createTrafficPolicy)},
		{post, "trafficpolicy/{Id}", "CreateTrafficPolicyVersion", tp, s.withFlow(s.createTrafficPolicyVersion)},
		{get, "trafficpolicy/{Id}/{Version}", "GetTrafficPolicy", tp, s.withFlow(s.getTrafficPolicy)},
		{post, "trafficpolicy/{Id}/{Version}", "UpdateTrafficPolicyComment", tp, s.withFlow(s.updateTrafficPolicyComment)},
		{del, "trafficpolicy/{Id}/{Version}", "DeleteTrafficPolicy", tp, s.withFlow(s.deleteTrafficPolicy)},
		{get, "trafficpolicies", "ListTrafficPolicies", anyResource, s.withFlow(s.listTrafficPolicies)},
		{get, "trafficpolicies/{Id}/versions", "ListTrafficPolicyVersions", tp, s.withFlow(s.listTrafficPolicyVersions)},
		{post, "trafficpolicyinstance", "CreateTrafficPolicyInstance", anyResource, s.withFlow(s.createTrafficPolicyInstance)},
		{get, "trafficpolicyinstance/{Id}", "GetTrafficPolicyInstance", tpi, s.withFlow(s.getTrafficPolicyInstance)},
		{post, "trafficpolicyinstance/{Id}", "UpdateTrafficPolicyInstance", tpi, s.withFlow(s.updateTrafficPolicyInstance)},
		{del, "trafficpolicyinstance/{Id}", "DeleteTrafficPolicyInstance", tpi, s.withFlow(s.deleteTrafficPolicyInstance)},
		{get, "trafficpolicyinstancecount", "GetTrafficPolicyInstanceCount", anyResource, s.withFlow(s.getTrafficPolicyInstanceCount)},
		{get, "trafficpolicyinstances", "ListTrafficPolicyInstances", anyResource, s.withFlow(s.listTrafficPolicyInstances)},
		{get, "trafficpolicyinstances/hostedzone", "ListTrafficPolicyInstancesByHostedZone", anyResource, s.withFlow(s.listTrafficPolicyInstancesByHostedZone)},
		{get, "trafficpolicyinstances/trafficpolicy", "ListTrafficPolicyInstancesByPolicy", anyResource, s.withFlow(s.listTrafficPolicyInstancesByPolicy)},
	}
}
