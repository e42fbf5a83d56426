// daemon_test.go runs the C servers the tests compare with or put in front
// of r53d (Knot DNS, Unbound): finding the binary, a free loopback port,
// the start, the wait until it answers, and the stop by PID.

package resolver

import (
	"net"
	"net/netip"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/miekg/dns"
	"github.com/stretchr/testify/require"
)

// needs skips the test when something it needs is missing, except under
// CI, where a skip would hide that nothing was compared.
func needs(t *testing.T, what string) {
	t.Helper()
	if os.Getenv("CI") == "true" {
		t.Fatal("missing " + what)
	}
	t.Skip("missing " + what)
}

// sbinPath finds a daemon that Debian installs in /usr/sbin (often not in
// PATH for users), or skips the test naming the package to install.
func sbinPath(t *testing.T, name, pkg string) string {
	t.Helper()
	for _, p := range []string{name, "/usr/sbin/" + name} {
		if found, err := exec.LookPath(p); err == nil {
			return found
		}
	}
	needs(t, name+": install it with apt-get install "+pkg)
	return ""
}

// daemon is a server process started for one test.
type daemon struct {
	name    string
	exited  chan struct{} // closed once the process has exited
	logPath string
}

// startDaemon runs path with args in the foreground, its output in a log
// file in dir, and kills it by its PID when the test ends.
func startDaemon(t *testing.T, dir, path string, args ...string) *daemon {
	t.Helper()
	d := &daemon{name: filepath.Base(path), exited: make(chan struct{})}
	d.logPath = filepath.Join(dir, d.name+".log")
	logFile, err := os.Create(d.logPath)
	require.NoError(t, err)
	cmd := exec.Command(path, args...)
	cmd.Stdout, cmd.Stderr = logFile, logFile
	require.NoError(t, cmd.Start())
	go func() {
		_ = cmd.Wait()
		logFile.Close()
		close(d.exited)
	}()
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		<-d.exited
	})
	return d
}

// waitSOA polls the daemon at addr with an SOA query for name until ready
// accepts the reply, for at most 10 seconds, and fails at once if the
// daemon exits.
func (d *daemon) waitSOA(t *testing.T, addr netip.AddrPort, name string, ready func(*dns.Msg) bool) {
	t.Helper()
	m := new(dns.Msg)
	m.SetQuestion(name, dns.TypeSOA)
	c := &dns.Client{Net: "udp", Timeout: 200 * time.Millisecond}
	poll := time.NewTicker(20 * time.Millisecond)
	defer poll.Stop()
	deadline := time.After(10 * time.Second)
	for {
		if r, _, err := c.Exchange(m, addr.String()); err == nil && r.Rcode == dns.RcodeSuccess && ready(r) {
			return
		}
		select {
		case <-d.exited:
			t.Fatalf("%s exited before answering %s SOA:\n%s", d.name, name, readLog(d.logPath))
		case <-deadline:
			t.Fatalf("%s did not answer %s SOA within 10s:\n%s", d.name, name, readLog(d.logPath))
		case <-poll.C:
		}
	}
}

// freePort finds a loopback port free for both UDP and TCP. Another
// process may take it before the daemon binds it; waitSOA then fails
// loudly.
func freePort(t *testing.T) uint16 {
	t.Helper()
	lo := net.IPv4(127, 0, 0, 1)
	for range 20 {
		tl, err := net.ListenTCP("tcp", &net.TCPAddr{IP: lo})
		require.NoError(t, err)
		port := tl.Addr().(*net.TCPAddr).Port
		ul, err := net.ListenUDP("udp", &net.UDPAddr{IP: lo, Port: port})
		tl.Close()
		if err == nil {
			ul.Close()
			return uint16(port)
		}
	}
	t.Fatal("no loopback port free for both UDP and TCP")
	return 0
}

func readLog(path string) string {
	b, err := os.ReadFile(path)
	if err != nil {
		return err.Error()
	}
	return string(b)
}
