package api

import (
	"net/netip"
	"strconv"
	"strings"

	"github.com/miekg/dns"
	"github.com/r53d/r53d/answer"
	"github.com/r53d/r53d/api/iam"
	"github.com/r53d/r53d/policy"
)

type testDNSAnswerResponse struct {
	XMLName    struct{} `xml:"https://route53.amazonaws.com/doc/2013-04-01/ TestDNSAnswerResponse"`
	Nameserver string   `xml:"Nameserver"`
	RecordName string   `xml:"RecordName"`
	RecordType string   `xml:"RecordType"`
	RecordData struct {
		RecordDataEntry []string
	}
	ResponseCode string `xml:"ResponseCode"`
	Protocol     string `xml:"Protocol"`
}

// testDNSAnswer answers a question through the server's own answer path
// with live health, so it says what dig gets, for the client the request
// describes.
func (s *Server) testDNSAnswer(c *call) (any, error) {
	zoneID, name, typ := stripID(c.query("hostedzoneid")), c.query("recordname"), strings.ToUpper(c.query("recordtype"))
	for param, v := range map[string]string{"hostedZoneId": zoneID, "recordName": name, "recordType": typ} {
		if v == "" {
			return nil, missing(param)
		}
	}
	qtype, ok := dns.StringToType[typ]
	if !ok {
		return nil, invalidInput("Value '%s' at 'recordType' failed to satisfy constraint: it is not a DNS record type", typ)
	}
	z, err := s.opts.Backend.HostedZone(zoneID)
	if err != nil {
		return nil, err
	}
	c.resource = iam.HostedZoneARN(zoneID)
	fqdn := dns.Fqdn(name)
	if !dns.IsSubDomain(z.Name, fqdn) {
		return nil, invalidInput("The record name %s is not in the hosted zone %s", name, z.Name)
	}
	client, err := s.testClient(c)
	if err != nil {
		return nil, err
	}
	resp := testDNSAnswerResponse{Nameserver: s.opts.NameServer, RecordName: name, RecordType: typ, Protocol: "UDP"}
	if s.opts.Store == nil {
		resp.ResponseCode = dns.RcodeToString[dns.RcodeRefused]
		return resp, nil
	}
	routing := s.opts.Routing
	if routing.Monitor == nil && s.opts.Monitor != nil {
		routing.Monitor = s.opts.Monitor
	}
	var f answer.Finder
	res := f.Lookup(s.opts.Store.View(), &routing, answer.Question{Name: fqdn, Type: qtype}, client)
	resp.ResponseCode = dns.RcodeToString[res.Rcode]
	records, _ := res.Records()
	for _, rr := range records {
		resp.RecordData.RecordDataEntry = append(resp.RecordData.RecordDataEntry, rdata(rr))
	}
	return resp, nil
}

// testClient is the client the question comes from: resolverip (the
// default resolver when absent), with an EDNS Client Subnet from
// edns0clientsubnetip/mask (by default /24 for IPv4, /64 for IPv6, as
// Route 53 documents).
func (s *Server) testClient(c *call) (policy.Client, error) {
	resolver := s.opts.ResolverIP
	if v := c.query("resolverip"); v != "" {
		a, err := netip.ParseAddr(v)
		if err != nil {
			return policy.Client{}, invalidInput("The resolverip %s is not an IP address.", v)
		}
		resolver = a
	}
	var ecs netip.Prefix
	if v := c.query("edns0clientsubnetip"); v != "" {
		a, err := netip.ParseAddr(v)
		if err != nil {
			return policy.Client{}, invalidInput("The edns0clientsubnetip %s is not an IP address.", v)
		}
		a = a.Unmap()
		bits := 24
		if a.Is6() {
			bits = 64
		}
		if m := c.query("edns0clientsubnetmask"); m != "" {
			n, err := strconv.Atoi(m)
			if err != nil || n < 0 || n > a.BitLen() {
				return policy.Client{}, invalidInput("The edns0clientsubnetmask %s is not valid for %s.", m, v)
			}
			bits = n
		}
		ecs = netip.PrefixFrom(a, bits).Masked()
	}
	return answer.ClientOf(ecs, resolver), nil
}

// rdata is a record's data in presentation form, without its header.
func rdata(rr dns.RR) string {
	return strings.TrimPrefix(rr.String(), rr.Header().String())
}
