package cmd

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"testing"

	"github.com/miekg/dns"
	"github.com/r53d/r53d/config"
	"github.com/r53d/r53d/zones"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const goodZone = `$ORIGIN lab.test.
$TTL 60
@ SOA ns hostmaster 1 7200 900 1209600 60
@ NS ns
ns A 192.0.2.53
www A 192.0.2.1
`

func writeFile(t *testing.T, dir, name, text string) {
	t.Helper()
	require.NoError(t, os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644))
}

func TestCheckReportsEveryError(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "lab.test.zone", goodZone+"www CNAME ns\nbad A 300.1.1.1\nout.other.test. A 192.0.2.9\n")
	var out bytes.Buffer
	err := runCheck(CheckOptions{Dir: dir, Out: &out})
	require.ErrorIs(t, err, errCheckFailed)
	text := out.String()
	file := filepath.Join(dir, "lab.test.zone")
	assert.Contains(t, text, file+":7:1: ")
	assert.Contains(t, text, "[cname-exclusive]")
	assert.Contains(t, text, file+":8:")
	assert.Contains(t, text, "[syntax]")
	assert.Contains(t, text, file+":9:1: owner out.other.test. is outside zone lab.test. [out-of-zone]")
}

func TestCheckCleanPrintsSummary(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "lab.test.zone", goodZone)
	var out bytes.Buffer
	require.NoError(t, runCheck(CheckOptions{Dir: dir, Out: &out}))
	assert.Contains(t, out.String(), "zone lab.test. serial 1, 4 records")
}

func TestCheckTheDemo(t *testing.T) {
	var out bytes.Buffer
	require.NoError(t, runCheck(CheckOptions{Dir: "demo", Out: &out}))
}

func TestCLIExitStatus(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "lab.test.zone", "junk\n")
	var out bytes.Buffer
	root := NewRootCmd(&out, &out)
	root.SetArgs([]string{"check", dir})
	err := root.Execute()
	require.Error(t, err)
	assert.True(t, IsReported(err))
}

// TestServeAnswersAndStops runs serve on the built-in demo and stops it
// the way SIGTERM does: by cancelling its context.
func TestServeAnswersAndStops(t *testing.T) {
	addr, stop := startServeWith(t, ServeOptions{Listen: "127.0.0.1:0", Admin: "127.0.0.1:0", LogLevel: "error", Log: io.Discard})
	m := new(dns.Msg)
	m.SetQuestion("www.demo.test.", dns.TypeA)
	r, err := dns.Exchange(m, addr.String())
	require.NoError(t, err)
	assert.True(t, r.Authoritative)
	assert.NotEmpty(t, r.Answer)
	stop() // fails the test unless serve returns, without error, soon after its context ends
}

func TestServeRejectsBadFlags(t *testing.T) {
	err := runServe(context.Background(), ServeOptions{Listen: "127.0.0.1:0", LogLevel: "loud", Log: io.Discard})
	assert.ErrorContains(t, err, "--log-level")
	err = runServe(context.Background(), ServeOptions{Listen: "127.0.0.1:0", LogLevel: "info", AllowTransfer: []string{"10.0.0.0/40"}, Log: io.Discard})
	assert.ErrorContains(t, err, "--allow-transfer")
	err = runServe(context.Background(), ServeOptions{Zones: "/nonexistent", Listen: "127.0.0.1:0", LogLevel: "info", Log: io.Discard})
	assert.ErrorContains(t, err, "zones directory")
}

// TestReloadKeepsLastGoodZone: a typo on reload must not take a zone down.
func TestReloadKeepsLastGoodZone(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "lab.test.zone", goodZone)
	writeFile(t, dir, "other.test.zone", "$ORIGIN other.test.\n$TTL 60\n@ SOA ns h 1 2 3 4 5\n@ NS ns\nns A 192.0.2.1\n")
	store, err := zones.NewStore()
	require.NoError(t, err)
	rl := &reloader{dir: dir, cfg: &config.Reloader{Store: store}, log: slog.New(slog.NewTextHandler(io.Discard, nil))}
	require.NoError(t, rl.load())

	writeFile(t, dir, "lab.test.zone", goodZone+"www CNAME ns\n")                                                         // broken
	writeFile(t, dir, "other.test.zone", "$ORIGIN other.test.\n$TTL 60\n@ SOA ns h 2 2 3 4 5\n@ NS ns\nns A 192.0.2.1\n") // serial 2
	err = rl.load()
	require.Error(t, err)
	assert.Contains(t, err.Error(), "cname-exclusive")
	v := store.View()
	lab, ok := v.Zone("lab.test.")
	require.True(t, ok, "the broken zone keeps serving")
	n, _ := lab.Node("www.lab.test.")
	assert.NotNil(t, n.RRset(dns.TypeA))
	other, ok := v.Zone("other.test.")
	require.True(t, ok)
	assert.Equal(t, uint32(2), other.SOA.Serial, "the good zone is reloaded")
}

// TestReloadKeepsZoneWithBrokenInclude: an error inside an $INCLUDE keeps
// the including zone's last good version (and a .zone whose SOA lives in a
// record-set file is named by its $ORIGIN).
func TestReloadKeepsZoneWithBrokenInclude(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "inc.test.zone", "$ORIGIN inc.test.\n$TTL 60\n@ SOA ns h 1 2 3 4 5\n@ NS ns\nns A 192.0.2.53\n$INCLUDE hosts.inc\n")
	writeFile(t, dir, "hosts.inc", "www A 192.0.2.2\n")
	writeFile(t, dir, "static.zone", "$ORIGIN split.test.\n$TTL 60\nwww A 192.0.2.7\n")
	writeFile(t, dir, "split.test.json", `{"ResourceRecordSets": [
{"Name": "split.test.", "Type": "SOA", "TTL": 60, "ResourceRecords": [{"Value": "ns.split.test. h.split.test. 1 2 3 4 5"}]},
{"Name": "split.test.", "Type": "NS", "TTL": 60, "ResourceRecords": [{"Value": "ns.split.test."}]}]}`)
	store, err := zones.NewStore()
	require.NoError(t, err)
	rl := &reloader{dir: dir, cfg: &config.Reloader{Store: store}, log: slog.New(slog.NewTextHandler(io.Discard, nil))}
	require.NoError(t, rl.load())
	split, ok := store.View().Zone("split.test.")
	require.True(t, ok)
	n, ok := split.Node("www.split.test.")
	require.True(t, ok, "the .zone file without SOA joins the zone its $ORIGIN names")
	assert.NotNil(t, n.RRset(dns.TypeA))

	writeFile(t, dir, "hosts.inc", "www A 192.0.2.999\n")
	writeFile(t, dir, "static.zone", "$ORIGIN split.test.\n$TTL 60\nwww A 192.0.2.999\n")
	require.Error(t, rl.load())
	v := store.View()
	inc, ok := v.Zone("inc.test.")
	require.True(t, ok, "a broken include keeps its zone")
	n, _ = inc.Node("www.inc.test.")
	assert.NotNil(t, n.RRset(dns.TypeA))
	split, ok = v.Zone("split.test.")
	require.True(t, ok)
	_, ok = split.Node("www.split.test.")
	assert.True(t, ok, "a broken .zone keeps the whole merged zone, not the JSON half")
}
