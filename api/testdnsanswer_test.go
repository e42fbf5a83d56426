package api

import (
	"net/http/httptest"
	"testing"
	"testing/fstest"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/route53"
	"github.com/aws/aws-sdk-go-v2/service/route53/types"
	"github.com/r53d/r53d/config"
	"github.com/r53d/r53d/healthcheck"
	"github.com/r53d/r53d/zones"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const labSets = `{"ResourceRecordSets": [
{"Name": "lab.example.", "Type": "SOA", "TTL": 900, "ResourceRecords": [{"Value": "ns1.lab.example. h.lab.example. 1 7200 900 1209600 60"}]},
{"Name": "lab.example.", "Type": "NS", "TTL": 900, "ResourceRecords": [{"Value": "ns1.lab.example."}]},
{"Name": "api.lab.example.", "Type": "A", "SetIdentifier": "main", "Failover": "PRIMARY", "HealthCheckId": "hc1", "TTL": 60, "ResourceRecords": [{"Value": "192.0.2.10"}]},
{"Name": "api.lab.example.", "Type": "A", "SetIdentifier": "backup", "Failover": "SECONDARY", "TTL": 60, "ResourceRecords": [{"Value": "192.0.2.20"}]},
{"Name": "www.lab.example.", "Type": "A", "AliasTarget": {"HostedZoneId": "Z1", "DNSName": "api.lab.example.", "EvaluateTargetHealth": false}},
{"Name": "isp.lab.example.", "Type": "A", "SetIdentifier": "a", "CidrRoutingConfig": {"CollectionId": "col", "LocationName": "a"}, "TTL": 60, "ResourceRecords": [{"Value": "192.0.2.1"}]},
{"Name": "isp.lab.example.", "Type": "A", "SetIdentifier": "rest", "CidrRoutingConfig": {"CollectionId": "col", "LocationName": "*"}, "TTL": 60, "ResourceRecords": [{"Value": "192.0.2.2"}]}
]}`

// labStore publishes the lab zone the way serve does, and returns its
// health checks for a monitor.
func labStore(t *testing.T) (*zones.Store, []healthcheck.Check) {
	t.Helper()
	fsys := fstest.MapFS{
		"lab.example.json":      {Data: []byte(labSets)},
		"health-checks.json":    {Data: []byte(`{"HealthChecks": [{"Id": "hc1", "HealthCheckConfig": {"Type": "TCP", "IPAddress": "127.0.0.1", "Port": 1}}]}`)},
		"cidr-collections.json": {Data: []byte(`{"CidrCollections": [{"Id": "col", "Name": "c", "Locations": [{"LocationName": "a", "CidrList": ["11.0.0.0/16"]}]}]}`)},
	}
	gen, diags := config.LoadDir(fsys, "lab")
	require.Empty(t, diags.Errors())
	store, err := zones.NewStore()
	require.NoError(t, err)
	require.NoError(t, store.Publish(&gen.Generation))
	return store, gen.HealthChecks
}

// TestSDKTestDNSAnswer: the answer is the one DNS gives, from the
// server's own answer path, with live health and the client's subnet.
func TestSDKTestDNSAnswer(t *testing.T) {
	store, checks := labStore(t)
	mon := healthcheck.NewMonitor(healthcheck.Options{})
	mon.Update(checks)
	a := newTestAPI(t, func(o *Options) { o.Store, o.Monitor = store, mon })
	c := ctx(t)
	zoneID := createZone(t, a, "lab.example", "z").HostedZone.Id
	ask := func(name string, typ types.RRType, edit ...func(*route53.TestDNSAnswerInput)) *route53.TestDNSAnswerOutput {
		t.Helper()
		in := &route53.TestDNSAnswerInput{HostedZoneId: zoneID, RecordName: aws.String(name), RecordType: typ}
		for _, e := range edit {
			e(in)
		}
		out, err := a.client.TestDNSAnswer(c, in)
		require.NoError(t, err)
		return out
	}

	out := ask("api.lab.example", types.RRTypeA)
	assert.Equal(t, []string{"192.0.2.10"}, out.RecordData)
	assert.Equal(t, "NOERROR", aws.ToString(out.ResponseCode))
	assert.Equal(t, "UDP", aws.ToString(out.Protocol))
	assert.Equal(t, "ns1.r53d.test", aws.ToString(out.Nameserver))
	assert.Equal(t, "api.lab.example", aws.ToString(out.RecordName))

	for range 3 { // the check's failure threshold
		mon.Record("hc1", healthcheck.Result{Reason: "connection refused", At: time.Now()})
	}
	assert.Equal(t, []string{"192.0.2.20"}, ask("api.lab.example", types.RRTypeA).RecordData, "the primary is unhealthy now")
	assert.Equal(t, []string{"192.0.2.20"}, ask("www.lab.example", types.RRTypeA).RecordData, "an alias answers with its target's data")

	assert.Equal(t, []string{"192.0.2.2"}, ask("isp.lab.example", types.RRTypeA).RecordData, "the default resolver is in no location")
	viaECS := ask("isp.lab.example", types.RRTypeA, func(in *route53.TestDNSAnswerInput) { in.EDNS0ClientSubnetIP = aws.String("11.0.200.9") })
	assert.Equal(t, []string{"192.0.2.1"}, viaECS.RecordData, "a /24 of 11.0.0.0/16")
	viaResolver := ask("isp.lab.example", types.RRTypeA, func(in *route53.TestDNSAnswerInput) { in.ResolverIP = aws.String("11.0.0.53") })
	assert.Equal(t, []string{"192.0.2.1"}, viaResolver.RecordData)
	wideMask := ask("isp.lab.example", types.RRTypeA, func(in *route53.TestDNSAnswerInput) {
		in.EDNS0ClientSubnetIP, in.EDNS0ClientSubnetMask = aws.String("11.0.200.9"), aws.String("8")
	})
	assert.Equal(t, []string{"192.0.2.2"}, wideMask.RecordData, "a /8 is not inside the location's /16")

	nx := ask("nothing.lab.example", types.RRTypeA)
	assert.Equal(t, "NXDOMAIN", aws.ToString(nx.ResponseCode))
	assert.Empty(t, nx.RecordData)

	soa := ask("lab.example", types.RRTypeSoa)
	assert.Equal(t, []string{"ns1.lab.example. h.lab.example. 1 7200 900 1209600 60"}, soa.RecordData)
}

// TestTestDNSAnswerRefusals: the required parameters, an unknown zone, a
// name outside the zone.
func TestTestDNSAnswerRefusals(t *testing.T) {
	store, _ := labStore(t)
	a := newTestAPI(t, func(o *Options) { o.Store = store })
	createZone(t, a, "lab.example", "z")
	for _, tc := range []struct{ query, code, message string }{
		{"recordname=a.lab.example&recordtype=A", "InvalidInput", "Value null at &#39;hostedZoneId&#39;"},
		{"hostedzoneid=Z0001&recordtype=A", "InvalidInput", "Value null at &#39;recordName&#39;"},
		{"hostedzoneid=Z0001&recordname=a.lab.example", "InvalidInput", "Value null at &#39;recordType&#39;"},
		{"hostedzoneid=Z0001&recordname=a.lab.example&recordtype=NOPE", "InvalidInput", "recordType"},
		{"hostedzoneid=ZNOPE&recordname=a.lab.example&recordtype=A", "NoSuchHostedZone", "ZNOPE"},
		{"hostedzoneid=Z0001&recordname=a.other.example&recordtype=A", "InvalidInput", "not in the hosted zone lab.example.</Message>"},
		{"hostedzoneid=Z0001&recordname=a.lab.example&recordtype=A&resolverip=x", "InvalidInput", "resolverip"},
		{"hostedzoneid=Z0001&recordname=a.lab.example&recordtype=A&edns0clientsubnetip=11.0.0.1&edns0clientsubnetmask=33", "InvalidInput", "mask"},
	} {
		_, body, _ := a.raw(t, "GET", "/2013-04-01/testdnsanswer?"+tc.query, "")
		assert.Contains(t, body, "<Code>"+tc.code+"</Code>", tc.query)
		assert.Contains(t, body, tc.message, tc.query)
	}
}

// TestTestDNSAnswerClient: the client a query is answered for, with
// Route 53's default ECS masks (/24 for IPv4, /64 for IPv6).
func TestTestDNSAnswerClient(t *testing.T) {
	s, err := New(Options{Backend: newFake()})
	require.NoError(t, err)
	for query, want := range map[string]string{
		"":                                      "192.0.2.1/32 socket",
		"resolverip=2001:db8::53":               "2001:db8::53/128 socket",
		"edns0clientsubnetip=198.51.100.77":     "198.51.100.0/24 ecs",
		"edns0clientsubnetip=2001:db8:1:2:3::9": "2001:db8:1:2::/64 ecs",
		"edns0clientsubnetip=2001:db8:1:2:3::9&edns0clientsubnetmask=48": "2001:db8:1::/48 ecs",
		"edns0clientsubnetip=198.51.100.77&edns0clientsubnetmask=0":      "192.0.2.1/32 socket",
	} {
		c := &call{s: s, r: httptest.NewRequest("GET", "/2013-04-01/testdnsanswer?"+query, nil)}
		client, err := s.testClient(c)
		require.NoError(t, err, query)
		how := "socket"
		if client.FromECS {
			how = "ecs"
		}
		assert.Equal(t, want, client.Subnet.String()+" "+how, query)
	}
}
