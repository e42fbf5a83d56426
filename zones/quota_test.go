package zones

import (
	"strconv"
	"testing"
	"testing/fstest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A 101st weighted record of a name and type is refused in Route 53's own
// words (the message an API client sees as InvalidChangeBatch).
func TestTooManyWeightedRecordsSayWhatRoute53Says(t *testing.T) {
	items := make([]string, 101)
	for i := range items {
		items[i] = `{"Name": "w.rs.test.", "Type": "A", "SetIdentifier": "s` + strconv.Itoa(i) + `", "Weight": 1, "TTL": 60, "ResourceRecords": [{"Value": "192.0.2.1"}]}`
	}
	_, diags := LoadDir(fstest.MapFS{"rs.test.json": {Data: []byte(recordSets(items...))}}, "z")
	errs := diags.Errors()
	require.Len(t, errs, 1, "%v", diags)
	assert.Equal(t, "quota", errs[0].Rule)
	assert.Equal(t, 104, errs[0].Line, "the first record over the limit")
	assert.Equal(t, "Exceeded limit on number of weighted RRSets for w.rs.test., type A in this zone.", errs[0].Message)
}
