package impact

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"net/netip"
	"strconv"
	"strings"

	"github.com/r53d/r53d/geo"
)

// ReadPopulation reads a population file: CSV lines "subnet,weight" (an
// address counts as a full-length subnet), such as query counts per client
// subnet from a resolver's log. A first line that does not parse as a
// subnet is taken for a header; blank lines and lines starting with # are
// skipped. loc places each subnet (nil: every subnet unlocated).
func ReadPopulation(r io.Reader, name string, loc geo.Locator) (*Population, error) {
	cr := csv.NewReader(r)
	cr.Comment, cr.FieldsPerRecord, cr.TrimLeadingSpace = '#', -1, true
	p := &Population{Source: name}
	for line := 1; ; line++ {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("population %s: %w", name, err)
		}
		if len(rec) != 2 {
			return nil, fmt.Errorf("population %s: line %d: want subnet,weight, got %d fields", name, line, len(rec))
		}
		subnet, err := parseSubnet(strings.TrimSpace(rec[0]))
		if err != nil {
			if line == 1 {
				continue // a header
			}
			return nil, fmt.Errorf("population %s: line %d: %w", name, line, err)
		}
		w, err := strconv.ParseFloat(strings.TrimSpace(rec[1]), 64)
		if err != nil || w < 0 {
			return nil, fmt.Errorf("population %s: line %d: weight %q: want a number ≥ 0", name, line, rec[1])
		}
		u := Unit{Network: subnet, Addr: subnet.Addr(), Client: subnet, Weight: w, First: true}
		if loc != nil {
			l, ok := loc.Locate(subnet.Addr())
			l.Network = netip.Prefix{}
			u.Place, u.Located = l, ok
		}
		p.Units = append(p.Units, u)
	}
	if len(p.Units) == 0 {
		return nil, fmt.Errorf("population %s: no subnets", name)
	}
	return p, nil
}

func parseSubnet(s string) (netip.Prefix, error) {
	if strings.Contains(s, "/") {
		p, err := netip.ParsePrefix(s)
		if err != nil {
			return p, err
		}
		if a := p.Addr(); a.Is4In6() && p.Bits() >= 96 {
			p = netip.PrefixFrom(a.Unmap(), p.Bits()-96)
		}
		return p.Masked(), nil
	}
	a, err := netip.ParseAddr(s)
	if err != nil {
		return netip.Prefix{}, err
	}
	a = a.Unmap()
	return netip.PrefixFrom(a, a.BitLen()), nil
}
