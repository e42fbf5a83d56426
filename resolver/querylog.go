package resolver

import (
	"bufio"
	"io"
	"net/netip"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/miekg/dns"
	"github.com/r53d/r53d/zones"
)

// maxLoggedQuery is how much of a query the log keeps: enough for any
// question and an OPT with ECS.
const maxLoggedQuery = 512

// loggedQuery is what a serving worker hands the query log: a copy of the
// query and what only the worker knows. A fixed-size value, so handing it
// over allocates nothing.
type loggedQuery struct {
	at    int64 // Unix nanoseconds
	pkt   [maxLoggedQuery]byte
	n     int
	rcode uint8
	tcp   bool
	peer  netip.Addr
}

// QueryLog writes one line per sampled query in the format of Route 53's
// query logs:
//
//	1.0 2026-11-30T12:00:00.123Z example.test www.example.test A NOERROR UDP r53d 192.0.2.1 11.4.0.0/24
//
// (version, time, zone, query name, type, response code, protocol, edge
// location, resolver address, EDNS client subnet or "-"). r53d names the
// zone by its origin where Route 53 prints a hosted zone id. Workers only
// copy the query into a block of their own and hand over whole blocks;
// parsing, formatting and writing happen on the log's own goroutine. When
// it falls behind, queries are dropped and counted rather than slowing the
// answers.
type QueryLog struct {
	out     *bufio.Writer
	every   uint64 // log one query in every
	store   *zones.Store
	full    chan *logBlock // blocks to write
	free    chan *logBlock // blocks written, for the workers to fill again
	dropped atomic.Uint64
	done    chan struct{}
	mu      sync.RWMutex // held for reading while handing over; Close takes it to close full
	closed  bool
	stamp   stamper // the log goroutine's
}

// stamper formats times as 2006-01-02T15:04:05.000Z, keeping the text of
// the current second: queries come many to a second.
type stamper struct {
	sec  int64
	text []byte // up to and including the second's dot
}

func (t *stamper) append(b []byte, unixNano int64) []byte {
	if sec := unixNano / 1e9; sec != t.sec || t.text == nil {
		t.sec = sec
		t.text = time.Unix(sec, 0).UTC().AppendFormat(t.text[:0], "2006-01-02T15:04:05.")
	}
	ms := unixNano / 1e6 % 1000
	return append(append(b, t.text...), byte('0'+ms/100), byte('0'+ms/10%10), byte('0'+ms%10), 'Z')
}

// logBlock is a batch of queries one worker hands over at once, so the
// handover costs one channel operation per batch, not per query.
type logBlock struct {
	n int
	q [64]loggedQuery
}

// logBlocks is how many blocks circulate between the workers and the log.
const logBlocks = 32

// NewQueryLog logs one query in every (1: all of them) to w, naming zones
// from store. Close flushes it.
func NewQueryLog(w io.Writer, every int, store *zones.Store) *QueryLog {
	l := &QueryLog{out: bufio.NewWriterSize(w, 64<<10), every: uint64(max(every, 1)), store: store,
		full: make(chan *logBlock, logBlocks), free: make(chan *logBlock, logBlocks), done: make(chan struct{})}
	for range logBlocks {
		l.free <- new(logBlock)
	}
	go l.run()
	return l
}

// Dropped is how many sampled queries the log could not keep up with.
func (l *QueryLog) Dropped() uint64 { return l.dropped.Load() }

// Close writes what is queued and stops the log.
// Workers must have flushed (they have once the server is shut down).
func (l *QueryLog) Close() error {
	l.mu.Lock()
	if !l.closed {
		l.closed = true
		close(l.full)
	}
	l.mu.Unlock()
	<-l.done
	return l.out.Flush()
}

// sampler is one worker's side of the log: its count of queries, for
// sampling without sharing, and the block it is filling.
type sampler struct {
	n   uint64
	blk *logBlock
}

// record copies one answered query into the worker's block, if sampled.
// resp is the wire response (its rcode is read from the header). A full
// block is handed over at once; a partly filled one at flush.
func (l *QueryLog) record(s *sampler, query, resp []byte, peer netip.Addr, tcp bool) {
	if l == nil || len(resp) < headerLen {
		return
	}
	s.n++
	if s.n%l.every != 0 {
		return
	}
	if s.blk == nil {
		select {
		case s.blk = <-l.free:
			s.blk.n = 0
		default:
			l.dropped.Add(1)
			return
		}
	}
	e := &s.blk.q[s.blk.n]
	e.at, e.rcode, e.tcp, e.peer = time.Now().UnixNano(), resp[3]&0xF, tcp, peer
	e.n = copy(e.pkt[:], query)
	if s.blk.n++; s.blk.n == len(s.blk.q) {
		l.flush(s)
	}
}

// flush hands the worker's block over, if it holds anything: a UDP worker
// calls it after each batch, a TCP connection after each query.
func (l *QueryLog) flush(s *sampler) {
	if l == nil || s.blk == nil || s.blk.n == 0 {
		return
	}
	l.mu.RLock()
	defer l.mu.RUnlock()
	if l.closed {
		s.blk = nil
		return
	}
	select {
	case l.full <- s.blk:
	default:
		l.dropped.Add(uint64(s.blk.n))
		l.free <- s.blk // never blocks: the blocks in circulation fit
	}
	s.blk = nil
}

func (l *QueryLog) run() {
	defer close(l.done)
	s := NewScratch()
	line := make([]byte, 0, 256)
	tick := time.NewTicker(time.Second)
	defer tick.Stop()
	for {
		select {
		case blk, ok := <-l.full:
			if !ok {
				return
			}
			for i := range blk.n {
				if line = l.format(line[:0], s, &blk.q[i]); len(line) > 0 {
					_, _ = l.out.Write(line)
				}
			}
			l.free <- blk
		case <-tick.C:
			_ = l.out.Flush() // a quiet server's log is still current within a second
		}
	}
}

// format appends the log line of e, or nothing if its query cannot be read.
func (l *QueryLog) format(b []byte, s *Scratch, e *loggedQuery) []byte {
	pkt := e.pkt[:e.n]
	if len(pkt) < headerLen || !s.readQuery(pkt) || len(s.req.Question) != 1 {
		return b
	}
	q := s.req.Question[0]
	name := strings.TrimSuffix(q.Name, ".")
	zone := "-"
	if z, ok := l.store.View().Closest(strings.ToLower(q.Name)); ok {
		zone = strings.TrimSuffix(z.Origin, ".")
		if zone == "" {
			zone = "."
		}
	}
	if name == "" {
		name = "."
	}
	b = append(b, "1.0 "...)
	b = l.stamp.append(b, e.at)
	b = append(b, ' ')
	b = append(b, zone...)
	b = append(b, ' ')
	b = append(b, name...)
	b = append(b, ' ')
	b = appendType(b, q.Qtype)
	b = append(b, ' ')
	b = appendRcode(b, int(e.rcode))
	if e.tcp {
		b = append(b, " TCP r53d "...)
	} else {
		b = append(b, " UDP r53d "...)
	}
	b = e.peer.Unmap().AppendTo(b)
	b = append(b, ' ')
	b = appendSubnet(b, s)
	return append(b, '\n')
}

func appendType(b []byte, t uint16) []byte {
	if name, ok := dns.TypeToString[t]; ok {
		return append(b, name...)
	}
	return strconv.AppendUint(append(b, "TYPE"...), uint64(t), 10)
}

func appendRcode(b []byte, rc int) []byte {
	if name, ok := dns.RcodeToString[rc]; ok {
		return append(b, name...)
	}
	return strconv.AppendInt(append(b, "RCODE"...), int64(rc), 10)
}

// appendSubnet appends the query's EDNS client subnet, or "-".
func appendSubnet(b []byte, s *Scratch) []byte {
	opt, _ := findOPT(s.req.Extra)
	if opt == nil {
		return append(b, '-')
	}
	for _, o := range opt.Option {
		if e, ok := o.(*dns.EDNS0_SUBNET); ok && len(e.Address) > 0 {
			if a, ok := netip.AddrFromSlice(e.Address); ok {
				if e.Family == 1 {
					a = a.Unmap()
				}
				if p, err := a.Prefix(int(e.SourceNetmask)); err == nil {
					return p.AppendTo(b)
				}
			}
		}
	}
	return append(b, '-')
}
