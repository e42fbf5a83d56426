package cmd

import (
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/route53"
	"github.com/aws/aws-sdk-go-v2/service/route53/types"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// tfRecord is one aws_route53_record of the test: the set Terraform
// creates, the change of an in-place update, and whether a type change
// (A to AAAA) applies.
type tfRecord struct {
	block      string
	set        types.ResourceRecordSet
	update     func(*types.ResourceRecordSet)
	changeType bool
}

// tfRecords has one record per routing-policy block of aws_route53_record.
func tfRecords(zoneID, healthCheckID, collectionID string) []tfRecord {
	a := func(v ...string) []types.ResourceRecord {
		rr := make([]types.ResourceRecord, len(v))
		for i := range v {
			rr[i] = types.ResourceRecord{Value: aws.String(v[i])}
		}
		return rr
	}
	newTTL := func(s *types.ResourceRecordSet) { s.TTL = aws.Int64(120) }
	return []tfRecord{
		{"simple", types.ResourceRecordSet{Name: aws.String("simple.rec.example"), Type: types.RRTypeA, TTL: aws.Int64(300),
			ResourceRecords: a("192.0.2.1", "192.0.2.2")}, func(s *types.ResourceRecordSet) { s.ResourceRecords = a("192.0.2.3") }, true},
		{"wildcard TXT", types.ResourceRecordSet{Name: aws.String("*.wild.rec.example"), Type: types.RRTypeTxt, TTL: aws.Int64(300),
			ResourceRecords: a(`"v=spf1 -all"`)}, newTTL, false},
		{"weighted", types.ResourceRecordSet{Name: aws.String("weighted.rec.example"), Type: types.RRTypeA, TTL: aws.Int64(60),
			SetIdentifier: aws.String("blue"), Weight: aws.Int64(10), ResourceRecords: a("192.0.2.10")},
			func(s *types.ResourceRecordSet) { s.Weight = aws.Int64(20) }, true},
		{"latency", types.ResourceRecordSet{Name: aws.String("latency.rec.example"), Type: types.RRTypeA, TTL: aws.Int64(60),
			SetIdentifier: aws.String("eu"), Region: types.ResourceRecordSetRegionEuWest1, ResourceRecords: a("192.0.2.20")}, newTTL, true},
		{"failover", types.ResourceRecordSet{Name: aws.String("failover.rec.example"), Type: types.RRTypeA, TTL: aws.Int64(60),
			SetIdentifier: aws.String("primary"), Failover: types.ResourceRecordSetFailoverPrimary, HealthCheckId: aws.String(healthCheckID),
			ResourceRecords: a("192.0.2.30")}, newTTL, true},
		{"geolocation", types.ResourceRecordSet{Name: aws.String("geo.rec.example"), Type: types.RRTypeA, TTL: aws.Int64(60),
			SetIdentifier: aws.String("de"), GeoLocation: &types.GeoLocation{CountryCode: aws.String("DE")}, ResourceRecords: a("192.0.2.40")},
			newTTL, true},
		{"geoproximity", types.ResourceRecordSet{Name: aws.String("geoprox.rec.example"), Type: types.RRTypeA, TTL: aws.Int64(60),
			SetIdentifier: aws.String("eu"), GeoProximityLocation: &types.GeoProximityLocation{AWSRegion: aws.String("eu-west-1"), Bias: aws.Int32(10)},
			ResourceRecords: a("192.0.2.50")}, func(s *types.ResourceRecordSet) { s.GeoProximityLocation.Bias = aws.Int32(-5) }, true},
		{"multivalue", types.ResourceRecordSet{Name: aws.String("multi.rec.example"), Type: types.RRTypeA, TTL: aws.Int64(60),
			SetIdentifier: aws.String("one"), MultiValueAnswer: aws.Bool(true), ResourceRecords: a("192.0.2.60")}, newTTL, true},
		{"cidr", types.ResourceRecordSet{Name: aws.String("cidr.rec.example"), Type: types.RRTypeA, TTL: aws.Int64(60),
			SetIdentifier: aws.String("isp-a"), CidrRoutingConfig: &types.CidrRoutingConfig{CollectionId: aws.String(collectionID), LocationName: aws.String("isp-a")},
			ResourceRecords: a("192.0.2.70")}, newTTL, true},
		{"alias", types.ResourceRecordSet{Name: aws.String("alias.rec.example"), Type: types.RRTypeA,
			AliasTarget: &types.AliasTarget{HostedZoneId: aws.String(zoneID), DNSName: aws.String("target.rec.example."), EvaluateTargetHealth: false}},
			func(s *types.ResourceRecordSet) { s.AliasTarget.EvaluateTargetHealth = true }, false},
	}
}

// TestTerraformRecordSequence: aws_route53_record for every routing-policy
// block — create, read, update in place, type change, destroy — with a
// CIDR collection and location made and removed as aws_route53_cidr_*
// make them, and a health check that cannot go while a record uses it.
func TestTerraformRecordSequence(t *testing.T) {
	tg := newTarget(t)
	srv := startAPIServe(t, t.TempDir())
	f := newTF(t, srv)
	c := f.c
	zone, err := c.CreateHostedZone(f.ctx, &route53.CreateHostedZoneInput{Name: aws.String("rec.example"), CallerReference: aws.String(callerRef("terraform"))})
	require.NoError(t, err)
	f.waitChange(zone.ChangeInfo)
	zoneID := strings.TrimPrefix(aws.ToString(zone.HostedZone.Id), "/hostedzone/")
	target := types.ResourceRecordSet{Name: aws.String("target.rec.example"), Type: types.RRTypeA, TTL: aws.Int64(60),
		ResourceRecords: []types.ResourceRecord{{Value: aws.String("192.0.2.99")}}}
	f.change(zoneID, "Managed by Terraform", types.Change{Action: types.ChangeActionCreate, ResourceRecordSet: &target})
	hc, err := c.CreateHealthCheck(f.ctx, &route53.CreateHealthCheckInput{CallerReference: aws.String(callerRef("terraform")),
		HealthCheckConfig: &types.HealthCheckConfig{Type: types.HealthCheckTypeTcp, IPAddress: aws.String("127.0.0.1"), Port: aws.Int32(int32(tg.port))}})
	require.NoError(t, err)
	hcID := aws.ToString(hc.HealthCheck.Id)
	collection := f.createCIDRLocation()

	for _, rec := range tfRecords(zoneID, hcID, collection) {
		t.Run(rec.block, func(t *testing.T) {
			f := *f
			f.t = t
			f.recordLifecycle(zoneID, rec)
		})
	}
	assert.Equal(t, []string{"192.0.2.99"}, ask(t, srv.dns, "target.rec.example."), "the alias target stays")

	f.deleteCIDRLocation(collection)
	_, err = c.DeleteHealthCheck(f.ctx, &route53.DeleteHealthCheckInput{HealthCheckId: &hcID})
	require.NoError(t, err, "no record uses the check any more")
}

// recordLifecycle is one aws_route53_record from create to destroy.
func (f *tf) recordLifecycle(zoneID string, rec tfRecord) {
	t := f.t
	zone, err := f.c.GetHostedZone(f.ctx, &route53.GetHostedZoneInput{Id: &zoneID})
	require.NoError(t, err)
	require.Equal(t, "rec.example.", aws.ToString(zone.HostedZone.Name))
	set := rec.set
	f.change(zoneID, "Managed by Terraform", types.Change{Action: types.ChangeActionCreate, ResourceRecordSet: &set})
	listed := f.readRecord(zoneID, set)
	require.NotNil(t, listed, "Terraform reads the record it just created")
	if set.Type == types.RRTypeA && set.HealthCheckId == nil && set.SetIdentifier == nil {
		assert.NotEmpty(t, ask(t, f.srv.dns, fqdn(set.Name)), "DNS answers the new record")
	}
	if set.HealthCheckId != nil {
		_, err := f.c.DeleteHealthCheck(f.ctx, &route53.DeleteHealthCheckInput{HealthCheckId: set.HealthCheckId})
		assert.Equal(t, "HealthCheckInUse", apiCode(err), "a check a record uses cannot go: %v", err)
	}

	updated := deepCopySet(set)
	rec.update(&updated)
	f.change(zoneID, "Managed by Terraform", types.Change{Action: types.ChangeActionUpsert, ResourceRecordSet: &updated})
	listed = f.readRecord(zoneID, updated)
	require.NotNil(t, listed, "the UPSERT kept the record")

	if rec.changeType {
		retyped := deepCopySet(updated)
		retyped.Type, retyped.ResourceRecords = types.RRTypeAaaa, []types.ResourceRecord{{Value: aws.String("2001:db8::1")}}
		old := *listed
		f.change(zoneID, "Managed by Terraform",
			types.Change{Action: types.ChangeActionDelete, ResourceRecordSet: &old},
			types.Change{Action: types.ChangeActionCreate, ResourceRecordSet: &retyped})
		assert.Nil(t, f.readRecord(zoneID, updated), "the A set is gone")
		listed = f.readRecord(zoneID, retyped)
		require.NotNil(t, listed, "the AAAA set replaced it")
	}

	f.change(zoneID, "Deleted by Terraform", types.Change{Action: types.ChangeActionDelete, ResourceRecordSet: listed})
	assert.Nil(t, f.readRecord(zoneID, *listed), "destroyed")
}

// change sends one batch and waits for it, as every Terraform write does.
func (f *tf) change(zoneID, comment string, changes ...types.Change) {
	f.t.Helper()
	out, err := f.c.ChangeResourceRecordSets(f.ctx, &route53.ChangeResourceRecordSetsInput{HostedZoneId: &zoneID,
		ChangeBatch: &types.ChangeBatch{Changes: changes, Comment: &comment}})
	require.NoError(f.t, err)
	f.waitChange(out.ChangeInfo)
}

// readRecord is Terraform's read of a record: ListResourceRecordSets from
// the record's name and type (one set, or 100 with a set identifier),
// following pages only while they stay at that name and type, filtered
// on name, type and set identifier. It checks the set listed is the one
// written, and returns it, or nil when there is none.
func (f *tf) readRecord(zoneID string, want types.ResourceRecordSet) *types.ResourceRecordSet {
	f.t.Helper()
	name := strings.ToLower(fqdn(want.Name))
	in := &route53.ListResourceRecordSetsInput{HostedZoneId: &zoneID, StartRecordName: &name, StartRecordType: want.Type, MaxItems: aws.Int32(1)}
	if want.SetIdentifier != nil {
		in.MaxItems = aws.Int32(100)
	}
	for {
		page, err := f.c.ListResourceRecordSets(f.ctx, in)
		require.NoError(f.t, err)
		for _, s := range page.ResourceRecordSets {
			if cleanRecordName(aws.ToString(s.Name)) == name && s.Type == want.Type && aws.ToString(s.SetIdentifier) == aws.ToString(want.SetIdentifier) {
				expected := deepCopySet(want)
				expected.Name = s.Name
				assert.Equal(f.t, expected, s, "listed as written")
				return &s
			}
		}
		if !page.IsTruncated || cleanRecordName(aws.ToString(page.NextRecordName)) != name || page.NextRecordType != want.Type {
			return nil
		}
		in.StartRecordName, in.StartRecordType, in.StartRecordIdentifier = page.NextRecordName, page.NextRecordType, page.NextRecordIdentifier
	}
}

// cleanRecordName undoes Route 53's escape of the wildcard, as Terraform
// does before comparing names.
func cleanRecordName(name string) string {
	return strings.ToLower(strings.ReplaceAll(name, `\052`, "*"))
}

func fqdn(name *string) string {
	n := aws.ToString(name)
	if !strings.HasSuffix(n, ".") {
		n += "."
	}
	return n
}

// deepCopySet copies the parts of a set that the updates change.
func deepCopySet(s types.ResourceRecordSet) types.ResourceRecordSet {
	if s.AliasTarget != nil {
		a := *s.AliasTarget
		s.AliasTarget = &a
	}
	if s.GeoProximityLocation != nil {
		g := *s.GeoProximityLocation
		s.GeoProximityLocation = &g
	}
	s.ResourceRecords = append([]types.ResourceRecord(nil), s.ResourceRecords...)
	return s
}

// createCIDRLocation is aws_route53_cidr_collection and
// aws_route53_cidr_location: the collection, read back from the list, and
// a location put with the collection's version.
func (f *tf) createCIDRLocation() string {
	f.t.Helper()
	made, err := f.c.CreateCidrCollection(f.ctx, &route53.CreateCidrCollectionInput{Name: aws.String("isps"), CallerReference: aws.String(callerRef("terraform"))})
	require.NoError(f.t, err)
	id := aws.ToString(made.Collection.Id)
	assert.Equal(f.t, int64(1), aws.ToInt64(made.Collection.Version))
	assert.Equal(f.t, "arn:aws:route53:::cidrcollection/"+id, aws.ToString(made.Collection.Arn))
	f.collectionVersion(id, 1)
	_, err = f.c.ChangeCidrCollection(f.ctx, &route53.ChangeCidrCollectionInput{Id: &id, CollectionVersion: aws.Int64(1),
		Changes: []types.CidrCollectionChange{{LocationName: aws.String("isp-a"), Action: types.CidrCollectionChangeActionPut, CidrList: []string{"198.51.100.0/24"}}}})
	require.NoError(f.t, err)
	f.collectionVersion(id, 2)
	_, err = f.c.ChangeCidrCollection(f.ctx, &route53.ChangeCidrCollectionInput{Id: &id, CollectionVersion: aws.Int64(1),
		Changes: []types.CidrCollectionChange{{LocationName: aws.String("isp-b"), Action: types.CidrCollectionChangeActionPut, CidrList: []string{"203.0.113.0/24"}}}})
	assert.Equal(f.t, "CidrCollectionVersionMismatchException", apiCode(err), "%v", err)
	assert.Equal(f.t, []string{"198.51.100.0/24"}, f.cidrBlocks(id, "isp-a"))
	locs, err := f.c.ListCidrLocations(f.ctx, &route53.ListCidrLocationsInput{CollectionId: &id})
	require.NoError(f.t, err)
	require.Len(f.t, locs.CidrLocations, 1)
	assert.Equal(f.t, "isp-a", aws.ToString(locs.CidrLocations[0].LocationName))
	return id
}

// deleteCIDRLocation destroys the location and then the collection.
func (f *tf) deleteCIDRLocation(id string) {
	f.t.Helper()
	_, err := f.c.ChangeCidrCollection(f.ctx, &route53.ChangeCidrCollectionInput{Id: &id, CollectionVersion: aws.Int64(2),
		Changes: []types.CidrCollectionChange{{LocationName: aws.String("isp-a"), Action: types.CidrCollectionChangeActionDeleteIfExists, CidrList: []string{"198.51.100.0/24"}}}})
	require.NoError(f.t, err)
	assert.Empty(f.t, f.cidrBlocks(id, "isp-a"), "an empty location is gone")
	_, err = f.c.DeleteCidrCollection(f.ctx, &route53.DeleteCidrCollectionInput{Id: &id})
	require.NoError(f.t, err)
	list, err := f.c.ListCidrCollections(f.ctx, &route53.ListCidrCollectionsInput{})
	require.NoError(f.t, err)
	for _, cc := range list.CidrCollections {
		assert.NotEqual(f.t, id, aws.ToString(cc.Id), "deleted")
	}
}

// collectionVersion reads a collection as Terraform does, from the list
// (there is no GetCidrCollection).
func (f *tf) collectionVersion(id string, want int64) {
	f.t.Helper()
	list, err := f.c.ListCidrCollections(f.ctx, &route53.ListCidrCollectionsInput{})
	require.NoError(f.t, err)
	for _, cc := range list.CidrCollections {
		if aws.ToString(cc.Id) == id {
			assert.Equal(f.t, "isps", aws.ToString(cc.Name))
			assert.Equal(f.t, want, aws.ToInt64(cc.Version))
			return
		}
	}
	f.t.Fatalf("collection %s not listed", id)
}

func (f *tf) cidrBlocks(id, location string) []string {
	f.t.Helper()
	out, err := f.c.ListCidrBlocks(f.ctx, &route53.ListCidrBlocksInput{CollectionId: &id, LocationName: &location})
	if apiCode(err) == "NoSuchCidrLocationException" {
		return nil
	}
	require.NoError(f.t, err)
	var blocks []string
	for _, b := range out.CidrBlocks {
		blocks = append(blocks, aws.ToString(b.CidrBlock))
	}
	return blocks
}
