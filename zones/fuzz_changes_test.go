package zones

import (
	"encoding/json"
	"slices"
	"testing"

	"github.com/stretchr/testify/require"
)

// changeDoc is a change as a ChangeBatch's JSON spells it.
type changeDoc struct {
	Action            string
	ResourceRecordSet ResourceRecordSet
}

// FuzzApplyChanges applies a batch (JSON, as --change-batch takes its
// Changes) to a small zone. Whatever the batch, ApplyChanges must not
// panic, must not touch its input, must return nothing on a fault (the
// batch is atomic) and a fault with Route 53's code and message
// otherwise; what it returns holds each identity once and writes and
// reads back as a record-set file.
func FuzzApplyChanges(f *testing.F) {
	f.Add(`[{"Action": "CREATE", "ResourceRecordSet": {"Name": "new.lab.example.", "Type": "A", "TTL": 60, "ResourceRecords": [{"Value": "192.0.2.1"}]}}]`)
	f.Add(`[{"Action": "DELETE", "ResourceRecordSet": {"Name": "\\052.lab.example.", "Type": "TXT", "TTL": 300, "ResourceRecords": [{"Value": "\"two\""}, {"Value": "\"v=1 a\""}]}},
	        {"Action": "CREATE", "ResourceRecordSet": {"Name": "*.lab.example", "Type": "txt", "TTL": 1, "ResourceRecords": [{"Value": "x"}]}}]`)
	f.Add(`[{"Action": "UPSERT", "ResourceRecordSet": {"Name": "api.lab.example.", "Type": "A", "SetIdentifier": "blue", "Weight": 1, "TTL": 60, "ResourceRecords": [{"Value": "192.0.2.1"}]}},
	        {"Action": "DELETE", "ResourceRecordSet": {"Name": "lab.example.", "Type": "NS", "TTL": 172800, "ResourceRecords": [{"Value": "ns1.lab.example."}, {"Value": "ns2.lab.example."}]}}]`)
	f.Add(`[{"Action": "DELETE", "ResourceRecordSet": {"Name": "cdn.lab.example.", "Type": "A", "AliasTarget": {"HostedZoneId": "Z0LAB", "DNSName": "www.lab.example", "EvaluateTargetHealth": false}}}]`)
	f.Add(`[{"Action": "CREATE", "ResourceRecordSet": {"Name": "a\\377\\.b.lab.example.", "Type": "A", "TTL": 60, "ResourceRecords": [{"Value": "1"}]}}, {"Action": "X"}]`)
	f.Fuzz(func(t *testing.T, batch string) {
		var docs []changeDoc
		if json.Unmarshal([]byte(batch), &docs) != nil {
			return
		}
		changes := make([]RecordChange, len(docs))
		for i, d := range docs {
			changes[i] = RecordChange{Action: d.Action, Set: d.ResourceRecordSet}
		}
		in := labSets()
		out, fault := ApplyChanges("lab.example.", in, changes)
		require.Equal(t, labSets(), in, "the input is modified")
		if fault != nil {
			require.Nil(t, out, "a batch that failed returned sets")
			require.Contains(t, []string{CodeInvalidChangeBatch, CodeInvalidInput}, fault.Code)
			require.NotEmpty(t, fault.Message)
			return
		}
		seen := map[setKey]bool{}
		for _, rs := range out {
			k := keyOf(rs)
			require.False(t, seen[k], "%v twice", k)
			seen[k] = true
		}
		again, _ := ApplyChanges("lab.example.", labSets(), changes)
		require.Equal(t, out, again, "not deterministic")
		data, err := MarshalRecordSetsFile("lab.example.", ZoneMeta{ID: "Z0LAB"}, out)
		require.NoError(t, err)
		_, read, _ := ParseRecordSetsFile("lab.example.json", data)
		want := make([]ResourceRecordSet, len(out))
		for i, rs := range out {
			want[i] = printedSet(rs)
		}
		SortRecordSets(want)
		if !slices.EqualFunc(want, read, func(a, b ResourceRecordSet) bool { return keyOf(a) == keyOf(b) }) {
			t.Fatalf("the file reads back other sets:\n%v\n%v", want, read)
		}
	})
}
