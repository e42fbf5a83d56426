package zones

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// listed lists a stored zone as ListResourceRecordSets shows it.
func listed(t *testing.T, s *Store, origin string) []ResourceRecordSet {
	t.Helper()
	var out []ResourceRecordSet
	require.NoError(t, s.Read(func(tx *Txn) error {
		page, next, err := tx.ListRecordSets(origin, RecordSetKey{}, 0)
		require.Nil(t, next)
		for _, rs := range page {
			out = append(out, rs.ResourceRecordSet())
		}
		return err
	}))
	return out
}

// asListed is what a file's record set looks like in a listing: names
// printed, values as record data.
func asListed(rs ResourceRecordSet) ResourceRecordSet {
	rs = printedSet(cloneSet(rs))
	for i, v := range rs.ResourceRecords {
		rs.ResourceRecords[i].Value = ValueData(rs.Type, v.Value)
	}
	return rs
}

// TestListingShowsWhatTheFilesSay: every record set of the demo-like
// export lists as its file wrote it, routing fields and all, and the
// records of a master file as static sets; each listed set, echoed back
// in a DELETE as Terraform does, matches its file's set.
func TestListingShowsWhatTheFilesSay(t *testing.T) {
	fsys := exportDir(t)
	gen, diags := LoadDir(fsys, "")
	require.Empty(t, diags.Errors())
	s := newStore(t, gen.Zones...)

	for _, tc := range []struct {
		origin, file string
		master       []ResourceRecordSet // what the zone's master file adds
	}{
		{origin: "example.com.", file: "example.com.json"},
		{origin: "example.org.", file: "example.org.yaml", master: []ResourceRecordSet{
			simple("mail.example.org.", "A", 300, "192.0.2.25"),
			simple("example.org.", "MX", 300, "10 mail.example.org."),
		}},
	} {
		t.Run(tc.origin, func(t *testing.T) {
			_, sets, diags := ParseRecordSetsFile(tc.file, fsys[tc.file].Data)
			require.Empty(t, diags)
			var want []ResourceRecordSet
			for _, rs := range append(sets, tc.master...) {
				want = append(want, asListed(rs))
			}
			SortRecordSets(want)
			got := listed(t, s, tc.origin)
			assert.Equal(t, want, got)

			for _, rs := range got {
				if rs.Type == "SOA" || rs.Type == "NS" && rs.Name == tc.origin || rs.Type == "MX" || rs.Name == "mail.example.org." {
					continue // the apex's own sets, and the master file's
				}
				_, fault := ApplyChanges(tc.origin, sets, []RecordChange{change("DELETE", rs)})
				assert.Nil(t, fault, "DELETE of %s %s %s as listed", rs.Name, rs.Type, rs.SetIdentifier)
			}
		})
	}
}

// TestListedSetIsACopy: changing what a listing returned changes nothing
// stored.
func TestListedSetIsACopy(t *testing.T) {
	gen, diags := LoadDir(exportDir(t), "")
	require.Empty(t, diags.Errors())
	s := newStore(t, gen.Zones...)
	before := listed(t, s, "example.com.")
	for _, rs := range listed(t, s, "example.com.") {
		if rs.TTL != nil {
			*rs.TTL = 1
		}
		if rs.AliasTarget != nil {
			rs.AliasTarget.DNSName = "changed."
		}
		if rs.Weight != nil {
			*rs.Weight = 255
		}
		if len(rs.ResourceRecords) > 0 {
			rs.ResourceRecords[0].Value = "changed"
		}
	}
	assert.Equal(t, before, listed(t, s, "example.com."))
}
