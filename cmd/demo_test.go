package cmd

import (
	"context"
	"github.com/miekg/dns"
	"io"
	"io/fs"
	"net/netip"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The demo's demo-up check probes the address r53d serves on, whatever
// --listen says, so the demo's failover name answers its primary.
func TestDemoUpFollowsListen(t *testing.T) {
	for listen, want := range map[string]string{
		"127.0.0.1:5300": "IPAddress: 127.0.0.1, Port: 5300,",
		"0.0.0.0:53":     "IPAddress: 127.0.0.1, Port: 53,",
		"[::1]:1054":     "IPAddress: ::1, Port: 1054,",
		"127.0.0.1:0":    demoUpProbe, // not known before binding: the default stays
	} {
		fsys, _, err := zonesDir("", netip.MustParseAddrPort(listen))
		require.NoError(t, err)
		data, err := fs.ReadFile(fsys, "health-checks.yaml")
		require.NoError(t, err)
		assert.Contains(t, string(data), want, listen)
		fi, err := fs.Stat(fsys, "health-checks.yaml")
		require.NoError(t, err)
		assert.Equal(t, int64(len(data)), fi.Size(), "the size a reader is told matches the content")
		assert.Equal(t, 1, strings.Count(string(data), "Id: demo-up"))
	}
}

// check FILE checks that file alone (with the side files beside it): a
// broken neighbour does not fail it, and a broken file fails on its own.
func TestCheckOneFile(t *testing.T) {
	dir := t.TempDir()
	write := func(name, text string) string {
		p := filepath.Join(dir, name)
		require.NoError(t, os.WriteFile(p, []byte(text), 0o644))
		return p
	}
	good := write("a.test.zone", "$ORIGIN a.test.\n@ 60 SOA ns h 1 2 3 4 5\n@ NS ns\nns A 192.0.2.1\n")
	bad := write("b.test.zone", "$ORIGIN b.test.\n@ 60 SOA ns h 1 2 3 4 5\nbroken line\n")
	var out strings.Builder
	require.NoError(t, runCheck(CheckOptions{Dir: good, Out: &out}))
	assert.Contains(t, out.String(), "zone a.test. serial 1")
	assert.NotContains(t, out.String(), "b.test")
	out.Reset()
	require.ErrorIs(t, runCheck(CheckOptions{Dir: bad, Out: &out}), errCheckFailed)
	assert.Contains(t, out.String(), "b.test.zone:3:")
	out.Reset()
	require.ErrorIs(t, runCheck(CheckOptions{Dir: dir, Out: &out}), errCheckFailed, "the directory holds the broken file")
}

// --listen given twice serves on both addresses.
func TestServeSeveralListen(t *testing.T) {
	var log lockedWriter
	first, _ := startServeWith(t, ServeOptions{Listen: "127.0.0.1:0", AlsoListen: []string{"127.0.0.2:0"},
		LogLevel: "info", Log: &log})
	m := regexp.MustCompile(`addr=127\.0\.0\.1:\d+,(127\.0\.0\.2:\d+)`).FindStringSubmatch(log.String())
	require.Len(t, m, 2, log.String())
	for _, addr := range []string{first.String(), m[1]} {
		q := new(dns.Msg)
		q.SetQuestion("www.demo.test.", dns.TypeA)
		r, err := dns.Exchange(q, addr)
		require.NoError(t, err, addr)
		assert.NotEmpty(t, r.Answer, addr)
	}
}

func TestListenFlag(t *testing.T) {
	opts := ServeOptions{Listen: defaultListen}
	f := &listenFlag{opts: &opts}
	require.NoError(t, f.Set("127.0.0.1:53"))
	require.NoError(t, f.Set("[::1]:53"))
	assert.Equal(t, "127.0.0.1:53", opts.Listen, "the first --listen replaces the default")
	assert.Equal(t, []string{"[::1]:53"}, opts.AlsoListen)
}

func TestServeRejectsBadRRLExempt(t *testing.T) {
	err := runServe(context.Background(), ServeOptions{Listen: "127.0.0.1:0", LogLevel: "error", Log: io.Discard,
		RRLRate: 20, RRLExempt: []string{"10.0.0.0/33"}})
	require.ErrorContains(t, err, "10.0.0.0/33")
}

// A stop during the first load returns at once, not when the load ends.
func TestStopDuringFirstLoad(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	release := make(chan struct{})
	defer close(release)
	errc := make(chan error, 1)
	go func() {
		errc <- startCancellable(ctx, func() error { <-release; return nil })
	}()
	cancel()
	select {
	case err := <-errc:
		require.ErrorIs(t, err, context.Canceled)
	case <-time.After(5 * time.Second):
		t.Fatal("the stop waited for the load")
	}
}
