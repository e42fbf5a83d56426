package resolver

import (
	"bufio"
	"context"
	"io"
	"log/slog"
	"net"
	"net/netip"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/miekg/dns"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// nofileChild, set in the environment, makes the test below the server
// process: it runs with a small descriptor limit, prints its address and
// serves until its standard input closes.
const nofileChild = "R53D_TEST_NOFILE_CHILD"

// TestTCPAcceptOutOfDescriptors runs a server in a child process whose
// RLIMIT_NOFILE is 48 and opens 100 connections to it: the accept loop
// must not spin (the child's CPU time stays well below its wall time),
// must say so once, and must answer a new query once idle connections
// have given their descriptors back.
func TestTCPAcceptOutOfDescriptors(t *testing.T) {
	if os.Getenv(nofileChild) == "1" {
		serveWithFewDescriptors(t)
		return
	}
	if testing.Short() {
		t.Skip("-short: this test runs a child server for about 6 s (CI runs it: no -short there)")
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestTCPAcceptOutOfDescriptors$", "-test.count=1")
	cmd.Env = append(os.Environ(), nofileChild+"=1")
	stdin, err := cmd.StdinPipe()
	require.NoError(t, err)
	stdout, err := cmd.StdoutPipe()
	require.NoError(t, err)
	stderr := &logLines{} // written by exec's copier while the test reads it
	cmd.Stderr = stderr
	start := time.Now()
	require.NoError(t, cmd.Start())
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	// stop closes the child's input, which ends it, and waits (once).
	var waitErr error
	stopped := false
	stop := func() error {
		if !stopped {
			stopped = true
			stdin.Close()
			select {
			case waitErr = <-exited:
			case <-time.After(10 * time.Second):
				_ = cmd.Process.Kill()
				waitErr = <-exited
			}
		}
		return waitErr
	}
	defer stop()

	addrLine := make(chan string, 1)
	go func() {
		line, _ := bufio.NewReader(stdout).ReadString('\n')
		addrLine <- strings.TrimSpace(line)
		_, _ = io.Copy(io.Discard, stdout)
	}()
	var addr string
	select {
	case addr = <-addrLine:
	case <-time.After(10 * time.Second):
		t.Fatal("the child server did not start")
	}
	require.NotEmpty(t, addr, "child stderr: %s", stderr.String())

	var hold []net.Conn
	for range 100 {
		c, err := net.DialTimeout("tcp", addr, 2*time.Second)
		require.NoError(t, err)
		hold = append(hold, c)
	}
	defer func() {
		for _, c := range hold {
			c.Close()
		}
	}()
	time.Sleep(2 * time.Second) // out of descriptors all along

	m := new(dns.Msg)
	m.SetQuestion("www.example.test.", dns.TypeA)
	r, _, err := (&dns.Client{Net: "tcp", Timeout: 8 * time.Second}).Exchange(m, addr)
	require.NoError(t, err, "answered once stale connections gave descriptors back")
	assert.Len(t, r.Answer, 2)

	require.NoError(t, stop(), "child: %s", stderr.String())
	wall := time.Since(start)
	cpu := cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()
	// A spinning accept loop burns a core for the whole run.
	t.Logf("child CPU %v in %v", cpu, wall)
	assert.Less(t, cpu, wall*2/5, "child CPU %v in %v", cpu, wall)
	assert.Equal(t, 1, stderr.count("TCP accept failing"), stderr.String())
	assert.Equal(t, 1, stderr.count("too many open files"), stderr.String())
}

func serveWithFewDescriptors(t *testing.T) {
	lim := syscall.Rlimit{Cur: 48, Max: 48}
	require.NoError(t, syscall.Setrlimit(syscall.RLIMIT_NOFILE, &lim))
	srv, err := Listen("127.0.0.1:0", NewHandler(loadStore(t, map[string]string{"example.test.zone": exampleZone(t)}), nil),
		slog.New(slog.NewTextHandler(os.Stderr, nil)))
	require.NoError(t, err)
	srv.Serve()
	os.Stdout.WriteString(netip.AddrPortFrom(srv.Addr().Addr(), srv.Addr().Port()).String() + "\n")
	_, _ = io.Copy(io.Discard, os.Stdin)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	require.NoError(t, srv.Shutdown(ctx))
}
