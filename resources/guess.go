package resources

import "strings"

// Guess tells the kind and region of an AWS resource from the shape of
// its DNS name (lower-case FQDN, "dualstack." allowed), as AWS forms them:
//
//	<name>-<id>.<region>.elb.amazonaws.com      application or classic LB
//	<name>-<id>.elb.<region>.amazonaws.com      network LB
//	<id>.cloudfront.net                         CloudFront (also edge API Gateway)
//	s3-website[-.]<region>.amazonaws.com        S3 website endpoint
//	<env>.<region>.elasticbeanstalk.com         Elastic Beanstalk
//	d-<id>.execute-api.<region>.amazonaws.com   regional API Gateway domain
//	<id>.awsglobalaccelerator.com               Global Accelerator
//	vpce-<id>.<service>.<region>.vpce.amazonaws.com  VPC interface endpoint
//
// China's names end in amazonaws.com.cn. The application-or-classic case
// reports ApplicationLB (they share a zone id). region is "" for global
// services; ok is false for any other shape.
func Guess(name string) (k Kind, region string, ok bool) {
	name = strings.TrimSuffix(strings.TrimPrefix(strings.ToLower(name), "dualstack."), ".")
	switch {
	case strings.HasSuffix(name, ".cloudfront.net"):
		return CloudFront, "", true
	case strings.HasSuffix(name, ".awsglobalaccelerator.com"):
		return GlobalAccelerator, "", true
	case strings.HasSuffix(name, ".elasticbeanstalk.com"):
		l := strings.Split(name, ".")
		if len(l) == 4 {
			return ElasticBeanstalk, l[1], true
		}
		return "", "", false
	}
	rest, ok := trimAWS(name)
	if !ok {
		return "", "", false
	}
	l := strings.Split(rest, ".")
	n := len(l)
	switch {
	case n >= 3 && l[n-1] == "elb":
		return ApplicationLB, l[n-2], true
	case n >= 3 && l[n-2] == "elb":
		return NetworkLB, l[n-1], true
	case n == 1 && strings.HasPrefix(l[0], "s3-website-"):
		return S3Website, strings.TrimPrefix(l[0], "s3-website-"), true
	case n == 2 && l[0] == "s3-website":
		return S3Website, l[1], true
	case n == 3 && l[1] == "execute-api":
		return APIGateway, l[2], true
	case n >= 3 && l[n-1] == "vpce":
		return VPCEndpoint, l[n-2], true
	}
	return "", "", false
}

// trimAWS drops the amazonaws.com (or .com.cn) suffix.
func trimAWS(name string) (string, bool) {
	for _, suffix := range []string{".amazonaws.com", ".amazonaws.com.cn"} {
		if rest, ok := strings.CutSuffix(name, suffix); ok {
			return rest, true
		}
	}
	return "", false
}

// arnRegion is the region field of an ARN, "" when s is not one.
func arnRegion(s string) string {
	parts := strings.SplitN(s, ":", 6)
	if len(parts) < 6 || parts[0] != "arn" {
		return ""
	}
	return parts[3]
}
