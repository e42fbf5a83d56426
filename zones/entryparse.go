package zones

import (
	"errors"
	"fmt"
	"path"
	"slices"
	"strconv"
	"strings"

	"github.com/miekg/dns"
)

// records parses one entry with miekg/dns, alone, in the context of the
// entries before it: every record it yields was written in this entry, so
// its position cannot drift, and an error costs this entry only.
func (p *masterParse) records(file string, s *entryScanner, e *entry, ctx *context) {
	text := s.data[e.start:e.end]
	owner := ""
	if e.blank && e.directive == "" {
		if ctx.owner == "" {
			p.syntaxError(file, e.line, 1, "syntax", "no owner name: the entry begins with a blank and no record before it named one")
			return
		}
		owner = ctx.owner
	}
	p.buf = append(append(p.buf[:0], owner...), text...)
	p.rd.Reset(p.buf)
	zp := dns.NewZoneParser(&p.rd, ctx.origin, "")
	if ctx.hasTTL {
		zp.SetDefaultTTL(ctx.ttl)
	}
	plain := wireFormName(ctx.origin) && wireFormName(owner) && wireFormTokens(s, e)
	for rr, ok := zp.Next(); ok; rr, ok = zp.Next() {
		if !p.add(file, rr, e, ctx, plain) {
			return
		}
	}
	if err := zp.Err(); err != nil {
		line, col, msg := entryError(err, len(owner))
		if e.directive == "$GENERATE" {
			// miekg/dns counts the lines of the expanded text.
			line, col = 1, 1
		}
		line += e.line - 1
		p.syntaxError(file, line, tokenStart(e.tokens, line, col), "syntax", msg)
	}
}

// tokenStart is the column where the token covering line:col begins:
// miekg/dns places an error at the end of the offending token.
func tokenStart(tokens []token, line, col int) int {
	for _, t := range tokens {
		width := t.end - t.start
		if t.quoted {
			width += 2
		}
		if t.line == line && t.col <= col && col <= t.col+width {
			return t.col
		}
	}
	return col
}

// add files a record of entry e and carries its owner and TTL on to the
// next entries. It reports false when the zone has too many records.
func (p *masterParse) add(file string, rr dns.RR, e *entry, ctx *context, plain bool) bool {
	if len(p.out) >= p.m.limits.RecordsPerZone {
		p.tooMany(file, e)
		return false
	}
	if len(p.out) == cap(p.out) {
		// The records move to a larger array: the builder reading them
		// ahead would lose track.
		p.abandonAhead()
	}
	p.out = append(p.out, sourced{rr: rr, file: file, line: int32(e.line), col: 1, plain: plain})
	if e.directive == "" {
		// $GENERATE leaves the owner and TTL as they were.
		h := rr.Header()
		ctx.owner = h.Name
		if !ctx.ttlByDirective {
			ctx.ttl, ctx.hasTTL = h.Ttl, true
		}
	}
	if p.ahead != nil {
		// After the parser's last look at the record: the builder
		// rewrites its names.
		p.ahead.offer(p.out, false)
	}
	return true
}

func (p *masterParse) tooMany(file string, e *entry) {
	p.diags = append(p.diags, Diagnostic{File: file, Line: e.line, Col: 1, Rule: "limit",
		Message: fmt.Sprintf("more than %d records in this zone: the loader's limit", p.m.limits.RecordsPerZone)})
	p.syntax++
	p.stopped = true
}

// entryError takes miekg/dns's error for one entry apart: the message,
// and the line and column inside the entry (whose first line carried
// prefix bytes the file does not have).
func entryError(err error, prefix int) (line, col int, msg string) {
	msg = err.Error()
	var pe *dns.ParseError
	if !errors.As(err, &pe) {
		return 1, 1, msg
	}
	msg = strings.TrimPrefix(msg, "dns: ")
	at := strings.LastIndex(msg, " at line: ")
	if at < 0 {
		return 1, 1, msg
	}
	l, c, _ := strings.Cut(msg[at+len(" at line: "):], ":")
	line, err1 := strconv.Atoi(l)
	col, err2 := strconv.Atoi(c)
	if err1 != nil || err2 != nil || line < 1 {
		return 1, 1, msg[:at]
	}
	if line == 1 {
		col -= prefix
	}
	return line, max(col, 1), msg[:at]
}

// maxGenerate is how many records one $GENERATE may yield, as miekg/dns
// and BIND allow.
const maxGenerate = 65536

// maxGenerateText bounds a $GENERATE entry: its text is copied once per
// token and once per record.
const maxGenerateText = 4096

// generate checks a $GENERATE range before anything is expanded, then
// lets miekg/dns expand it.
func (p *masterParse) generate(file string, s *entryScanner, e *entry, ctx *context) {
	if len(e.tokens) < 2 {
		p.syntaxError(file, e.line, 1, "syntax", "$GENERATE takes a range and a record template")
		return
	}
	if e.end-e.start > maxGenerateText {
		p.syntaxError(file, e.line, 1, "syntax", fmt.Sprintf("$GENERATE entry of %d bytes: at most %d", e.end-e.start, maxGenerateText))
		return
	}
	rng := e.tokens[1]
	if n, ok := generateCount(s.text(rng)); ok && n > maxGenerate {
		p.syntaxError(file, rng.line, rng.col, "syntax", fmt.Sprintf("$GENERATE range %s yields %d records: at most %d", s.text(rng), n, maxGenerate))
		return
	} else if ok && len(p.out)+int(n) > p.m.limits.RecordsPerZone {
		p.tooMany(file, e)
		return
	}
	p.records(file, s, e, ctx)
}

// generateCount is how many records a $GENERATE range (start-stop[/step])
// yields; ok is false when it does not parse, which miekg/dns reports.
func generateCount(rng string) (n int64, ok bool) {
	step := int64(1)
	if r, st, found := strings.Cut(rng, "/"); found {
		v, err := strconv.ParseInt(st, 10, 64)
		if err != nil || v <= 0 {
			return 0, false
		}
		rng, step = r, v
	}
	lo, hi, found := strings.Cut(rng, "-")
	a, err1 := strconv.ParseInt(lo, 10, 64)
	b, err2 := strconv.ParseInt(hi, 10, 64)
	if !found || err1 != nil || err2 != nil || a < 0 || b < a {
		return 0, false
	}
	return (b-a)/step + 1, true
}

// maxIncludes bounds the files one master file opens, itself included:
// generous, since a zone may be assembled from many fragments.
const maxIncludes = 1024

// maxIncludeDepth is how deep $INCLUDE nests, as in miekg/dns: an
// $INCLUDE in a file this deep is an error.
const maxIncludeDepth = 7

// include reads the file an $INCLUDE names, relative to the including
// file, with its own copy of the context (RFC 1035 §5.1).
func (p *masterParse) include(chain []string, s *entryScanner, e *entry, ctx *context) {
	name := chain[len(chain)-1]
	file := p.m.display(name)
	if len(e.tokens) < 2 || len(e.tokens) > 3 {
		p.syntaxError(file, e.line, 1, "syntax", "$INCLUDE takes a file name and an optional origin")
		return
	}
	arg := e.tokens[1]
	sub := *ctx
	sub.owner = ""
	if len(e.tokens) == 3 {
		o, ok := absoluteName(s.text(e.tokens[2]), ctx.origin)
		if !ok || e.tokens[2].quoted {
			p.syntaxError(file, e.tokens[2].line, e.tokens[2].col, "syntax", fmt.Sprintf("bad origin name %q", s.text(e.tokens[2])))
			return
		}
		sub.origin = o
	}
	inc := s.text(arg)
	if !path.IsAbs(inc) {
		inc = path.Join(path.Dir(name), inc)
	}
	inc = strings.TrimLeft(path.Clean(inc), "/")
	var problem string
	switch {
	case len(chain) > maxIncludeDepth:
		problem = fmt.Sprintf("$INCLUDE nested more than %d deep", maxIncludeDepth)
	case slices.Contains(chain, inc):
		problem = fmt.Sprintf("$INCLUDE of %s, which is already being read: a file cannot include itself", inc)
	case p.opened >= maxIncludes:
		problem = fmt.Sprintf("more than %d files through $INCLUDE", maxIncludes)
	}
	if problem != "" {
		p.syntaxError(file, arg.line, arg.col, "syntax", problem)
		return
	}
	p.opened++
	data, err := ReadFile(p.m.fsys, inc, p.m.limits.FileSize)
	if err != nil {
		p.syntaxError(file, arg.line, arg.col, "syntax", fmt.Sprintf("failed to open `%s' as `%s': %v", s.text(arg), inc, err))
		return
	}
	p.file(append(chain[:len(chain):len(chain)], inc), data, &sub)
}

// wireFormName reports whether a name is written as miekg/dns writes the
// names it unpacks from queries: no escapes, and no byte it would escape.
func wireFormName(name string) bool {
	for i := 0; i < len(name); i++ {
		if c := name[i]; c <= ' ' || c > '~' || c == '\\' || c == '\'' || c == '@' || c == '"' || c == '(' || c == ')' || c == ';' {
			return false
		}
	}
	return true
}

// wireFormTokens reports whether every name of the entry's records can
// only be made of tokens in wire form ("@" alone stands for the origin),
// so the records need no rewriting (presentationForm). A quoted string
// may hold anything.
func wireFormTokens(s *entryScanner, e *entry) bool {
	for _, t := range e.tokens {
		text := s.data[t.start:t.end]
		if len(text) == 1 && text[0] == '@' {
			continue
		}
		if t.quoted || !wireFormName(string(text)) {
			return false
		}
	}
	return true
}
