package cmd

import (
	"bytes"
	"io/fs"
	"net/netip"
	"strconv"
)

// demoUpProbe is how the embedded demo's demo-up check names the address
// it probes: the default --listen.
const demoUpProbe = "IPAddress: 127.0.0.1, Port: 1053,"

// demoFollowing is the demo zones directory with its demo-up check probing
// listen instead of the default address, so the demo's failover works on
// any --listen. An unspecified address is probed on loopback.
func demoFollowing(demo fs.FS, listen netip.AddrPort) fs.FS {
	if !listen.IsValid() || listen.Port() == 0 {
		return demo
	}
	data, err := fs.ReadFile(demo, "health-checks.yaml")
	if err != nil {
		return demo
	}
	addr := listen.Addr()
	if addr.IsUnspecified() {
		addr = netip.IPv6Loopback()
		if listen.Addr().Is4() {
			addr = netip.AddrFrom4([4]byte{127, 0, 0, 1})
		}
	}
	probe := "IPAddress: " + addr.String() + ", Port: " + strconv.Itoa(int(listen.Port())) + ","
	return overlayFS{FS: demo, name: "health-checks.yaml", data: bytes.Replace(data, []byte(demoUpProbe), []byte(probe), 1)}
}

// overlayFS is fsys with one file's content replaced.
type overlayFS struct {
	fs.FS
	name string
	data []byte
}

func (o overlayFS) Open(name string) (fs.File, error) {
	f, err := o.FS.Open(name)
	if err != nil || name != o.name {
		return f, err
	}
	return &overlayFile{File: f, r: bytes.NewReader(o.data), size: int64(len(o.data))}, nil
}

// overlayFile reads the replacement content and reports its size.
type overlayFile struct {
	fs.File
	r    *bytes.Reader
	size int64
}

func (f *overlayFile) Read(p []byte) (int, error) { return f.r.Read(p) }

func (f *overlayFile) Stat() (fs.FileInfo, error) {
	fi, err := f.File.Stat()
	if err != nil {
		return nil, err
	}
	return sizedInfo{FileInfo: fi, size: f.size}, nil
}

type sizedInfo struct {
	fs.FileInfo
	size int64
}

func (s sizedInfo) Size() int64 { return s.size }
