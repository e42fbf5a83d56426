package trafficflow

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/r53d/r53d/policy"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func readDoc(t testing.TB, name string) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", name))
	require.NoError(t, err)
	return data
}

func TestDocumentsOfBothVersionsLoad(t *testing.T) {
	for _, tc := range []struct {
		file  string
		kind  policy.Kind
		rules int // rules besides the start rule
	}{
		{"nested.json", policy.Geolocation, 3},
		{"proximity-2023.json", policy.Geoproximity, 0},
		{"multivalue-2015.json", policy.Geoproximity, 1},
	} {
		t.Run(tc.file, func(t *testing.T) {
			d, err := Parse(readDoc(t, tc.file))
			require.NoError(t, err)
			require.NoError(t, Check(d, tc.file, Known{}))
			root, err := Compile(d, Record{Name: "www.example.com.", TTL: 60, InstanceID: "i-1"})
			require.NoError(t, err)
			assert.Equal(t, tc.kind, root.Kind)
			assert.Equal(t, "www.example.com.", root.Name)
			require.NotNil(t, root.Flow)
			assert.Equal(t, tc.rules, root.Flow.Rules())
		})
	}
}

func TestDocumentFieldsCompile(t *testing.T) {
	d, err := Parse(readDoc(t, "proximity-2023.json"))
	require.NoError(t, err)
	root, err := Compile(d, Record{Name: "www.example.com.", TTL: 30})
	require.NoError(t, err)
	require.Len(t, root.Records, 4)
	assert.Equal(t, 40, root.Records[0].Proximity.Bias)
	assert.Equal(t, -20, root.Records[2].Proximity.Bias)
	assert.Equal(t, "us-west-2-lax-1", root.Records[2].Proximity.Source)
	assert.InDelta(t, 48.86, root.Records[3].Proximity.Latitude, 1e-9)
	assert.Equal(t, "www.example.com.\t30\tIN\tAAAA\t2001:db8::4", root.Records[3].RRs[0].String())

	d, err = Parse(readDoc(t, "nested.json"))
	require.NoError(t, err)
	root, err = Compile(d, Record{Name: "www.example.com.", TTL: 30})
	require.NoError(t, err)
	assert.Equal(t, "*", root.Records[1].Geo.Country, "IsDefault is the default location")
	assert.Equal(t, &policy.Alias{Target: "rule by-latency", EvaluateTargetHealth: true}, root.Records[0].Alias)
	fo, ok := root.Flow.Lookup("rule euw1-fo", 1)
	require.True(t, ok)
	assert.Equal(t, policy.Primary, fo.Records[0].Failover)
	assert.Equal(t, policy.Secondary, fo.Records[1].Failover)
	w, _ := root.Flow.Lookup("rule use1-canary", 1)
	assert.Equal(t, []int{95, 5}, []int{w.Records[0].Weight, w.Records[1].Weight})
}

// edit applies a change to the nested document's text.
func edit(t *testing.T, file, old, new string) []byte {
	t.Helper()
	s := string(readDoc(t, file))
	require.Contains(t, s, old)
	return []byte(strings.Replace(s, old, new, 1))
}

func TestCheckNamesDocumentRuleAndField(t *testing.T) {
	for _, tc := range []struct {
		name, file, old, new string
		rule, field, message string
	}{
		{"unknown version", "nested.json", `"2015-10-01"`, `"2016-01-01"`, "", "AWSPolicyFormatVersion", "not a policy format version"},
		{"record type mismatch", "nested.json", `"192.0.2.11"`, `"2001:db8::1"`, "", "Endpoints.use1-a.Value", "not a value of RecordType A"},
		{"start rule and endpoint", "nested.json", `"StartRule": "by-geo",`, `"StartRule": "by-geo", "StartEndpoint": "sorry",`, "", "StartRule", "not both"},
		{"unknown start rule", "nested.json", `"StartRule": "by-geo"`, `"StartRule": "nope"`, "", "StartRule", `rule "nope" is not defined`},
		{"unknown endpoint", "nested.json", `"EndpointReference": "sorry"`, `"EndpointReference": "gone"`, "euw1-fo", "Secondary.EndpointReference", `endpoint "gone" is not defined`},
		{"multivalue references a rule", "multivalue-2015.json", `{"EndpointReference": "b"}`, `{"RuleReference": "near"}`, "many", "Items[1].RuleReference", "a multivalue rule can reference only endpoints"},
		{"second default", "nested.json", `{"Continent": "EU",`, `{"Country": "*",`, "by-geo", "Locations[1]", "second"},
		{"cycle", "nested.json", `"Secondary": {"EndpointReference": "sorry"}`, `"Secondary": {"RuleReference": "by-latency"}`, "euw1-fo", "Secondary.RuleReference", "leads back to itself"},
		{"unreachable rule", "nested.json", `"RuleReference": "euw1-fo"`, `"EndpointReference": "euw1-a"`, "euw1-fo", "", "not reachable"},
		{"weight out of range", "nested.json", `"Weight": "95"`, `"Weight": "256"`, "use1-canary", "Items[0].Weight", "0 to 255"},
		{"bias out of range", "proximity-2023.json", `"Bias": "40"`, `"Bias": "100"`, "near", "GeoproximityLocations[0]", "-99 to 99"},
		{"three decimals", "proximity-2023.json", `"48.86"`, `"48.861"`, "near", "GeoproximityLocations[3]", "at most two decimals"},
		{"local zone in 2015", "multivalue-2015.json", `"Region": "aws:route53:us-east-1"`, `"Location": {"Type": "LocalZone", "LocationName": "us-west-2-lax-1"}`, "near", "GeoproximityLocations[0]", "needs format version 2023-05-09"},
		{"unknown region", "nested.json", `"Region": "eu-west-1"`, `"Region": "eu-west-9"`, "by-latency", "Regions[1].Region", "not an AWS Region"},
		{"field of another rule type", "nested.json", `{"Region": "us-east-1",`, `{"Region": "us-east-1", "Weight": "3",`, "by-latency", "Regions[0].Weight", "not a field of a latency rule"},
		{"failover without secondary", "nested.json", `"Secondary": {"EndpointReference": "sorry"}`, `"Tertiary": {}`, "", "", "unknown field"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d, err := Parse(edit(t, tc.file, tc.old, tc.new))
			if tc.field == "" && tc.rule == "" {
				require.Error(t, err)
				assert.Contains(t, err.Error(), tc.message)
				return
			}
			require.NoError(t, err)
			err = Check(d, `traffic policy "web" version 1`, Known{})
			require.Error(t, err)
			var found bool
			for _, e := range AsErrors(err) {
				assert.Equal(t, `traffic policy "web" version 1`, e.Doc)
				if e.Rule == tc.rule && e.Field == tc.field && strings.Contains(e.Message, tc.message) {
					found = true
				}
			}
			assert.True(t, found, "want rule %q field %q %q in %v", tc.rule, tc.field, tc.message, err)
		})
	}
}

func TestCheckUnknownHealthCheck(t *testing.T) {
	d, err := Parse(readDoc(t, "nested.json"))
	require.NoError(t, err)
	err = Check(d, "doc", Known{HealthChecks: map[string]bool{"hc-use1-a": true, "hc-use1-b": true}})
	require.Error(t, err)
	assert.Contains(t, err.Error(), `rule "euw1-fo": Primary.HealthCheck: health check "hc-euw1-a" is not defined`)
}

func TestCheckDepth(t *testing.T) {
	var b strings.Builder
	b.WriteString(`{"AWSPolicyFormatVersion":"2015-10-01","RecordType":"A","StartRule":"r0","Endpoints":{"e":{"Type":"value","Value":"192.0.2.1"}},"Rules":{`)
	for i := 0; i <= MaxDepth; i++ {
		ref := `"RuleReference":"r` + string(rune('0'+i+1)) + `"`
		if i == MaxDepth {
			ref = `"EndpointReference":"e"`
		}
		if i > 0 {
			b.WriteString(",")
		}
		b.WriteString(`"r` + string(rune('0'+i)) + `":{"RuleType":"weighted","Items":[{` + ref + `,"Weight":"1"}]}`)
	}
	b.WriteString("}}")
	d, err := Parse([]byte(b.String()))
	require.NoError(t, err)
	err = Check(d, "doc", Known{})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "passes through 9 rules; r53d follows at most 8")
}

func TestPolicyAndInstanceFiles(t *testing.T) {
	doc := string(readDoc(t, "nested.json"))
	quoted := strings.ReplaceAll(strings.ReplaceAll(doc, `"`, `\"`), "\n", `\n`)
	for _, form := range []string{quoted, ""} {
		var file string
		if form != "" {
			file = `{"TrafficPolicy": {"Id": "web", "Version": 2, "Name": "web", "Type": "A", "Document": "` + form + `", "Comment": "c"}}`
		} else {
			file = `{"TrafficPolicy": {"Id": "web", "Version": 2, "Name": "web", "Type": "A", "Document": ` + doc + `}}`
		}
		p, err := ParsePolicyFile([]byte(file), Known{})
		require.NoError(t, err)
		assert.Equal(t, "A", p.Type)
		assert.Equal(t, "by-geo", p.Doc.StartRule)
	}
	_, err := ParsePolicyFile([]byte(`{"TrafficPolicy": {"Id": "web", "Version": 1, "Name": "web", "Type": "AAAA", "Document": `+doc+`}}`), Known{})
	assert.ErrorContains(t, err, "traffic policy web version 1: Type: AAAA differs from the document's RecordType A")

	ins, err := ParseInstances([]byte(`{"TrafficPolicyInstances": [{"Id": "i1", "HostedZoneId": "Z1", "Name": "WWW.example.com.", "TTL": 60, "State": "Applied", "Message": "", "TrafficPolicyId": "web", "TrafficPolicyVersion": 2, "TrafficPolicyType": "A"}]}`))
	require.NoError(t, err)
	assert.Equal(t, "www.example.com.", ins[0].Name)
	_, err = ParseInstances([]byte(`{"TrafficPolicyInstances": [{"Id": "i1", "Name": "a.", "TTL": 60, "TrafficPolicyId": "web"}]}`))
	assert.ErrorContains(t, err, "TrafficPolicyVersion are required")
}

// FuzzTrafficPolicyDocument: whatever the text, Parse and Check return
// errors rather than panic, and a document they accept compiles.
func FuzzTrafficPolicyDocument(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join("testdata", "*.json"))
	for _, name := range files {
		data, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Add([]byte(`{"AWSPolicyFormatVersion":"2015-10-01","RecordType":"A","StartEndpoint":"e","Endpoints":{"e":{"Type":"value","Value":"192.0.2.1"}}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		d, err := Parse(data)
		if err != nil {
			return
		}
		if Check(d, "fuzz", Known{}) != nil {
			return
		}
		if _, err := Compile(d, Record{Name: "www.example.com.", TTL: 60}); err != nil {
			t.Fatalf("a checked document does not compile: %v", err)
		}
	})
}
