package api

import (
	"net/http"

	"github.com/r53d/r53d/api/iam"
)

func anyResource(map[string]string) string { return "*" }

// byParam is the resource whose id is path parameter param.
func byParam(toARN func(id string) string, param string) func(map[string]string) string {
	return func(p map[string]string) string { return toARN(p[param]) }
}

// tagResource is the resource of a tag operation: the zone or health
// check its path names ("*" for a type Route 53 does not tag, which the
// handler then refuses).
func tagResource(p map[string]string) string { return tagARN(p["ResourceType"], p["ResourceId"]) }

func tagARN(kind, id string) string {
	switch kind {
	case "hostedzone":
		return iam.HostedZoneARN(id)
	case "healthcheck":
		return iam.HealthCheckARN(id)
	}
	return "*"
}

// table lists every operation r53d serves, then every other one Route 53
// has, which answers that r53d does not support it.
func (s *Server) table() []route {
	zone, hc, cidr := byParam(iam.HostedZoneARN, "Id"), byParam(iam.HealthCheckARN, "HealthCheckId"), byParam(iam.CIDRCollectionARN, "CidrCollectionId")
	const get, post, del = http.MethodGet, http.MethodPost, http.MethodDelete
	routes := []route{
		{post, "hostedzone", "CreateHostedZone", anyResource, s.createHostedZone},
		{get, "hostedzone", "ListHostedZones", anyResource, s.listHostedZones},
		{get, "hostedzone/{Id}", "GetHostedZone", zone, s.getHostedZone},
		{post, "hostedzone/{Id}", "UpdateHostedZoneComment", zone, s.updateHostedZoneComment},
		{del, "hostedzone/{Id}", "DeleteHostedZone", zone, s.deleteHostedZone},
		{get, "hostedzonesbyname", "ListHostedZonesByName", anyResource, s.listHostedZonesByName},
		{get, "hostedzonecount", "GetHostedZoneCount", anyResource, s.getHostedZoneCount},
		{get, "hostedzone/{Id}/dnssec", "GetDNSSEC", zone, s.getDNSSEC},
		{post, "hostedzone/{Id}/rrset", "ChangeResourceRecordSets", nil, s.changeResourceRecordSets},
		{get, "hostedzone/{Id}/rrset", "ListResourceRecordSets", zone, s.listResourceRecordSets},
		{get, "change/{Id}", "GetChange", byParam(iam.ChangeARN, "Id"), s.getChange},
		{post, "healthcheck", "CreateHealthCheck", anyResource, s.createHealthCheck},
		{get, "healthcheck", "ListHealthChecks", anyResource, s.listHealthChecks},
		{get, "healthcheck/{HealthCheckId}", "GetHealthCheck", hc, s.getHealthCheck},
		{post, "healthcheck/{HealthCheckId}", "UpdateHealthCheck", hc, s.updateHealthCheck},
		{del, "healthcheck/{HealthCheckId}", "DeleteHealthCheck", hc, s.deleteHealthCheck},
		{get, "healthcheck/{HealthCheckId}/status", "GetHealthCheckStatus", hc, s.getHealthCheckStatus},
		{get, "healthcheck/{HealthCheckId}/lastfailurereason", "GetHealthCheckLastFailureReason", hc, s.getHealthCheckLastFailureReason},
		{get, "healthcheckcount", "GetHealthCheckCount", anyResource, s.getHealthCheckCount},
		{post, "cidrcollection", "CreateCidrCollection", anyResource, s.createCidrCollection},
		{get, "cidrcollection", "ListCidrCollections", anyResource, s.listCidrCollections},
		{post, "cidrcollection/{CidrCollectionId}", "ChangeCidrCollection", cidr, s.changeCidrCollection},
		{get, "cidrcollection/{CidrCollectionId}", "ListCidrLocations", cidr, s.listCidrLocations},
		{del, "cidrcollection/{CidrCollectionId}", "DeleteCidrCollection", cidr, s.deleteCidrCollection},
		{get, "cidrcollection/{CidrCollectionId}/cidrblocks", "ListCidrBlocks", cidr, s.listCidrBlocks},
		{post, "tags/{ResourceType}/{ResourceId}", "ChangeTagsForResource", tagResource, s.changeTagsForResource},
		{get, "tags/{ResourceType}/{ResourceId}", "ListTagsForResource", tagResource, s.listTagsForResource},
		{post, "tags/{ResourceType}", "ListTagsForResources", nil, s.listTagsForResources},
		{get, "testdnsanswer", "TestDNSAnswer", anyResource, s.testDNSAnswer},
	}
	routes = append(routes, s.trafficFlowRoutes()...)
	for _, u := range unsupported {
		routes = append(routes, route{u.method, u.pattern, u.op, anyResource, notSupported(u.op)})
	}
	return routes
}

// unsupported is every other operation of Route 53's API (2013-04-01):
// query logging, reusable delegation sets, VPC
// associations, DNSSEC signing, key-signing keys, limits, checker IP
// ranges, geolocation listings and record-set protections. Each answers InvalidInput naming it.
var unsupported = []struct{ method, pattern, op string }{
	{"POST", "keysigningkey", "CreateKeySigningKey"},
	{"POST", "keysigningkey/{HostedZoneId}/{Name}/activate", "ActivateKeySigningKey"},
	{"POST", "keysigningkey/{HostedZoneId}/{Name}/deactivate", "DeactivateKeySigningKey"},
	{"DELETE", "keysigningkey/{HostedZoneId}/{Name}", "DeleteKeySigningKey"},
	{"POST", "hostedzone/{Id}/enable-dnssec", "EnableHostedZoneDNSSEC"},
	{"POST", "hostedzone/{Id}/disable-dnssec", "DisableHostedZoneDNSSEC"},
	{"POST", "hostedzone/{Id}/associatevpc", "AssociateVPCWithHostedZone"},
	{"POST", "hostedzone/{Id}/disassociatevpc", "DisassociateVPCFromHostedZone"},
	{"POST", "hostedzone/{Id}/authorizevpcassociation", "CreateVPCAssociationAuthorization"},
	{"POST", "hostedzone/{Id}/deauthorizevpcassociation", "DeleteVPCAssociationAuthorization"},
	{"GET", "hostedzone/{Id}/authorizevpcassociation", "ListVPCAssociationAuthorizations"},
	{"POST", "hostedzone/{Id}/features", "UpdateHostedZoneFeatures"},
	{"POST", "hostedzone/{Id}/rrsetprotection", "CreateResourceRecordSetProtections"},
	{"POST", "hostedzone/{Id}/rrsetprotection/delete", "DeleteResourceRecordSetProtections"},
	{"GET", "hostedzone/{Id}/rrsetprotection", "ListResourceRecordSetProtections"},
	{"GET", "hostedzonesbyvpc", "ListHostedZonesByVPC"},
	{"GET", "hostedzonelimit/{Id}/{Type}", "GetHostedZoneLimit"},
	{"GET", "accountlimit/{Type}", "GetAccountLimit"},
	{"GET", "checkeripranges", "GetCheckerIpRanges"},
	{"GET", "geolocation", "GetGeoLocation"},
	{"GET", "geolocations", "ListGeoLocations"},
	{"POST", "delegationset", "CreateReusableDelegationSet"},
	{"GET", "delegationset", "ListReusableDelegationSets"},
	{"GET", "delegationset/{Id}", "GetReusableDelegationSet"},
	{"DELETE", "delegationset/{Id}", "DeleteReusableDelegationSet"},
	{"GET", "reusabledelegationsetlimit/{Id}/{Type}", "GetReusableDelegationSetLimit"},
	{"POST", "queryloggingconfig", "CreateQueryLoggingConfig"},
	{"GET", "queryloggingconfig", "ListQueryLoggingConfigs"},
	{"GET", "queryloggingconfig/{Id}", "GetQueryLoggingConfig"},
	{"DELETE", "queryloggingconfig/{Id}", "DeleteQueryLoggingConfig"},
}

// notSupported answers an operation r53d leaves out, in the error a
// client already handles for bad input.
func notSupported(op string) func(*call) (any, error) {
	return func(*call) (any, error) {
		return nil, invalidInput("The operation %s is not supported by r53d.", op)
	}
}
