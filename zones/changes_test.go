package zones

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func i64(v int64) *int64 { return &v }
func flag(v bool) *bool  { return &v }

func values(vs ...string) []ResourceRecord {
	out := make([]ResourceRecord, len(vs))
	for i, v := range vs {
		out[i] = ResourceRecord{Value: v}
	}
	return out
}

func simple(name, t string, ttl int64, vs ...string) ResourceRecordSet {
	return ResourceRecordSet{Name: name, Type: t, TTL: i64(ttl), ResourceRecords: values(vs...)}
}

func weighted(name, id string, w int64, hc string, vs ...string) ResourceRecordSet {
	rs := simple(name, "A", 60, vs...)
	rs.SetIdentifier, rs.Weight, rs.HealthCheckID = id, i64(w), hc
	return rs
}

// labSets is a zone as its record-set file holds it.
func labSets() []ResourceRecordSet {
	return []ResourceRecordSet{
		simple("lab.example.", "SOA", 900, "ns1.lab.example. hostmaster.lab.example. 1 7200 900 1209600 86400"),
		simple("lab.example.", "NS", 172800, "ns1.lab.example.", "ns2.lab.example."),
		simple("www.lab.example.", "A", 300, "192.0.2.1", "192.0.2.2"),
		weighted("api.lab.example.", "blue", 90, "hc-blue", "192.0.2.10"),
		weighted("api.lab.example.", "green", 10, "", "192.0.2.20"),
		simple(`\052.lab.example.`, "TXT", 300, `"v=1 a"`, "two"),
		simple("sub.lab.example.", "NS", 300, "ns.elsewhere.test."),
		{Name: "cdn.lab.example.", Type: "A", AliasTarget: &AliasTarget{HostedZoneID: "Z0LAB", DNSName: "www.lab.example.", EvaluateTargetHealth: flag(false)}},
	}
}

func change(action string, rs ResourceRecordSet) RecordChange {
	return RecordChange{Action: action, Set: rs}
}

func TestApplyChanges(t *testing.T) {
	www := labSets()[2]
	blue := labSets()[3]
	wild := labSets()[5]
	cdn := labSets()[7]
	with := func(rs ResourceRecordSet, edit func(*ResourceRecordSet)) ResourceRecordSet {
		rs.ResourceRecords = slices.Clone(rs.ResourceRecords)
		if rs.AliasTarget != nil {
			a := *rs.AliasTarget
			rs.AliasTarget = &a
		}
		edit(&rs)
		return rs
	}
	newSet := simple("new.lab.example.", "A", 60, "192.0.2.99")
	tests := []struct {
		name    string
		changes []RecordChange
		want    func([]ResourceRecordSet) []ResourceRecordSet // from labSets()
		msgs    []string                                      // InvalidChangeBatch messages
	}{
		{name: "create appends", changes: []RecordChange{change("CREATE", newSet)},
			want: func(s []ResourceRecordSet) []ResourceRecordSet { return append(s, newSet) }},
		{name: "create of an existing set", changes: []RecordChange{change("CREATE", simple("WWW.Lab.Example", "a", 60, "192.0.2.9"))},
			msgs: []string{"Tried to create resource record set [name='www.lab.example.', type='A'] but it already exists"}},
		{name: "create of an existing policy set", changes: []RecordChange{change("CREATE", weighted("api.lab.example.", "blue", 1, "", "192.0.2.3"))},
			msgs: []string{"Tried to create resource record set [name='api.lab.example.', type='A', set-identifier='blue'] but it already exists"}},
		{name: "create of another set identifier", changes: []RecordChange{change("CREATE", weighted("api.lab.example.", "red", 1, "", "192.0.2.3"))},
			want: func(s []ResourceRecordSet) []ResourceRecordSet {
				return append(s, weighted("api.lab.example.", "red", 1, "", "192.0.2.3"))
			}},
		{name: "delete of a missing set", changes: []RecordChange{change("DELETE", simple("nope.lab.example.", "A", 60, "192.0.2.1"))},
			msgs: []string{"Tried to delete resource record set [name='nope.lab.example.', type='A'] but it was not found"}},
		{name: "delete of a missing policy set", changes: []RecordChange{change("DELETE", weighted("api.lab.example.", "red", 90, "hc-blue", "192.0.2.10"))},
			msgs: []string{"Tried to delete resource record set [name='api.lab.example.', type='A', set-identifier='red'] but it was not found"}},
		{name: "delete matches values in any order", changes: []RecordChange{change("DELETE", simple("www.lab.example", "A", 300, "192.0.2.2", "192.0.2.1"))},
			want: func(s []ResourceRecordSet) []ResourceRecordSet { return slices.Delete(s, 2, 3) }},
		{name: "delete with another TTL", changes: []RecordChange{change("DELETE", with(www, func(r *ResourceRecordSet) { r.TTL = i64(60) }))},
			msgs: []string{"Tried to delete resource record set [name='www.lab.example.', type='A'] but the values provided do not match the current values"}},
		{name: "delete with fewer values", changes: []RecordChange{change("DELETE", with(www, func(r *ResourceRecordSet) { r.ResourceRecords = r.ResourceRecords[:1] }))},
			msgs: []string{"Tried to delete resource record set [name='www.lab.example.', type='A'] but the values provided do not match the current values"}},
		{name: "delete with another weight", changes: []RecordChange{change("DELETE", with(blue, func(r *ResourceRecordSet) { r.Weight = i64(89) }))},
			msgs: []string{"Tried to delete resource record set [name='api.lab.example.', type='A', set-identifier='blue'] but the values provided do not match the current values"}},
		{name: "delete without the health check", changes: []RecordChange{change("DELETE", with(blue, func(r *ResourceRecordSet) { r.HealthCheckID = "" }))},
			msgs: []string{"Tried to delete resource record set [name='api.lab.example.', type='A', set-identifier='blue'] but the values provided do not match the current values"}},
		{name: "delete with another alias target", changes: []RecordChange{change("DELETE", with(cdn, func(r *ResourceRecordSet) { r.AliasTarget.EvaluateTargetHealth = flag(true) }))},
			msgs: []string{"Tried to delete resource record set [name='cdn.lab.example.', type='A'] but the values provided do not match the current values"}},
		{name: "delete of an alias as listed", changes: []RecordChange{change("DELETE", with(cdn, func(r *ResourceRecordSet) { r.AliasTarget.DNSName = "WWW.lab.example" }))},
			want: func(s []ResourceRecordSet) []ResourceRecordSet { return s[:7] }},
		{name: "terraform deletes the wildcard as listed", changes: []RecordChange{change("DELETE", simple(`\052.lab.example.`, "TXT", 300, `"two"`, `"v=1 a"`))},
			want: func(s []ResourceRecordSet) []ResourceRecordSet { return slices.Delete(s, 5, 6) }},
		{name: "the wildcard by its plain name", changes: []RecordChange{change("DELETE", with(wild, func(r *ResourceRecordSet) { r.Name = "*.lab.example" }))},
			want: func(s []ResourceRecordSet) []ResourceRecordSet { return slices.Delete(s, 5, 6) }},
		{name: "upsert replaces in place", changes: []RecordChange{change("UPSERT", simple("www.lab.example.", "A", 60, "192.0.2.7"))},
			want: func(s []ResourceRecordSet) []ResourceRecordSet {
				s[2] = simple("www.lab.example.", "A", 60, "192.0.2.7")
				return s
			}},
		{name: "upsert creates", changes: []RecordChange{change("UPSERT", newSet)},
			want: func(s []ResourceRecordSet) []ResourceRecordSet { return append(s, newSet) }},
		{name: "name outside the zone", changes: []RecordChange{change("CREATE", simple("other.test", "A", 60, "192.0.2.1"))},
			msgs: []string{"RRSet with DNS name other.test. is not permitted in zone lab.example."}},
		{name: "a name that only ends like the zone", changes: []RecordChange{change("CREATE", simple("xlab.example.", "A", 60, "192.0.2.1"))},
			msgs: []string{"RRSet with DNS name xlab.example. is not permitted in zone lab.example."}},
		{name: "empty name", changes: []RecordChange{change("CREATE", simple("", "A", 60, "192.0.2.1"))},
			msgs: []string{"FATAL problem: DomainNameEmpty (Domain name is empty) encountered with ''"}},
		{name: "label too long", changes: []RecordChange{change("CREATE", simple(strings.Repeat("a", 64)+".lab.example.", "A", 60, "192.0.2.1"))},
			msgs: []string{"FATAL problem: DomainLabelTooLong (Domain label is too long) encountered with '" + strings.Repeat("a", 64) + ".lab.example.'"}},
		{name: "SOA cannot be created", changes: []RecordChange{change("CREATE", simple("x.lab.example.", "SOA", 900, "a. b. 1 2 3 4 5"))},
			msgs: []string{"A HostedZone must contain exactly one SOA record."}},
		{name: "SOA cannot be created twice", changes: []RecordChange{change("CREATE", simple("lab.example.", "SOA", 900, "a. b. 1 2 3 4 5"))},
			msgs: []string{"Tried to create resource record set [name='lab.example.', type='SOA'] but it already exists"}},
		{name: "SOA cannot be deleted", changes: []RecordChange{change("DELETE", labSets()[0])},
			msgs: []string{"A HostedZone must contain exactly one SOA record."}},
		{name: "SOA can be upserted", changes: []RecordChange{change("UPSERT", simple("lab.example.", "SOA", 60, "a. b. 2 2 3 4 5"))},
			want: func(s []ResourceRecordSet) []ResourceRecordSet {
				s[0] = simple("lab.example.", "SOA", 60, "a. b. 2 2 3 4 5")
				return s
			}},
		{name: "apex NS cannot be deleted", changes: []RecordChange{change("DELETE", labSets()[1])},
			msgs: []string{"A HostedZone must contain at least one NS record for the zone itself."}},
		{name: "a delegation can", changes: []RecordChange{change("DELETE", labSets()[6])},
			want: func(s []ResourceRecordSet) []ResourceRecordSet { return slices.Delete(s, 6, 7) }},
		{name: "delete then create of the same set", changes: []RecordChange{change("DELETE", www), change("CREATE", simple("www.lab.example.", "A", 60, "192.0.2.8"))},
			want: func(s []ResourceRecordSet) []ResourceRecordSet {
				return append(slices.Delete(s, 2, 3), simple("www.lab.example.", "A", 60, "192.0.2.8"))
			}},
		{name: "delete twice", changes: []RecordChange{change("DELETE", www), change("DELETE", www)},
			msgs: []string{"Tried to delete resource record set [name='www.lab.example.', type='A'] but it was not found"}},
		{name: "create twice", changes: []RecordChange{change("CREATE", newSet), change("CREATE", newSet)},
			msgs: []string{"Tried to create resource record set [name='new.lab.example.', type='A'] but it already exists"}},
		{name: "a late failure changes nothing, every failure reported", changes: []RecordChange{
			change("CREATE", newSet), change("UPSERT", simple("www.lab.example.", "A", 1, "192.0.2.3")),
			change("DELETE", simple("gone.lab.example.", "A", 60, "192.0.2.1")), change("CREATE", simple("other.test.", "A", 1, "192.0.2.1"))},
			msgs: []string{"Tried to delete resource record set [name='gone.lab.example.', type='A'] but it was not found",
				"RRSet with DNS name other.test. is not permitted in zone lab.example."}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := labSets()
			got, fault := ApplyChanges("lab.example.", in, tt.changes)
			assert.Equal(t, labSets(), in, "the input is not modified")
			if tt.msgs != nil {
				require.NotNil(t, fault)
				assert.Nil(t, got)
				assert.Equal(t, "InvalidChangeBatch", fault.Code)
				assert.Equal(t, tt.msgs, fault.Messages)
				assert.Equal(t, "["+strings.Join(tt.msgs, ", ")+"]", fault.Message)
				return
			}
			require.Nil(t, fault)
			assert.Equal(t, tt.want(labSets()), got)
		})
	}
}

func TestApplyChangesInvalidInput(t *testing.T) {
	ttl := simple("x.example.com.", "A", 60)
	both := simple("x.example.com.", "A", 60, "192.0.2.1")
	both.AliasTarget = &AliasTarget{HostedZoneID: "Z1", DNSName: "y.example.com.", EvaluateTargetHealth: flag(false)}
	tests := []struct {
		name    string
		changes []RecordChange
		msg     string
	}{
		{"no change", nil, "Invalid request: the ChangeBatch has no Change; it needs at least one"},
		{"neither", []RecordChange{change("DELETE", ResourceRecordSet{Name: "x.example.com.", Type: "A"})},
			"Invalid request: Expected exactly one of [AliasTarget, all of [TTL, and ResourceRecords], or TrafficPolicyInstanceId], but found none in Change with [Action=DELETE, Name=x.example.com., Type=A, SetIdentifier=null]"},
		{"TTL without values", []RecordChange{change("CREATE", ttl)},
			"Invalid request: Expected exactly one of [AliasTarget, all of [TTL, and ResourceRecords], or TrafficPolicyInstanceId], but found none in Change with [Action=CREATE, Name=x.example.com., Type=A, SetIdentifier=null]"},
		{"both", []RecordChange{change("UPSERT", both)},
			"Invalid request: Expected exactly one of [AliasTarget, all of [TTL, and ResourceRecords], or TrafficPolicyInstanceId], but found more than one in Change with [Action=UPSERT, Name=x.example.com., Type=A, SetIdentifier=null]"},
		{"unknown action", []RecordChange{change("create", weighted("x.example.com.", "s1", 1, "", "192.0.2.1"))},
			`Invalid request: Action "create" is not one of [CREATE, DELETE, UPSERT] in Change with [Action=create, Name=x.example.com., Type=A, SetIdentifier=s1]`},
		{"unknown type", []RecordChange{change("CREATE", simple("x.example.com.", "WKS", 60, "x"))},
			"Invalid XML ; cvc-enumeration-valid: Value 'WKS' is not facet-valid with respect to enumeration '[SOA, A, TXT, NS, CNAME, MX, NAPTR, PTR, SRV, SPF, AAAA, CAA, DS, TLSA, SSHFP, SVCB, HTTPS]'. It must be a value from the enumeration."},
		{"traffic policy", []RecordChange{change("CREATE", ResourceRecordSet{Name: "x.example.com.", Type: "A", TrafficPolicyInstanceID: "t"})},
			"Invalid request: r53d makes and removes policy records (TrafficPolicyInstanceId) through CreateTrafficPolicyInstance and DeleteTrafficPolicyInstance only, in Change with [Action=CREATE, Name=x.example.com., Type=A, SetIdentifier=null]"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			// A valid change before the malformed one does not apply either.
			changes := append([]RecordChange{change("CREATE", simple("ok.lab.example.", "A", 60, "192.0.2.1"))}, tt.changes...)
			if tt.changes == nil {
				changes = nil
			}
			got, fault := ApplyChanges("lab.example.", labSets(), changes)
			assert.Nil(t, got)
			require.NotNil(t, fault)
			assert.Equal(t, "InvalidInput", fault.Code)
			assert.Equal(t, tt.msg, fault.Message)
		})
	}
}

func TestApplyChangesLimits(t *testing.T) {
	many := func(action string, n int, value string) []RecordChange {
		vs := make([]string, n)
		for i := range vs {
			vs[i] = value
		}
		return []RecordChange{change(action, simple("big.lab.example.", "TXT", 60, vs...))}
	}
	_, fault := ApplyChanges("lab.example.", labSets(), many("CREATE", 1000, `"x"`))
	assert.Nil(t, fault, "1000 records is the limit, not over it")
	_, fault = ApplyChanges("lab.example.", labSets(), many("CREATE", 1001, `"x"`))
	require.NotNil(t, fault)
	assert.Equal(t, []string{"Number of records limit of 1000 exceeded."}, fault.Messages)
	_, fault = ApplyChanges("lab.example.", labSets(), many("UPSERT", 500, `"x"`))
	assert.Nil(t, fault)
	_, fault = ApplyChanges("lab.example.", labSets(), many("UPSERT", 501, `"x"`))
	require.NotNil(t, fault, "an UPSERT counts its records twice")
	assert.Equal(t, []string{"Number of records limit of 1000 exceeded."}, fault.Messages)

	long := `"` + strings.Repeat("a", 98) + `"` // 100 characters
	_, fault = ApplyChanges("lab.example.", labSets(), many("CREATE", 320, long))
	assert.Nil(t, fault)
	_, fault = ApplyChanges("lab.example.", labSets(), many("CREATE", 321, long))
	require.NotNil(t, fault)
	assert.Equal(t, []string{"RDATA character limit of 32000 exceeded."}, fault.Messages)
	_, fault = ApplyChanges("lab.example.", labSets(), many("UPSERT", 161, long))
	require.NotNil(t, fault, "an UPSERT counts its characters twice")
	assert.Equal(t, "InvalidChangeBatch", fault.Code)
	assert.Equal(t, []string{"RDATA character limit of 32000 exceeded."}, fault.Messages)
}

// BenchmarkApplyChanges: a 1,000-change batch (exact deletes and
// creates, 1,000 records: the limit) on a zone of 10,000 record sets,
// then the file written.
func BenchmarkApplyChanges(b *testing.B) {
	sets := labSets()
	for i := range 10000 {
		sets = append(sets, simple(fmt.Sprintf("h%d.lab.example.", i), "A", 60, "192.0.2.1"))
	}
	var changes []RecordChange
	for i := range 500 {
		changes = append(changes, change("DELETE", sets[len(labSets())+i]), change("CREATE", simple(fmt.Sprintf("n%d.lab.example.", i), "TXT", 60, `"x"`)))
	}
	b.ReportAllocs()
	for b.Loop() {
		out, fault := ApplyChanges("lab.example.", sets, changes)
		if fault != nil {
			b.Fatal(fault)
		}
		if _, err := MarshalRecordSetsFile("lab.example.", ZoneMeta{ID: "Z1"}, out); err != nil {
			b.Fatal(err)
		}
	}
}

// TestRoute53TypesAreTheLoaders: the types a change may name are the
// ones the loader accepts.
func TestRoute53TypesAreTheLoaders(t *testing.T) {
	assert.Len(t, route53Types, len(routedTypes))
	for _, name := range route53Types {
		assert.Contains(t, routedTypes, name)
	}
}
