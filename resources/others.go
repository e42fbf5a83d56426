package resources

import (
	"net/netip"
	"strings"

	"go.yaml.in/yaml/v3"
)

// The resources that are not load balancers answer the addresses the
// file gives them in Addresses (r53d's field: AWS's describe commands do
// not print them), IPv4 and IPv6 mixed; a Global Accelerator's come from
// its IpSets as AWS prints them.

// distributionDoc is a CloudFront distribution as list-distributions
// prints one.
type distributionDoc struct {
	ID         string   `yaml:"Id"`
	ARN        string   `yaml:"ARN"`
	DomainName string   `yaml:"DomainName"`
	IPv6       *bool    `yaml:"IsIPV6Enabled"`
	Addresses  []string `yaml:"Addresses"`
}

func (l *loader) distribution(field string, n *yaml.Node) {
	var d distributionDoc
	if !l.decode(n, field, &d) {
		return
	}
	r := &Resource{Kind: CloudFront, Name: d.ID, ARN: d.ARN, Line: n.Line, HostedZoneID: cloudFrontZone}
	if r.DNSName = l.name(at(n, "DomainName"), field+".DomainName", d.DomainName, r, false); r.DNSName == "" {
		return
	}
	r.addrs = l.required(n, field, d.Addresses)
	if d.IPv6 != nil && !*d.IPv6 {
		r.addrs = appendFamily(nil, r.addrs, false) // IPv6 off: no AAAA
	}
	l.add(r)
}

// required reads a resource's Addresses, of which it needs one.
func (l *loader) required(n *yaml.Node, field string, texts []string) []netip.Addr {
	if len(texts) == 0 {
		l.fail(n, field+".Addresses", "is required: r53d answers the resource's name with these addresses")
		return nil
	}
	return l.addrs(at(n, "Addresses"), field+".Addresses", texts)
}

// s3Doc is a bucket with website hosting: its Name as list-buckets
// prints it, its region (Region, or LocationConstraint as
// get-bucket-location prints it) and Addresses.
type s3Doc struct {
	Name               string   `yaml:"Name"`
	Region             string   `yaml:"Region"`
	LocationConstraint string   `yaml:"LocationConstraint"`
	Addresses          []string `yaml:"Addresses"`
}

// s3Website reads a bucket. Its website answers under two names: the
// bucket's own (<bucket>.s3-website...) and the region's endpoint, which
// aliases give as DNSName, shared by every bucket of the region and
// answering all their addresses.
func (l *loader) s3Website(field string, n *yaml.Node) {
	var d s3Doc
	if !l.decode(n, field, &d) {
		return
	}
	if d.Name == "" {
		l.fail(n, field+".Name", "is required (the bucket's name)")
		return
	}
	region := l.region(n, field, d.Region, d.LocationConstraint)
	if region == "" {
		return
	}
	zone := l.zoneID(n, field, S3Website, region, "", "S3 website endpoints")
	host := S3WebsiteHost(region)
	r := &Resource{Kind: S3Website, Name: d.Name, Region: region, HostedZoneID: zone, Line: n.Line}
	if r.DNSName = l.name(at(n, "Name"), field+".Name", d.Name+"."+host, r, false); r.DNSName == "" {
		return
	}
	r.addrs = l.required(n, field, d.Addresses)
	l.add(r)
	ep, ok := l.set.names[host]
	if ok && ep.r.Kind != S3Website {
		l.fail(n, field+".Region", "%s, the region's website endpoint, is already the name of %s %q (line %d)", host, ep.r.Kind, ep.r.Name, ep.r.Line)
		return
	}
	if !ok {
		ep.r = &Resource{Kind: S3Website, Name: host, DNSName: host, Region: region, HostedZoneID: zone, Line: n.Line}
		l.set.names[host] = ep
		l.add(ep.r)
	}
	ep.r.Buckets = append(ep.r.Buckets, d.Name)
	for _, a := range r.addrs {
		if !containsAddr(ep.r.addrs, a) {
			ep.r.addrs = append(ep.r.addrs, a)
		}
	}
}

func containsAddr(list []netip.Addr, a netip.Addr) bool {
	for _, b := range list {
		if a == b {
			return true
		}
	}
	return false
}

// apiDoc is an API Gateway custom domain as `aws apigatewayv2
// get-domain-names` prints one.
type apiDoc struct {
	DomainName string `yaml:"DomainName"`
	Configs    []struct {
		Target       string `yaml:"ApiGatewayDomainName"`
		ZoneID       string `yaml:"HostedZoneId"`
		EndpointType string `yaml:"EndpointType"`
	} `yaml:"DomainNameConfigurations"`
	Region    string   `yaml:"Region"`
	Addresses []string `yaml:"Addresses"`
}

// apiGateway reads a custom domain: each configuration's
// ApiGatewayDomainName is an alias target, regional
// (d-....execute-api.<region>.amazonaws.com) or edge-optimized (a
// CloudFront name, with CloudFront's zone).
func (l *loader) apiGateway(field string, n *yaml.Node) {
	var d apiDoc
	if !l.decode(n, field, &d) {
		return
	}
	if len(d.Configs) == 0 {
		l.fail(n, field+".DomainNameConfigurations", "is required: its ApiGatewayDomainName is what aliases name")
		return
	}
	addrs := l.required(n, field, d.Addresses)
	for i, c := range d.Configs {
		cn := at(n, "DomainNameConfigurations", i)
		f := fmtField(field, "DomainNameConfigurations", i)
		r := &Resource{Kind: APIGateway, Name: d.DomainName, Line: cn.Line, addrs: addrs}
		if r.DNSName = l.name(at(cn, "ApiGatewayDomainName"), f+".ApiGatewayDomainName", c.Target, r, false); r.DNSName == "" {
			continue
		}
		switch c.EndpointType {
		case "EDGE":
			r.HostedZoneID = l.zoneID(at(cn, "HostedZoneId"), f+".HostedZoneId", CloudFront, "", c.ZoneID, "edge-optimized API Gateway domains")
		case "REGIONAL", "":
			_, guessed, _ := Guess(c.Target)
			if r.Region = l.region(cn, f, d.Region, guessed); r.Region == "" {
				continue
			}
			r.HostedZoneID = l.zoneID(at(cn, "HostedZoneId"), f+".HostedZoneId", APIGateway, r.Region, c.ZoneID, "regional API Gateway domains")
		default:
			l.fail(at(cn, "EndpointType"), f+".EndpointType", "%q is not an endpoint type (REGIONAL, EDGE)", c.EndpointType)
			continue
		}
		l.add(r)
	}
}

// acceleratorDoc is a Global Accelerator as list-accelerators prints it.
type acceleratorDoc struct {
	ARN    string `yaml:"AcceleratorArn"`
	Name   string `yaml:"Name"`
	IPSets []struct {
		IPAddresses []string `yaml:"IpAddresses"`
	} `yaml:"IpSets"`
	DNSName          string   `yaml:"DnsName"`
	DualStackDNSName string   `yaml:"DualStackDnsName"`
	Addresses        []string `yaml:"Addresses"`
}

// accelerator reads an accelerator: its DnsName answers IPv4, its
// DualStackDnsName both families.
func (l *loader) accelerator(field string, n *yaml.Node) {
	var d acceleratorDoc
	if !l.decode(n, field, &d) {
		return
	}
	r := &Resource{Kind: GlobalAccelerator, Name: d.Name, ARN: d.ARN, Line: n.Line, HostedZoneID: acceleratorZone}
	if r.DNSName = l.name(at(n, "DnsName"), field+".DnsName", d.DNSName, r, false); r.DNSName == "" {
		return
	}
	if d.DualStackDNSName != "" {
		l.name(at(n, "DualStackDnsName"), field+".DualStackDnsName", d.DualStackDNSName, r, true)
	}
	texts := d.Addresses
	for _, s := range d.IPSets {
		texts = append(texts, s.IPAddresses...)
	}
	r.addrs = l.required(n, field, texts)
	l.add(r)
}

// vpceDoc is a VPC interface endpoint as describe-vpc-endpoints prints it.
type vpceDoc struct {
	ID          string `yaml:"VpcEndpointId"`
	ServiceName string `yaml:"ServiceName"`
	DNSEntries  []struct {
		DNSName string `yaml:"DnsName"`
		ZoneID  string `yaml:"HostedZoneId"`
	} `yaml:"DnsEntries"`
	Region    string   `yaml:"Region"`
	Addresses []string `yaml:"Addresses"`
}

// vpcEndpoint reads an endpoint: every DnsEntries name answers its
// addresses. AWS documents no table of these zone ids (aliases are to
// take HostedZoneId from DnsEntries), so a declared one is used as given;
// r53d's table fills it only when absent.
func (l *loader) vpcEndpoint(field string, n *yaml.Node) {
	var d vpceDoc
	if !l.decode(n, field, &d) {
		return
	}
	if len(d.DNSEntries) == 0 {
		l.fail(n, field+".DnsEntries", "is required: its DnsName is what aliases name")
		return
	}
	service := strings.Split(d.ServiceName, ".")
	fromService := ""
	if len(service) >= 3 && service[0] == "com" {
		fromService = service[2]
	}
	_, guessed, _ := Guess(d.DNSEntries[0].DNSName)
	r := &Resource{Kind: VPCEndpoint, Name: d.ID, Line: n.Line}
	if r.Region = l.region(n, field, d.Region, fromService, guessed); r.Region == "" {
		return
	}
	for i, e := range d.DNSEntries {
		en := at(n, "DnsEntries", i)
		name := l.name(at(en, "DnsName"), fmtField(field, "DnsEntries", i)+".DnsName", e.DNSName, r, false)
		if i == 0 {
			r.DNSName, r.HostedZoneID = name, e.ZoneID
		}
	}
	if r.HostedZoneID == "" {
		r.HostedZoneID = l.zoneID(n, field+".DnsEntries[0].HostedZoneId", VPCEndpoint, r.Region, "", "VPC interface endpoints")
	}
	r.addrs = l.required(n, field, d.Addresses)
	l.add(r)
}

// beanstalkDoc is an Elastic Beanstalk environment as
// describe-environments prints it.
type beanstalkDoc struct {
	Name        string   `yaml:"EnvironmentName"`
	CNAME       string   `yaml:"CNAME"`
	EndpointURL string   `yaml:"EndpointURL"`
	Region      string   `yaml:"Region"`
	Addresses   []string `yaml:"Addresses"`
}

// beanstalk reads an environment, named by its regionalized CNAME. Its
// EndpointURL is its load balancer's DNS name (which must be declared
// too: the environment answers and is healthy as it is) or, for a
// single-instance environment, the instance's address.
func (l *loader) beanstalk(field string, n *yaml.Node) {
	var d beanstalkDoc
	if !l.decode(n, field, &d) {
		return
	}
	r := &Resource{Kind: ElasticBeanstalk, Name: d.Name, Line: n.Line}
	kind, guessed, _ := Guess(d.CNAME)
	if kind != ElasticBeanstalk {
		l.warn(at(n, "CNAME"), field+".CNAME", "%q is not <env>.<region>.elasticbeanstalk.com: Route 53 aliases only to an environment's regionalized name", d.CNAME)
	}
	if r.DNSName = l.name(at(n, "CNAME"), field+".CNAME", d.CNAME, r, false); r.DNSName == "" {
		return
	}
	if r.Region = l.region(n, field, d.Region, guessed); r.Region == "" {
		return
	}
	r.HostedZoneID = l.zoneID(n, field, ElasticBeanstalk, r.Region, "", "Elastic Beanstalk environments")
	if lb, _, ok := l.set.Lookup(dnsFqdn(d.EndpointURL)); ok && lb.Kind.IsLoadBalancer() {
		r.via = lb
	} else if a, err := netip.ParseAddr(d.EndpointURL); err == nil && len(d.Addresses) == 0 {
		r.addrs = []netip.Addr{a.Unmap()}
	} else {
		r.addrs = l.required(n, field, d.Addresses)
	}
	l.add(r)
}

func dnsFqdn(s string) string {
	s = strings.ToLower(s)
	if !strings.HasSuffix(s, ".") {
		s += "."
	}
	return s
}
