package cmd

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/route53"
	"github.com/miekg/dns"
	"github.com/r53d/r53d/healthcheck"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestAPIFlagsIAMFile: the --iam file must exist and must not sit in the
// zones directory (it holds secrets), even through a symbolic link.
func TestAPIFlagsIAMFile(t *testing.T) {
	example, err := os.ReadFile(iamExample)
	require.NoError(t, err)
	zonesDir := t.TempDir()
	inside := filepath.Join(zonesDir, "iam.yaml")
	require.NoError(t, os.WriteFile(inside, example, 0o600))
	_, err = apiFlags(ServeOptions{Zones: zonesDir, IAMFile: inside})
	assert.ErrorContains(t, err, "--iam "+inside+" is inside the zones directory "+zonesDir+": it holds secret access keys")

	link := filepath.Join(t.TempDir(), "zones")
	require.NoError(t, os.Symlink(zonesDir, link))
	_, err = apiFlags(ServeOptions{Zones: link, IAMFile: inside})
	assert.ErrorContains(t, err, "is inside the zones directory", "the zones directory through a link")
	outsideLink := filepath.Join(t.TempDir(), "iam.yaml")
	require.NoError(t, os.Symlink(inside, outsideLink))
	_, err = apiFlags(ServeOptions{Zones: zonesDir, IAMFile: outsideLink})
	assert.ErrorContains(t, err, "is inside the zones directory", "a link to a file inside")

	missing := filepath.Join(t.TempDir(), "iam.yaml")
	_, err = apiFlags(ServeOptions{Zones: zonesDir, IAMFile: missing})
	assert.ErrorContains(t, err, "--iam "+missing+": ")
	assert.ErrorIs(t, err, os.ErrNotExist)

	broken := filepath.Join(t.TempDir(), "iam.yaml")
	require.NoError(t, os.WriteFile(broken, []byte("Users: [{UserName: x, Nonsense: 1}]\n"), 0o600))
	_, err = apiFlags(ServeOptions{Zones: zonesDir, IAMFile: broken})
	assert.ErrorContains(t, err, broken, "a bad file is named")

	good := filepath.Join(t.TempDir(), "iam.yaml")
	require.NoError(t, os.WriteFile(good, example, 0o600))
	cfg, err := apiFlags(ServeOptions{Zones: zonesDir, IAMFile: good})
	require.NoError(t, err)
	assert.NotNil(t, cfg.IAM)
}

func TestAPIFlagsNameServersAndRegions(t *testing.T) {
	cfg, err := apiFlags(ServeOptions{})
	require.NoError(t, err)
	assert.Equal(t, defaultNameServers(), cfg.NameServers)
	assert.Nil(t, cfg.IAM, "no --iam: the API is open (on loopback)")
	cfg, err = apiFlags(ServeOptions{NameServers: []string{"NS1.Lab.Example", "ns2.lab.example."}, APIRegions: []string{"eu-west-1"}})
	require.NoError(t, err)
	assert.Equal(t, []string{"ns1.lab.example.", "ns2.lab.example."}, cfg.NameServers)
	assert.Equal(t, []string{"eu-west-1"}, cfg.Regions)
	_, err = apiFlags(ServeOptions{NameServers: []string{"ns1..example"}})
	assert.ErrorContains(t, err, "--name-servers")
	_, err = apiFlags(ServeOptions{APIRegions: []string{"eu west"}})
	assert.ErrorContains(t, err, "--api-regions")
}

// TestServeRefusesIAMInZones: serve stops before it binds anything when
// the --iam file is in the zones directory.
func TestServeRefusesIAMInZones(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "lab.test.zone", goodZone)
	writeFile(t, dir, "iam.json", `{"Users": []}`)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	err := runServe(ctx, ServeOptions{Zones: dir, IAMFile: filepath.Join(dir, "iam.json"), Listen: "127.0.0.1:0", Admin: "127.0.0.1:0",
		LogLevel: "error", Log: io.Discard, Ready: func(netip.AddrPort, string) { t.Error("serve started") }})
	assert.ErrorContains(t, err, "is inside the zones directory")
}

// fakeAPI stands for the Route 53 API: it answers every request under
// /2013-04-01/ with "api".
type fakeAPI struct{}

func (fakeAPI) Routes(mux *http.ServeMux) {
	mux.HandleFunc(apiPrefix, func(w http.ResponseWriter, _ *http.Request) { _, _ = io.WriteString(w, "api") })
}

// TestAdminGuardWithAPI: with --iam the API's paths reach the API, which
// authenticates them itself, while the rest keeps the bearer token;
// without --iam the token guards the API too, so it is never open off
// this machine.
func TestAdminGuardWithAPI(t *testing.T) {
	for _, iam := range []bool{true, false} {
		a, mon := testAdminAPI(t, adminOptions{Token: "tok", APIAuth: iam})
		code, body := a.do(t, adminReq{method: http.MethodPost, path: "/2013-04-01/hostedzone"})
		if iam {
			assert.Equal(t, http.StatusOK, code)
			assert.Equal(t, "api", body)
		} else {
			assert.Equal(t, http.StatusUnauthorized, code, "without --iam the API needs the admin token")
			code, body = a.do(t, adminReq{method: http.MethodPost, path: "/2013-04-01/hostedzone", token: "Bearer tok"})
			assert.Equal(t, http.StatusOK, code)
			assert.Equal(t, "api", body)
		}
		code, _ = a.do(t, adminReq{path: "/api/healthchecks"})
		assert.Equal(t, http.StatusUnauthorized, code, "the rest keeps the token (--iam %v)", iam)
		for _, sneak := range []string{"/2013-04-01/../api/healthchecks/demo-up/override", "/2013-04-01/%2e%2e/api/healthchecks/demo-up/override"} {
			a.do(t, adminReq{method: http.MethodPut, path: sneak, body: `{"Status":"Unhealthy"}`})
			st, ok := mon.Status("demo-up")
			require.True(t, ok)
			assert.Nil(t, st.Override, "%s must not reach the override without the token", sneak)
		}
		code, _ = a.do(t, adminReq{path: "/2013-04-01/hostedzone", host: "evil.example"})
		assert.Equal(t, http.StatusMisdirectedRequest, code, "the Host check covers the API")
	}
	a, _ := testAdminAPI(t, adminOptions{})
	code, body := a.do(t, adminReq{path: "/"})
	assert.Equal(t, http.StatusOK, code, "the status page beside the API")
	assert.Contains(t, body, "<html")
}

// testAdminAPI runs an admin server with the demo's zones and checks and
// fakeAPI as the Route 53 API.
func testAdminAPI(t *testing.T, opts adminOptions) (*adminServer, *healthcheck.Monitor) {
	t.Helper()
	src := statusSources(t)
	src.API = fakeAPI{}
	opts.Addr = "127.0.0.1:0"
	a, err := startAdmin(opts, src)
	require.NoError(t, err)
	t.Cleanup(func() { a.srv.Close() })
	return a, src.Monitor
}

// TestAPIStartsOnEmptyZonesDir: an empty zones directory (a new git
// repository) is where the API creates the first zone, so serve starts on
// it when the API is on, and serves the zone once it is made.
func TestAPIStartsOnEmptyZonesDir(t *testing.T) {
	dir := t.TempDir()
	s, err := launchServe(t, ServeOptions{Zones: dir, Listen: "127.0.0.1:0", Admin: "127.0.0.1:0", LogLevel: "error", Log: io.Discard})
	require.NoError(t, err, "serve must start on an empty zones directory when the API can fill it")
	f := newTF(t, &apiServe{serving: s, zones: dir})
	zone, err := f.c.CreateHostedZone(f.ctx, &route53.CreateHostedZoneInput{Name: aws.String("first.example"), CallerReference: aws.String("first")})
	require.NoError(t, err)
	f.waitChange(zone.ChangeInfo)
	m := new(dns.Msg)
	m.SetQuestion("first.example.", dns.TypeSOA)
	r, err := dns.Exchange(m, s.dns.String())
	require.NoError(t, err)
	assert.Equal(t, dns.RcodeSuccess, r.Rcode)
	assert.Len(t, r.Answer, 1, "the new zone's SOA")
}

// TestAPIRegionsAndNameServers: --api-regions reaches the signature
// check (a client signing for another region is refused as AWS refuses a
// wrong scope), and --name-servers are the NS of zones the API creates.
func TestAPIRegionsAndNameServers(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "lab.test.zone", goodZone)
	iamFile := filepath.Join(t.TempDir(), "iam.yaml")
	example, err := os.ReadFile(iamExample)
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(iamFile, example, 0o600))
	s, err := launchServe(t, ServeOptions{Zones: dir, IAMFile: iamFile, APIRegions: []string{"eu-west-1"}, NameServers: []string{"a.ns.example", "b.ns.example."},
		Listen: "127.0.0.1:0", Admin: "127.0.0.1:0", LogLevel: "error", Log: io.Discard})
	require.NoError(t, err)
	f := newTF(t, &apiServe{serving: s, zones: dir}) // signs for us-east-1
	_, err = f.c.GetHostedZoneCount(f.ctx, &route53.GetHostedZoneCountInput{})
	assert.Equal(t, "SignatureDoesNotMatch", apiCode(err), "%v", err)
	assert.ErrorContains(t, err, "us-east-1")
	count, err := f.c.GetHostedZoneCount(f.ctx, &route53.GetHostedZoneCountInput{}, func(o *route53.Options) { o.Region = "eu-west-1" })
	require.NoError(t, err)
	assert.Equal(t, int64(1), aws.ToInt64(count.HostedZoneCount))

	zone, err := f.c.CreateHostedZone(f.ctx, &route53.CreateHostedZoneInput{Name: aws.String("ns.test"), CallerReference: aws.String("ns")},
		func(o *route53.Options) { o.Region = "eu-west-1" })
	require.NoError(t, err)
	assert.Equal(t, []string{"a.ns.example", "b.ns.example"}, zone.DelegationSet.NameServers)
	m := new(dns.Msg)
	m.SetQuestion("ns.test.", dns.TypeNS)
	r, err := dns.Exchange(m, s.dns.String())
	require.NoError(t, err)
	var ns []string
	for _, rr := range r.Answer {
		ns = append(ns, rr.(*dns.NS).Ns)
	}
	assert.ElementsMatch(t, []string{"a.ns.example.", "b.ns.example."}, ns)
}

// TestLimitAPI: API requests take turns (no more at once than the limit),
// each gets its body whole, and a client still sending its body holds no
// turn.
func TestLimitAPI(t *testing.T) {
	var mu sync.Mutex
	running, most := 0, 0
	h := limitAPI(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		running++
		most = max(most, running)
		mu.Unlock()
		time.Sleep(20 * time.Millisecond)
		body, _ := io.ReadAll(r.Body)
		mu.Lock()
		running--
		mu.Unlock()
		_, _ = w.Write(body)
	}))
	srv := httptest.NewServer(h)
	defer srv.Close()

	slow, slowBody := io.Pipe()
	go func() { _, _ = slowBody.Write([]byte("half a")) }() // and never the rest, until the end
	defer slowBody.Close()
	go func() {
		if resp, err := http.Post(srv.URL, "text/plain", slow); err == nil {
			resp.Body.Close()
		}
	}()

	var wg sync.WaitGroup
	for i := range 8 {
		wg.Go(func() {
			want := strings.Repeat("x", 1000*i)
			resp, err := http.Post(srv.URL, "text/plain", strings.NewReader(want))
			if !assert.NoError(t, err) {
				return
			}
			defer resp.Body.Close()
			got, _ := io.ReadAll(resp.Body)
			assert.Equal(t, want, string(got))
		})
	}
	done := make(chan struct{})
	go func() { wg.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("requests waited behind a client still sending its body")
	}
	assert.LessOrEqual(t, most, max(1, runtime.GOMAXPROCS(0)/2))
}

// The API runs off loopback only with --iam: an admin token does not
// stand in for IAM users, as AWS clients cannot send it.
func TestAPIAllowedOffLoopbackOnlyWithIAM(t *testing.T) {
	for _, c := range []struct {
		addr string
		iam  bool
		want bool
	}{
		{"127.0.0.1", false, true},
		{"::1", false, true},
		{"127.0.0.2", false, true},
		{"192.0.2.10", false, false},
		{"192.0.2.10", true, true},
		{"2001:db8::1", false, false},
		{"::", false, false},
		{"0.0.0.0", true, true},
	} {
		assert.Equal(t, c.want, apiAllowed(netip.MustParseAddr(c.addr), c.iam), "%s iam=%v", c.addr, c.iam)
	}
}
