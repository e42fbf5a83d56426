package iam

import (
	"testing"
	"time"
)

// conditionCase evaluates one Allow statement on ListHostedZones whose only
// condition block is cond, against a request context.
type conditionCase struct {
	name string
	cond string
	ctx  map[string][]string
	want verdict
}

func runConditionCases(t *testing.T, cases []conditionCase) {
	t.Helper()
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			u := userWith(t, `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"route53:*","Resource":"*","Condition":`+c.cond+`}}`)
			requireVerdict(t, c.want, u.Evaluate(Request{Action: "route53:ListHostedZones", Resource: "*", Context: c.ctx}))
		})
	}
}

func ctx(kv ...string) map[string][]string {
	m := map[string][]string{}
	for i := 0; i+1 < len(kv); i += 2 {
		m[kv[i]] = append(m[kv[i]], kv[i+1])
	}
	return m
}

func TestStringConditions(t *testing.T) {
	runConditionCases(t, []conditionCase{
		{"equals", `{"StringEquals":{"r53d:env":"lab"}}`, ctx("r53d:env", "lab"), allow},
		{"equals is case-sensitive", `{"StringEquals":{"r53d:env":"lab"}}`, ctx("r53d:env", "LAB"), implicitDeny},
		{"equals any of the values", `{"StringEquals":{"r53d:env":["prod","lab"]}}`, ctx("r53d:env", "lab"), allow},
		{"equals missing key", `{"StringEquals":{"r53d:env":"lab"}}`, nil, implicitDeny},
		{"key names are case-insensitive", `{"StringEquals":{"R53D:Env":"lab"}}`, ctx("r53d:ENV", "lab"), allow},
		{"not equals", `{"StringNotEquals":{"r53d:env":"prod"}}`, ctx("r53d:env", "lab"), allow},
		{"not equals match", `{"StringNotEquals":{"r53d:env":["prod","lab"]}}`, ctx("r53d:env", "lab"), implicitDeny},
		{"not equals missing key", `{"StringNotEquals":{"r53d:env":"prod"}}`, nil, allow},
		{"equals ignore case", `{"StringEqualsIgnoreCase":{"r53d:env":"LAB"}}`, ctx("r53d:env", "lab"), allow},
		{"not equals ignore case", `{"StringNotEqualsIgnoreCase":{"r53d:env":"LAB"}}`, ctx("r53d:env", "lab"), implicitDeny},
		{"like", `{"StringLike":{"r53d:name":"*.dev.example.com"}}`, ctx("r53d:name", "a.b.dev.example.com"), allow},
		{"like question mark", `{"StringLike":{"r53d:name":"web?"}}`, ctx("r53d:name", "web10"), implicitDeny},
		{"not like", `{"StringNotLike":{"r53d:name":"*.prod.*"}}`, ctx("r53d:name", "a.prod.example"), implicitDeny},
		{"not like missing key", `{"StringNotLike":{"r53d:name":"*.prod.*"}}`, nil, allow},
		{"arn like", `{"ArnLike":{"aws:PrincipalArn":"arn:aws:iam::*:user/ali*"}}`, nil, allow},
		{"arn not equals", `{"ArnNotEquals":{"aws:PrincipalArn":"arn:aws:iam::000000000000:user/alice"}}`, nil, implicitDeny},
		{"operators AND", `{"StringEquals":{"r53d:env":"lab"},"StringLike":{"r53d:name":"*.lab"}}`,
			ctx("r53d:env", "lab", "r53d:name", "x.prod"), implicitDeny},
		{"keys AND", `{"StringEquals":{"r53d:env":"lab","r53d:team":"dns"}}`, ctx("r53d:env", "lab"), implicitDeny},
		{"number as value", `{"StringEquals":{"r53d:port":8053}}`, ctx("r53d:port", "8053"), allow},
	})
}

func TestIfExistsAndNull(t *testing.T) {
	runConditionCases(t, []conditionCase{
		{"IfExists missing", `{"StringEqualsIfExists":{"r53d:env":"lab"}}`, nil, allow},
		{"IfExists present match", `{"StringEqualsIfExists":{"r53d:env":"lab"}}`, ctx("r53d:env", "lab"), allow},
		{"IfExists present mismatch", `{"StringEqualsIfExists":{"r53d:env":"lab"}}`, ctx("r53d:env", "prod"), implicitDeny},
		{"IpAddressIfExists missing", `{"IpAddressIfExists":{"aws:SourceIp":"10.0.0.0/8"}}`, nil, allow},
		{"Null true when absent", `{"Null":{"aws:SourceIp":"true"}}`, nil, allow},
		{"Null true when present", `{"Null":{"aws:SourceIp":"true"}}`, ctx("aws:SourceIp", "127.0.0.1"), implicitDeny},
		{"Null false when present", `{"Null":{"aws:SourceIp":"false"}}`, ctx("aws:SourceIp", "127.0.0.1"), allow},
		{"Null false when absent", `{"Null":{"aws:SourceIp":false}}`, nil, implicitDeny},
		{"Null of a key IAM fills in", `{"Null":{"aws:username":"false"}}`, nil, allow},
		{"Null empty list is absent", `{"Null":{"r53d:tags":"true"}}`, map[string][]string{"r53d:tags": {}}, allow},
	})
}

func TestIPConditions(t *testing.T) {
	runConditionCases(t, []conditionCase{
		{"v4 in", `{"IpAddress":{"aws:SourceIp":"127.0.0.0/8"}}`, ctx("aws:SourceIp", "127.0.0.1"), allow},
		{"v4 out", `{"IpAddress":{"aws:SourceIp":"192.0.2.0/24"}}`, ctx("aws:SourceIp", "198.51.100.7"), implicitDeny},
		{"v4 single address", `{"IpAddress":{"aws:SourceIp":"192.0.2.7"}}`, ctx("aws:SourceIp", "192.0.2.7"), allow},
		{"v4-mapped v6 request", `{"IpAddress":{"aws:SourceIp":"192.0.2.0/24"}}`, ctx("aws:SourceIp", "::ffff:192.0.2.9"), allow},
		{"v6 in", `{"IpAddress":{"aws:SourceIp":["192.0.2.0/24","2001:db8::/32"]}}`, ctx("aws:SourceIp", "2001:db8:1::53"), allow},
		{"v6 out", `{"IpAddress":{"aws:SourceIp":"2001:db8::/32"}}`, ctx("aws:SourceIp", "2001:db9::1"), implicitDeny},
		{"v6 loopback", `{"IpAddress":{"aws:SourceIp":"::1/128"}}`, ctx("aws:SourceIp", "::1"), allow},
		{"v4 never matches v6", `{"IpAddress":{"aws:SourceIp":"0.0.0.0/0"}}`, ctx("aws:SourceIp", "::1"), implicitDeny},
		{"not ip", `{"NotIpAddress":{"aws:SourceIp":"10.0.0.0/8"}}`, ctx("aws:SourceIp", "127.0.0.1"), allow},
		{"not ip inside", `{"NotIpAddress":{"aws:SourceIp":"127.0.0.0/8"}}`, ctx("aws:SourceIp", "127.0.0.1"), implicitDeny},
		{"garbage request address", `{"IpAddress":{"aws:SourceIp":"0.0.0.0/0"}}`, ctx("aws:SourceIp", "localhost"), implicitDeny},
	})
}

func TestBoolNumericDateConditions(t *testing.T) {
	now := time.Date(2026, 11, 27, 6, 0, 0, 0, time.UTC)
	global := GlobalContext(now, "127.0.0.1", false)
	runConditionCases(t, []conditionCase{
		{"bool", `{"Bool":{"aws:SecureTransport":"false"}}`, global, allow},
		{"bool JSON literal", `{"Bool":{"aws:SecureTransport":true}}`, global, implicitDeny},
		{"bool missing", `{"Bool":{"aws:SecureTransport":"false"}}`, nil, implicitDeny},
		{"numeric less than", `{"NumericLessThan":{"r53d:ttl":"300"}}`, ctx("r53d:ttl", "60"), allow},
		{"numeric less than equal", `{"NumericLessThanEquals":{"r53d:ttl":"60"}}`, ctx("r53d:ttl", "60"), allow},
		{"numeric greater than", `{"NumericGreaterThan":{"r53d:ttl":60}}`, ctx("r53d:ttl", "60"), implicitDeny},
		{"numeric greater than equals", `{"NumericGreaterThanEquals":{"r53d:ttl":60}}`, ctx("r53d:ttl", "60.0"), allow},
		{"numeric equals", `{"NumericEquals":{"r53d:ttl":["30","60"]}}`, ctx("r53d:ttl", "60"), allow},
		{"numeric not equals", `{"NumericNotEquals":{"r53d:ttl":"60"}}`, ctx("r53d:ttl", "60"), implicitDeny},
		{"numeric not a number", `{"NumericEquals":{"r53d:ttl":"60"}}`, ctx("r53d:ttl", "sixty"), implicitDeny},
		{"date before ISO", `{"DateLessThan":{"aws:CurrentTime":"2026-12-01T00:00:00Z"}}`, global, allow},
		{"date after ISO", `{"DateGreaterThan":{"aws:CurrentTime":"2026-12-01"}}`, global, implicitDeny},
		{"date epoch policy value", `{"DateGreaterThanEquals":{"aws:CurrentTime":"1795759200"}}`, global, allow},
		{"date epoch request key", `{"DateLessThanEquals":{"aws:EpochTime":"2026-11-27T06:00:00Z"}}`, global, allow},
		{"date equals with offset", `{"DateEquals":{"aws:CurrentTime":"2026-11-27T07:00:00+01:00"}}`, global, allow},
		{"date not equals", `{"DateNotEquals":{"aws:CurrentTime":"2026-11-27T06:00:00Z"}}`, global, implicitDeny},
		{"date IfExists", `{"DateLessThanIfExists":{"aws:CurrentTime":"2020-01-01T00:00:00Z"}}`, nil, allow},
	})
}

// TestSetQualifiers covers ForAllValues/ForAnyValue on multivalued keys,
// including the missing-key rules.
func TestSetQualifiers(t *testing.T) {
	types := func(v ...string) map[string][]string { return map[string][]string{KeyRecordTypes: v} }
	runConditionCases(t, []conditionCase{
		{"all values in", `{"ForAllValues:StringEquals":{"` + KeyRecordTypes + `":["A","AAAA"]}}`, types("A", "AAAA", "A"), allow},
		{"all values one out", `{"ForAllValues:StringEquals":{"` + KeyRecordTypes + `":["A","AAAA"]}}`, types("A", "TXT"), implicitDeny},
		{"all values missing key is true", `{"ForAllValues:StringEquals":{"` + KeyRecordTypes + `":["A"]}}`, nil, allow},
		{"all values empty is true", `{"ForAllValues:StringEquals":{"` + KeyRecordTypes + `":["A"]}}`, types(), allow},
		{"any value one in", `{"ForAnyValue:StringEquals":{"` + KeyRecordTypes + `":["NS","SOA"]}}`, types("A", "NS"), allow},
		{"any value none in", `{"ForAnyValue:StringEquals":{"` + KeyRecordTypes + `":["NS","SOA"]}}`, types("A", "TXT"), implicitDeny},
		{"any value missing key is false", `{"ForAnyValue:StringEquals":{"` + KeyRecordTypes + `":["NS"]}}`, nil, implicitDeny},
		{"any value IfExists missing", `{"ForAnyValue:StringEqualsIfExists":{"` + KeyRecordTypes + `":["NS"]}}`, nil, allow},
		{"all values not like: none matches", `{"ForAllValues:StringNotLike":{"` + KeyRecordTypes + `":["N*","SOA"]}}`, types("A", "TXT"), allow},
		{"all values not like: one matches", `{"ForAllValues:StringNotLike":{"` + KeyRecordTypes + `":["N*","SOA"]}}`, types("A", "NS"), implicitDeny},
		{"any value not equals: one differs", `{"ForAnyValue:StringNotEquals":{"` + KeyRecordTypes + `":["A"]}}`, types("A", "TXT"), allow},
		{"any value not equals: none differs", `{"ForAnyValue:StringNotEquals":{"` + KeyRecordTypes + `":["A"]}}`, types("A", "A"), implicitDeny},
		{"plain operator on multivalued key", `{"StringEquals":{"` + KeyRecordTypes + `":"TXT"}}`, types("A", "TXT"), allow},
		{"all values ip", `{"ForAllValues:IpAddress":{"r53d:resolvers":["192.0.2.0/24"]}}`, ctx("r53d:resolvers", "192.0.2.1", "r53d:resolvers", "192.0.2.2"), allow},
	})
}

// TestForAllValuesPitfall: an Allow that guards route53:* with
// ForAllValues on ChangeResourceRecordSets' keys grants every other action,
// whose requests carry none of those keys.
func TestForAllValuesPitfall(t *testing.T) {
	u := userWith(t, `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"route53:*","Resource":"*",
	  "Condition":{"ForAllValues:StringEquals":{"`+KeyRecordTypes+`":["A"]}}}}`)
	requireVerdict(t, allow, u.Evaluate(crrs(testZone, change{"UPSERT", "a.example", "A"})))
	requireVerdict(t, implicitDeny, u.Evaluate(crrs(testZone, change{"UPSERT", "a.example", "TXT"})))
	requireVerdict(t, allow, u.Evaluate(Request{Action: "route53:DeleteHostedZone", Resource: HostedZoneARN(testZone)}))

	// ForAnyValue (or an Action limited to ChangeResourceRecordSets) closes it.
	u = userWith(t, `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"route53:*","Resource":"*",
	  "Condition":{"ForAnyValue:StringEquals":{"`+KeyRecordTypes+`":["A"]}}}}`)
	requireVerdict(t, implicitDeny, u.Evaluate(Request{Action: "route53:DeleteHostedZone", Resource: HostedZoneARN(testZone)}))
}
