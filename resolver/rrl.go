package resolver

import (
	"crypto/rand"
	"encoding/binary"
	"net/netip"
	"sync/atomic"
	"time"

	"github.com/miekg/dns"
	"github.com/r53d/r53d/answer"
)

// Response-rate limiting, as BIND, Knot and NSD do it: a UDP client
// network (IPv4 /24, IPv6 /56) gets at most Rate responses a second of one
// kind — one name and type answered, or one zone's NXDOMAINs, or one
// zone's errors — so a forged source address cannot turn r53d into an
// amplifier. Responses over the limit are dropped, and every Slip-th of
// them goes out as an empty TC=1 answer instead, so a real client behind
// that network retries over TCP, which is never limited.

// DefaultRRLRate is the default responses per second per bucket: far more
// than a resolver asks for one name, far less than a flood.
const DefaultRRLRate = 20

// rrlSlots is the size of the bucket table: buckets are found by a keyed
// hash, and a collision shares (or takes over) a slot, as in BIND.
const rrlSlots = 1 << 16

// RateLimit configures response-rate limiting.
type RateLimit struct {
	Rate   int            // responses per second per bucket; 0 disables
	Slip   int            // every Slip-th dropped response is sent as TC=1; 0 never, 1 always
	Exempt []netip.Prefix // client networks never limited
}

// WithRateLimit limits UDP responses (without it there is no limit).
func WithRateLimit(rl RateLimit) Option {
	return func(h *Handler) {
		if rl.Rate > 0 {
			h.rrl = newRateLimiter(rl)
		}
	}
}

// rateLimiter is a fixed table of token buckets shared by every worker,
// updated with atomics only.
type rateLimiter struct {
	RateLimit
	k0, k1 uint64 // hash key: buckets an attacker cannot aim collisions at
	slots  []rrlSlot
}

// rrlSlot is one bucket: the key it counts for, and its state, the time
// of the last update in milliseconds (high 32 bits) and the tokens left
// in thousandths of a response (low 32 bits).
type rrlSlot struct{ key, state atomic.Uint64 }

// maxRRLRate keeps a full bucket (Rate thousandths a millisecond, one
// second's worth) within the 32 bits of a slot's state.
const maxRRLRate = 1_000_000

func newRateLimiter(rl RateLimit) *rateLimiter {
	rl.Rate = min(rl.Rate, maxRRLRate)
	var b [16]byte
	_, _ = rand.Read(b[:]) // never fails (crypto/rand, Go 1.24)
	return &rateLimiter{RateLimit: rl, k0: binary.LittleEndian.Uint64(b[:]), k1: binary.LittleEndian.Uint64(b[8:]),
		slots: make([]rrlSlot, rrlSlots)}
}

// rrlVerdict is what happens to one response.
type rrlVerdict int

const (
	rrlSend rrlVerdict = iota
	rrlDrop
	rrlSlip
)

// Kinds of response, each its own bucket.
const (
	rrlAnswer = iota + 1
	rrlNoData
	rrlReferral
	rrlNXDomain
	rrlError
)

// verdict decides the fate of a UDP response to client, res answering
// question q, at time now. The slip counts the worker's own drops (no
// shared counter on the hot path).
func (l *rateLimiter) verdict(s *Scratch, client netip.Addr, q dns.Question, res *answer.Result, now time.Time) rrlVerdict {
	client = client.Unmap()
	for _, p := range l.Exempt {
		if p.Contains(client) {
			return rrlSend
		}
	}
	key := l.key(s, client, q, res)
	slot := &l.slots[key&(rrlSlots-1)]
	if l.take(slot, key|1, uint32(now.UnixMilli())) {
		return rrlSend
	}
	s.rrlDrops++
	if l.Slip > 0 && s.rrlDrops%uint64(l.Slip) == 0 {
		return rrlSlip
	}
	return rrlDrop
}

// key hashes what a bucket counts: the client network, the kind of
// response, and the name and type answered — the zone alone for NXDOMAIN
// and errors, the delegation for referrals, the wildcard for synthesized
// answers, so random names below them share one bucket.
func (l *rateLimiter) key(s *Scratch, client netip.Addr, q dns.Question, res *answer.Result) uint64 {
	b := s.rrlKey[:0]
	bits := 56
	if client.Is4() {
		bits = 24
	}
	network := netip.PrefixFrom(client, bits).Masked().Addr().As16()
	b = append(b, network[:]...)
	kind := rrlAnswer
	switch {
	case res.Rcode == dns.RcodeNameError:
		kind = rrlNXDomain
	case res.Rcode != dns.RcodeSuccess:
		kind = rrlError
	case len(res.Answer) > 0:
	case !res.Authoritative:
		kind = rrlReferral
	default:
		kind = rrlNoData
	}
	b = append(b, byte(kind))
	name := q.Name
	switch {
	case kind == rrlNXDomain || kind == rrlError:
		name = res.Zone
	case kind == rrlReferral && len(res.Authority) > 0:
		name = res.Authority[0].Header().Name // the delegation, whatever name below it was asked
	case kind == rrlAnswer:
		// The record's own owner: the wildcard for a synthesized answer,
		// so random names below it share one bucket.
		name = res.Answer[0].Header().Name
		b = binary.BigEndian.AppendUint16(b, q.Qtype)
	default:
		b = binary.BigEndian.AppendUint16(b, q.Qtype)
	}
	for i := 0; i < len(name) && len(b) < cap(b); i++ {
		c := name[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		b = append(b, c)
	}
	return sipHash24(l.k0, l.k1, b)
}

// take spends one response from the bucket of key in slot, refilled at
// Rate a second up to one second's worth; it reports whether there was
// one. A slot holding another key is taken over with a full bucket.
func (l *rateLimiter) take(slot *rrlSlot, key uint64, nowMs uint32) bool {
	const cost = 1000
	burst := uint64(l.Rate) * cost
	for {
		old := slot.state.Load()
		tokens := burst
		if slot.key.Load() == key {
			elapsed := uint64(nowMs - uint32(old>>32))
			tokens = min(old&0xFFFFFFFF+elapsed*uint64(l.Rate), burst)
		}
		ok := tokens >= cost
		if ok {
			tokens -= cost
		}
		if slot.state.CompareAndSwap(old, uint64(nowMs)<<32|tokens) {
			slot.key.Store(key)
			return ok
		}
	}
}
