package zones

import (
	"bytes"
	"fmt"
	"io/fs"
	"strings"

	"github.com/miekg/dns"
)

// sourced is a record with the place it was written.
type sourced struct {
	rr   dns.RR
	file string
	line int32 // a zone has millions of these: 32 bits are plenty
	col  int32
	// fromRecordSet marks values that came from a Route 53 record-set file.
	fromRecordSet bool
	// plain marks records whose names hold no byte miekg/dns escapes, so
	// they are already in the form of names unpacked from queries.
	plain bool
}

// maxSyntaxErrors bounds how many syntax errors one file reports.
const maxSyntaxErrors = 50

// Limits bound what one load may expand to, so a few bytes of $GENERATE
// or $INCLUDE cannot exhaust memory.
type Limits struct {
	// RecordsPerZone bounds the records one master file yields, with its
	// $INCLUDE and $GENERATE directives.
	RecordsPerZone int
	// Cores is how many cores a load keeps busy: 0 for as many as help
	// (two: one reads a master file while the other builds its zone), 1
	// to leave the others to the queries of a server that is reloading.
	Cores int
	// FileSize bounds the bytes of one file (limits.go).
	FileSize int64
	// Records bounds the records of all zones of a load together.
	Records int
	// Files bounds the zone and side files of one directory.
	Files int
}

// DefaultLimits are generous for real zones: ten times the largest zones
// people serve from master files.
func DefaultLimits() Limits {
	return Limits{RecordsPerZone: 10_000_000, FileSize: DefaultFileSize, Records: 50_000_000, Files: 10_000}
}

// masterFile parses RFC 1035 master files from one directory tree.
type masterFile struct {
	fsys    fs.FS
	display func(name string) string // path shown in messages
	limits  Limits
}

// context is what RFC 1035 §5.1 carries from one entry to the next. An
// $INCLUDE starts from a copy, so its $ORIGIN and $TTL stay inside it.
type context struct {
	origin         string
	owner          string // of the previous record, for entries that begin with a blank
	ttl            uint32
	hasTTL         bool
	ttlByDirective bool    // $TTL was given: explicit TTLs do not become the default
	plainOwner     string  // the last owner found in the form of names in queries
	alloc          *rrSlab // shared with the files it includes
}

// masterParse is one master file being read, with every file it includes.
type masterParse struct {
	m       masterFile
	opened  int
	out     []sourced
	diags   Diagnostics
	syntax  int    // syntax errors so far
	stopped bool   // a limit was reached: read no further
	buf     []byte // the entry being parsed, after the owner it inherits
	rd      bytes.Reader
	ahead   *buildAhead // builds the zone from the records as they come; nil for none
}

// parse reads the master file name, whose text is data, with the given
// default origin. An entry with a syntax error is left out and the rest
// checked; no records are returned when reading stopped at a limit.
// ahead, when not nil, is handed the records as they are read.
func (m masterFile) parse(name string, data []byte, origin string, ahead *buildAhead) ([]sourced, Diagnostics) {
	if m.limits.RecordsPerZone <= 0 {
		m.limits.RecordsPerZone = DefaultLimits().RecordsPerZone
	}
	// About a record a line: growing the list as it fills would copy it
	// some twenty times over in a large zone.
	p := &masterParse{m: m, opened: 1, out: make([]sourced, 0, min(bytes.Count(data, []byte("\n"))+1, m.limits.RecordsPerZone))}
	p.ahead = ahead
	p.file([]string{name}, data, &context{origin: dns.Fqdn(origin), alloc: &rrSlab{}})
	if p.stopped {
		p.abandonAhead()
		return nil, p.diags
	}
	if p.ahead != nil {
		p.ahead.offer(p.out, true)
		p.ahead.finish()
	}
	return p.out, p.diags
}

func (p *masterParse) abandonAhead() {
	if p.ahead != nil {
		p.ahead.abandon()
		p.ahead = nil
	}
}

// file reads one file, entry by entry. chain is the file after the files
// that include it.
func (p *masterParse) file(chain []string, data []byte, ctx *context) {
	name := p.m.display(chain[len(chain)-1])
	s := newEntryScanner(data)
	for e, ok := s.next(); ok && !p.stopped; e, ok = s.next() {
		if t, ok := badEscape(e.tokens); ok {
			p.syntaxError(name, t.line, t.col, "escape", fmt.Sprintf("escape %s is above 255: a byte is \\000 to \\255", t.badEscape))
			continue
		}
		switch e.directive {
		case "$ORIGIN":
			p.origin(name, s, &e, ctx)
		case "$TTL":
			p.ttl(name, s, &e, ctx)
		case "$INCLUDE":
			p.include(chain, s, &e, ctx)
		case "$GENERATE":
			p.generate(name, s, &e, ctx)
		default:
			if rr, ok := quickRecord(s, &e, ctx); ok { // never a TXT record
				p.add(name, rr, &e, ctx, quickWireForm(rr, ctx))
				continue
			}
			p.diags = append(p.diags, checkTXTStrings(name, s, &e)...)
			p.records(name, s, &e, ctx)
		}
	}
}

func badEscape(tokens []token) (token, bool) {
	for _, t := range tokens {
		if t.badEscape != "" {
			return t, true
		}
	}
	return token{}, false
}

// syntaxError reports an error that keeps the file from loading, and
// stops reading once there are too many.
func (p *masterParse) syntaxError(file string, line, col int, rule, msg string) {
	if p.syntax == maxSyntaxErrors {
		msg = fmt.Sprintf("more than %d syntax errors: the rest is not read", maxSyntaxErrors)
		p.stopped = true
	}
	p.diags = append(p.diags, Diagnostic{File: file, Line: line, Col: max(col, 1), Rule: rule, Message: msg})
	p.syntax++
}

func (p *masterParse) origin(file string, s *entryScanner, e *entry, ctx *context) {
	if len(e.tokens) != 2 {
		p.syntaxError(file, e.line, 1, "syntax", "$ORIGIN takes one domain name")
		return
	}
	name, ok := absoluteName(s.text(e.tokens[1]), ctx.origin)
	if !ok || e.tokens[1].quoted {
		t := e.tokens[1]
		p.syntaxError(file, t.line, t.col, "syntax", fmt.Sprintf("bad origin name %q", s.text(t)))
		return
	}
	ctx.origin = name
}

func (p *masterParse) ttl(file string, s *entryScanner, e *entry, ctx *context) {
	if len(e.tokens) != 2 {
		p.syntaxError(file, e.line, 1, "syntax", "$TTL takes one TTL")
		return
	}
	ttl, ok := parseTTL(s.text(e.tokens[1]))
	if !ok {
		t := e.tokens[1]
		p.syntaxError(file, t.line, t.col, "syntax", fmt.Sprintf("bad TTL %q: seconds (at most 2^32-1) or units such as 1h30m", s.text(t)))
		return
	}
	ctx.ttl, ctx.hasTTL, ctx.ttlByDirective = ttl, true, true
}

// absoluteName resolves a name against the origin as RFC 1035 §5.1 does:
// "@" is the origin, a name without a final dot is relative to it.
func absoluteName(name, origin string) (string, bool) {
	switch {
	case name == "@":
		return origin, origin != ""
	case !validName(name):
		return "", false
	case dns.IsFqdn(name):
		return name, true
	case origin == "":
		return "", false
	case origin == ".":
		return name + ".", true
	}
	return name + "." + origin, true
}

// checkTXTStrings rejects character-strings longer than 255 bytes, which
// miekg/dns would otherwise split silently (RFC 1035 §3.3).
func checkTXTStrings(file string, s *entryScanner, e *entry) Diagnostics {
	i := s.recordType(e)
	if i < 0 {
		return nil
	}
	if t := s.text(e.tokens[i]); !strings.EqualFold(t, "TXT") && !strings.EqualFold(t, "SPF") {
		return nil
	}
	var out Diagnostics
	for _, t := range e.tokens[i+1:] {
		if t.length > 255 {
			out = append(out, Diagnostic{File: file, Line: t.line, Col: t.col, Rule: "txt-string-length",
				Message: fmt.Sprintf("TXT string of %d bytes is longer than 255: split it into several quoted strings", t.length)})
		}
	}
	return out
}
