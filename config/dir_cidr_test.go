package config

import (
	"net/netip"
	"testing"

	"github.com/r53d/r53d/zones"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestCIDRCollections(t *testing.T) {
	td := newTestDir(t, map[string]string{"lab.example.zone": labMaster})
	col, err := td.CreateCIDRCollection("isps", "ref-1")
	require.NoError(t, err)
	assert.Equal(t, int64(1), col.Version)
	assert.Regexp(t, `^[0-9a-f-]{36}$`, col.ID)
	same, err := td.CreateCIDRCollection("isps", "ref-1")
	require.NoError(t, err)
	assert.Equal(t, col, same)
	_, err = td.CreateCIDRCollection("isps", "ref-2")
	requireFault(t, err, "CidrCollectionAlreadyExistsException")
	_, err = td.CreateCIDRCollection("bad name", "ref-3")
	requireFault(t, err, "InvalidInput")

	v := int64(1)
	change, err := td.ChangeCIDRCollection(col.ID, &v, []zones.CIDRChange{
		{LocationName: "isp-a", Action: "PUT", CidrList: []string{"198.51.100.0/24", "2001:db8:a::/48"}},
		{LocationName: "isp-b", Action: "PUT", CidrList: []string{"203.0.113.0/24"}},
	})
	require.NoError(t, err)
	assert.Equal(t, zones.ChangeInSync, change.Status)
	_, err = td.Change(change.ID)
	require.NoError(t, err)
	_, err = td.ChangeCIDRCollection(col.ID, &v, []zones.CIDRChange{{LocationName: "isp-a", Action: "PUT", CidrList: []string{"192.0.2.0/24"}}})
	requireFault(t, err, "CidrCollectionVersionMismatchException")

	info, pc, err := td.CIDRCollection(col.ID)
	require.NoError(t, err)
	assert.Equal(t, int64(2), info.Version)
	require.Len(t, pc.Locations, 2)
	assert.Equal(t, []netip.Prefix{netip.MustParsePrefix("198.51.100.0/24"), netip.MustParsePrefix("2001:db8:a::/48")}, pc.Locations[0].Blocks)
	gen := td.store.View().Generation()
	require.Len(t, gen.CIDRCollections, 1)
	require.NotNil(t, gen.CIDR, "published for IP-based answers")

	// A location a record uses cannot go; nor can its collection.
	set := aSet("ip.lab.example", "192.0.2.1")
	set.SetIdentifier = "a"
	set.CidrRoutingConfig = &zones.CidrRoutingConfig{CollectionID: col.ID, LocationName: "isp-a"}
	dflt := aSet("ip.lab.example", "192.0.2.2")
	dflt.SetIdentifier = "default"
	dflt.CidrRoutingConfig = &zones.CidrRoutingConfig{CollectionID: col.ID, LocationName: "*"}
	_, err = td.ChangeResourceRecordSets(td.zoneID(t, "lab.example."), "", []zones.RecordChange{{Action: "CREATE", Set: set}, {Action: "CREATE", Set: dflt}})
	require.NoError(t, err)
	_, err = td.ChangeCIDRCollection(col.ID, nil, []zones.CIDRChange{{LocationName: "isp-a", Action: "DELETE_IF_EXISTS", CidrList: []string{"198.51.100.0/24", "2001:db8:a::/48"}}})
	f := requireFault(t, err, "CidrBlockInUseException")
	assert.Equal(t, "The location isp-a of CIDR collection "+col.ID+" is in use by the resource record set [name='ip.lab.example.', set-identifier='a'] of zone lab.example.", f.Message)
	requireFault(t, td.DeleteCIDRCollection(col.ID), "CidrCollectionInUseException")

	// Removing every block of an unused location removes it.
	_, err = td.ChangeCIDRCollection(col.ID, nil, []zones.CIDRChange{{LocationName: "isp-b", Action: "DELETE_IF_EXISTS", CidrList: []string{"203.0.113.0/24"}}})
	require.NoError(t, err)
	_, pc, err = td.CIDRCollection(col.ID)
	require.NoError(t, err)
	require.Len(t, pc.Locations, 1)

	// The file keeps version and CallerReference across a restart.
	again := openTestDir(t, td.path)
	cols, err := again.CIDRCollections()
	require.NoError(t, err)
	assert.Equal(t, []zones.CIDRCollection{{ID: col.ID, Name: "isps", Version: 3}}, cols)
	same, err = again.CreateCIDRCollection("isps", "ref-1")
	require.NoError(t, err)
	assert.Equal(t, col.ID, same.ID)

	_, err = td.ChangeResourceRecordSets(td.zoneID(t, "lab.example."), "", []zones.RecordChange{{Action: "DELETE", Set: set}, {Action: "DELETE", Set: dflt}})
	require.NoError(t, err)
	// A collection that still has blocks is not deleted either.
	f = requireFault(t, td.DeleteCIDRCollection(col.ID), "CidrCollectionInUseException")
	assert.Contains(t, f.Message, "not empty")
	_, err = td.ChangeCIDRCollection(col.ID, nil, []zones.CIDRChange{{LocationName: "isp-a", Action: "DELETE_IF_EXISTS", CidrList: []string{"198.51.100.0/24", "2001:db8:a::/48"}}})
	require.NoError(t, err)
	require.NoError(t, td.DeleteCIDRCollection(col.ID))
	requireFault(t, td.DeleteCIDRCollection(col.ID), "NoSuchCidrCollectionException")
	assert.Empty(t, td.store.View().Generation().CIDRCollections)
}
