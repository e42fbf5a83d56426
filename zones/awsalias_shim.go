package zones

import (
	"strings"

	"github.com/r53d/r53d/resources"
)

// TEMPORARY stand-ins for package resources' table of canonical hosted
// zone ids, until it lands.
func kindOfName(name string) (resources.Kind, string, bool) {
	name = strings.TrimPrefix(name, "dualstack.")
	labels := strings.Split(strings.TrimSuffix(name, "."), ".")
	n := len(labels)
	switch {
	case strings.HasSuffix(name, ".cloudfront.net."):
		return resources.CloudFront, "", true
	case n >= 4 && strings.HasSuffix(name, ".elb.amazonaws.com."):
		return resources.ApplicationLB, labels[n-4], true
	case n >= 4 && labels[n-4] == "elb" && labels[n-1] == "com" && labels[n-2] == "amazonaws":
		return resources.NetworkLB, labels[n-3], true
	}
	return "", "", false
}

func canonicalHostedZoneID(k resources.Kind, region string) (string, bool) {
	m := map[string]string{
		"cloudfront/":           "Z2FDTNDATAQYW2",
		"application/us-east-1": "Z35SXDOTRQ7X7K",
		"application/eu-west-1": "Z32O12XQLNTSW2",
		"network/us-east-1":     "Z26RNL4JYFTOTI",
		"network/eu-west-1":     "Z2IFOLAFXWLO4F",
	}
	id, ok := m[string(k)+"/"+region]
	return id, ok
}
