package cmd

import (
	"context"
	"io"
	"net/netip"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestReadTokenFile(t *testing.T) {
	dir := t.TempDir()
	missing := filepath.Join(dir, "missing")
	_, err := readTokenFile(missing)
	assert.ErrorContains(t, err, "--admin-token-file "+missing+": ")
	assert.ErrorIs(t, err, os.ErrNotExist)

	for name, text := range map[string]string{"empty": "", "blank": " \n\n"} {
		path := filepath.Join(dir, name)
		require.NoError(t, os.WriteFile(path, []byte(text), 0o600))
		_, err := readTokenFile(path)
		assert.ErrorContains(t, err, "--admin-token-file "+path+": the file is empty")
	}
	for name, text := range map[string]string{"two-lines": "abc\ndef\n", "space": "abc def", "quote": `abc"def`} {
		path := filepath.Join(dir, name)
		require.NoError(t, os.WriteFile(path, []byte(text), 0o600))
		_, err := readTokenFile(path)
		assert.ErrorContains(t, err, "cannot be part of a token", name)
	}
	path := filepath.Join(dir, "good")
	require.NoError(t, os.WriteFile(path, []byte("  dGhlIHRva2Vu-._~+/==\n"), 0o600))
	token, err := readTokenFile(path)
	require.NoError(t, err)
	assert.Equal(t, "dGhlIHRva2Vu-._~+/==", token)
}

func TestAdminFlagsNeedTokenOffLoopback(t *testing.T) {
	for _, addr := range []string{"0.0.0.0:8053", ":8053", "[::]:8053", "192.0.2.1:8053", "admin.example:8053", "localhost.example:8053"} {
		_, err := adminFlags(ServeOptions{Admin: addr})
		assert.ErrorContains(t, err, "--admin "+addr+" is not a loopback address: give --admin-token-file FILE", addr)
	}
	for _, addr := range []string{"127.0.0.1:8053", "127.0.0.2:0", "[::1]:8053", "localhost:8053", ""} {
		_, err := adminFlags(ServeOptions{Admin: addr})
		assert.NoError(t, err, addr)
	}
	path := filepath.Join(t.TempDir(), "token")
	require.NoError(t, os.WriteFile(path, []byte("tok\n"), 0o600))
	a, err := adminFlags(ServeOptions{Admin: "0.0.0.0:8053", AdminTokenFile: path, AdminHosts: []string{"dns.example"}})
	require.NoError(t, err)
	assert.Equal(t, adminOptions{Addr: "0.0.0.0:8053", Token: "tok", Hosts: []string{"dns.example"}}, a)
	_, err = adminFlags(ServeOptions{Admin: "127.0.0.1:8053", AdminHosts: []string{":80"}})
	assert.ErrorContains(t, err, `--admin-host ":80"`)
}

// TestServeRefusesOpenAdmin: serve stops before it loads or binds
// anything when the admin port would be open to other machines, or when
// the token file cannot be read.
func TestServeRefusesOpenAdmin(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	err := runServe(ctx, ServeOptions{Listen: "127.0.0.1:0", Admin: "0.0.0.0:0", LogLevel: "error", Log: io.Discard,
		Ready: func(netip.AddrPort, string) { t.Error("serve started") }})
	assert.ErrorContains(t, err, "--admin 0.0.0.0:0 is not a loopback address: give --admin-token-file FILE")

	missing := filepath.Join(t.TempDir(), "token")
	err = runServe(ctx, ServeOptions{Listen: "127.0.0.1:0", Admin: "127.0.0.1:0", AdminTokenFile: missing, LogLevel: "error", Log: io.Discard,
		Ready: func(netip.AddrPort, string) { t.Error("serve started") }})
	assert.ErrorContains(t, err, "--admin-token-file "+missing)
}

func TestHostGuard(t *testing.T) {
	wildcard := newHostGuard("0.0.0.0:8053", netip.IPv4Unspecified(), []string{"dns.example"})
	for _, host := range []string{"192.0.2.9:8053", "[2001:db8::1]:8053", "localhost", "dns.example:8053", "127.0.0.1"} {
		assert.True(t, wildcard.allows(host), "on all addresses, Host %q", host)
	}
	for _, host := range []string{"evil.example", "", "[", "dns.example.evil.example"} {
		assert.False(t, wildcard.allows(host), "on all addresses, Host %q", host)
	}
	public := newHostGuard("admin.example:8053", netip.MustParseAddr("192.0.2.1"), nil)
	for _, host := range []string{"admin.example:8053", "admin.example", "192.0.2.1:8053", "[::ffff:192.0.2.1]:8053"} {
		assert.True(t, public.allows(host), "on 192.0.2.1, Host %q", host)
	}
	for _, host := range []string{"localhost:8053", "127.0.0.1:8053", "[::1]:8053", "192.0.2.2:8053", "evil.example:8053"} {
		assert.False(t, public.allows(host), "on 192.0.2.1, Host %q", host)
	}
}
