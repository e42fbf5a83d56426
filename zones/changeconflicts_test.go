package zones

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A batch that clashes with the sets at a name fails with Route 53's own
// words, naming the change that clashes, not the sets already there.
func TestApplyChangesConflictsSayWhatRoute53Says(t *testing.T) {
	cname := simple("alias.lab.example.", "CNAME", 60, "www.lab.example.")
	tests := []struct {
		name    string
		changes []RecordChange
		msg     string
	}{
		{"CNAME beside an A", []RecordChange{change("CREATE", simple("www.lab.example.", "CNAME", 60, "x.lab.example."))},
			"RRSet of type CNAME with DNS name www.lab.example. is not permitted as it conflicts with other records with the same DNS name in zone lab.example."},
		{"UPSERT of a CNAME beside an A", []RecordChange{change("UPSERT", simple("www.lab.example.", "CNAME", 60, "x.lab.example."))},
			"RRSet of type CNAME with DNS name www.lab.example. is not permitted as it conflicts with other records with the same DNS name in zone lab.example."},
		{"A beside a CNAME", []RecordChange{change("CREATE", cname), change("CREATE", simple("alias.lab.example.", "A", 60, "192.0.2.1"))},
			"RRSet of type A with DNS name alias.lab.example. is not permitted because a conflicting RRSet of type CNAME with the same DNS name already exists in zone lab.example."},
		{"simple set beside weighted ones", []RecordChange{change("CREATE", simple("api.lab.example.", "A", 60, "192.0.2.1"))},
			"RRSet with DNS name api.lab.example., type A cannot be created as other RRSets exist with the same name and type."},
		{"weighted set beside a simple one", []RecordChange{change("CREATE", weighted("www.lab.example.", "x", 1, "", "192.0.2.1"))},
			"RRSet with DNS name www.lab.example., type A, SetIdentifier x cannot be created as a non-weighted set exists with the same name and type."},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, f := ApplyChanges("lab.example.", labSets(), tc.changes)
			require.NotNil(t, f)
			assert.Equal(t, CodeInvalidChangeBatch, f.Code)
			assert.Equal(t, []string{tc.msg}, f.Messages)
		})
	}
}

// The documented swap: DELETE the A, then CREATE a CNAME at the name, in
// one batch; and replacing a CNAME by UPSERT stays allowed.
func TestApplyChangesConflictsSeeTheBatchSoFar(t *testing.T) {
	www := labSets()[2]
	cname := simple("www.lab.example.", "CNAME", 60, "x.lab.example.")
	out, f := ApplyChanges("lab.example.", labSets(), []RecordChange{change("DELETE", www), change("CREATE", cname)})
	require.Nil(t, f)
	assert.Contains(t, out, cname)
	again := simple("www.lab.example.", "CNAME", 300, "y.lab.example.")
	_, f = ApplyChanges("lab.example.", out, []RecordChange{change("UPSERT", again)})
	assert.Nil(t, f)
}
