package healthcheck

import (
	"context"
	"net"
	"strconv"
	"sync"
	"testing"

	"github.com/miekg/dns"
)

// localResolver is a net.Resolver whose every query goes to a DNS server
// on 127.0.0.1 that answers A for the names in hosts and NXDOMAIN for the
// rest; no query leaves the machine. It returns the resolver and the list
// of names asked, for the test to read after probing.
func localResolver(t *testing.T, hosts map[string]string) (*net.Resolver, func() []string) {
	t.Helper()
	var mu sync.Mutex
	var asked []string
	handler := dns.HandlerFunc(func(w dns.ResponseWriter, req *dns.Msg) {
		q := req.Question[0]
		mu.Lock()
		asked = append(asked, dns.TypeToString[q.Qtype]+" "+q.Name)
		mu.Unlock()
		resp := new(dns.Msg)
		resp.SetReply(req)
		ip, ok := hosts[q.Name]
		switch {
		case !ok:
			resp.Rcode = dns.RcodeNameError
		case q.Qtype == dns.TypeA:
			resp.Answer = append(resp.Answer, &dns.A{Hdr: dns.RR_Header{Name: q.Name, Rrtype: dns.TypeA, Class: dns.ClassINET, Ttl: 60}, A: net.ParseIP(ip)})
		}
		_ = w.WriteMsg(resp)
	})
	pc, err := net.ListenPacket("udp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	started := make(chan struct{})
	srv := &dns.Server{PacketConn: pc, Handler: handler, NotifyStartedFunc: func() { close(started) }}
	go func() { _ = srv.ActivateAndServe() }()
	<-started
	t.Cleanup(func() { _ = srv.Shutdown() })

	addr := pc.LocalAddr().String()
	r := &net.Resolver{PreferGo: true, Dial: func(ctx context.Context, _, _ string) (net.Conn, error) {
		var d net.Dialer
		return d.DialContext(ctx, "udp", addr)
	}}
	return r, func() []string {
		mu.Lock()
		defer mu.Unlock()
		return append([]string(nil), asked...)
	}
}

func TestProbeByName(t *testing.T) {
	srv, seen := recordingServer(t, false, 200, "")
	cfg := serverConfig(t, TypeHTTP, srv)
	cfg.IPAddress, cfg.FullyQualifiedDomainName = "", "app.r53d.test"
	resolver, asked := localResolver(t, map[string]string{"app.r53d.test.": "127.0.0.1"})

	r := (&Prober{Resolver: resolver}).Probe(context.Background(), &cfg)
	wantHealthy(t, r)
	if req := <-seen; req.host != "app.r53d.test:"+strconv.Itoa(cfg.Port) {
		t.Errorf("Host %q", req.host)
	}
	for _, q := range asked() {
		if q != "A app.r53d.test." {
			t.Errorf("asked %q; Route 53 resolves A records only", q)
		}
	}
}

func TestProbeResolutionFailed(t *testing.T) {
	resolver, asked := localResolver(t, nil)
	for _, typ := range []string{TypeTCP, TypeHTTP, TypeHTTPSStrMatch} {
		cfg := Config{Type: typ, FullyQualifiedDomainName: "missing.r53d.invalid", Port: 8080, SearchString: "x"}
		r := (&Prober{Resolver: resolver}).Probe(context.Background(), &cfg)
		wantUnhealthy(t, r, "DNS resolution failed for missing.r53d.invalid")
	}
	if len(asked()) == 0 {
		t.Error("the local DNS server was never asked")
	}
}
