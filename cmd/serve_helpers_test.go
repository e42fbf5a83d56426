package cmd

import (
	"context"
	"net/netip"
	"sync"
	"testing"
	"time"
)

// serving is a serve a test started: its DNS and admin addresses, and a
// stop that waits for it to return (also run at cleanup; once is enough).
type serving struct {
	dns   netip.AddrPort
	admin string
	stop  func()
}

// launchServe runs serve with opts until the test ends. err is serve's
// own error when it stopped before it was ready; the test fails if it
// neither gets ready nor stops within 10 s, or stops with an error later.
func launchServe(t testing.TB, opts ServeOptions) (*serving, error) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	type addrs struct {
		dns   netip.AddrPort
		admin string
	}
	ready := make(chan addrs, 1)
	done := make(chan error, 1)
	opts.Ready = func(a netip.AddrPort, admin string) { ready <- addrs{a, admin} }
	go func() { done <- runServe(ctx, opts) }()
	var once sync.Once
	stop := func() {
		once.Do(func() {
			cancel()
			select {
			case err := <-done:
				if err != nil {
					t.Errorf("serve stopped with: %v", err)
				}
			case <-time.After(10 * time.Second):
				t.Error("serve did not stop")
			}
		})
	}
	select {
	case a := <-ready:
		t.Cleanup(stop)
		return &serving{dns: a.dns, admin: a.admin, stop: stop}, nil
	case err := <-done:
		cancel()
		return nil, err
	case <-time.After(10 * time.Second):
		cancel()
		t.Fatal("serve did not start")
		return nil, nil
	}
}

// startServeWith is launchServe for tests that need serve running.
func startServeWith(t *testing.T, opts ServeOptions) (netip.AddrPort, func()) {
	t.Helper()
	s, err := launchServe(t, opts)
	if err != nil {
		t.Fatalf("serve stopped: %v", err)
	}
	return s.dns, s.stop
}
