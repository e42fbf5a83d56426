package zones

import (
	"bytes"
	"strconv"
	"strings"
)

// entry is one logical record or directive of a master file: its first
// line and the tokens it holds. The tokens give what miekg/dns's parser
// hides: the line of every record, and TXT strings before they are split
// into 255-byte pieces.
type entry struct {
	start     int // byte offsets of the entry in the file
	end       int
	lastLine  int
	line      int
	col       int
	blank     bool // the entry began with white space: owner is the previous one
	tokens    []token
	directive string // "$ORIGIN", "$TTL", "$INCLUDE", "$GENERATE" or ""
}

// token is one word or quoted string of an entry, unescaped length included.
type token struct {
	text   string // as written, quotes stripped
	quoted bool
	length int // bytes after RFC 1035 §5.1 unescaping
	line   int
	col    int
}

// scanEntries splits a master file into entries the way RFC 1035 §5.1 reads
// it: parentheses join lines, quotes and backslashes protect, ';' comments.
func scanEntries(data []byte) []entry {
	s := entryScanner{data: data, line: 1, col: 1}
	var out []entry
	for s.pos < len(s.data) {
		if e, ok := s.next(); ok {
			out = append(out, e)
		}
	}
	return out
}

type entryScanner struct {
	data      []byte
	pos       int
	line, col int
}

func (s *entryScanner) advance() byte {
	c := s.data[s.pos]
	s.pos++
	if c == '\n' {
		s.line++
		s.col = 1
	} else {
		s.col++
	}
	return c
}

// next reads one entry; ok is false for lines holding only blanks or comments.
func (s *entryScanner) next() (entry, bool) {
	e := entry{line: s.line, col: s.col, start: s.pos}
	e.blank = s.pos < len(s.data) && (s.data[s.pos] == ' ' || s.data[s.pos] == '\t')
	depth := 0
	for s.pos < len(s.data) {
		c := s.data[s.pos]
		switch {
		case c == '\n':
			s.advance()
			if depth == 0 {
				return e, s.finish(&e)
			}
		case c == ' ' || c == '\t' || c == '\r':
			s.advance()
		case c == ';':
			for s.pos < len(s.data) && s.data[s.pos] != '\n' {
				s.advance()
			}
		case c == '(':
			depth++
			s.advance()
		case c == ')':
			if depth > 0 {
				depth--
			}
			s.advance()
		default:
			e.tokens = append(e.tokens, s.word())
		}
	}
	return e, s.finish(&e)
}

func (s *entryScanner) finish(e *entry) bool {
	e.end, e.lastLine = s.pos, s.line
	if s.pos > 0 && s.data[s.pos-1] == '\n' {
		e.lastLine--
	}
	if len(e.tokens) == 0 {
		return false
	}
	if first := e.tokens[0]; !e.blank && !first.quoted && strings.HasPrefix(first.text, "$") {
		e.directive = strings.ToUpper(first.text)
	}
	return true
}

// word reads a quoted string or a bare word, counting unescaped bytes.
func (s *entryScanner) word() token {
	t := token{line: s.line, col: s.col}
	start := s.pos
	if s.data[s.pos] == '"' {
		t.quoted = true
		s.advance()
		start = s.pos
	}
	for s.pos < len(s.data) {
		c := s.data[s.pos]
		if t.quoted && c == '"' {
			t.text = string(s.data[start:s.pos])
			s.advance()
			return t
		}
		if !t.quoted && bytes.IndexByte([]byte(" \t\r\n;()\""), c) >= 0 {
			break
		}
		s.advance()
		if c == '\\' && s.pos < len(s.data) {
			if isDigits(s.data[s.pos:], 3) {
				s.advance()
				s.advance()
			}
			s.advance()
		}
		t.length++
	}
	t.text = string(s.data[start:s.pos])
	return t
}

func isDigits(b []byte, n int) bool {
	if len(b) < n {
		return false
	}
	for _, c := range b[:n] {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// recordType finds the TYPE token of a record entry: after the optional
// owner, TTL and class. It returns the index of the type token, or -1.
func (e *entry) recordType() int {
	i := 0
	if !e.blank {
		i = 1 // the owner
	}
	for ; i < len(e.tokens); i++ {
		t := strings.ToUpper(e.tokens[i].text)
		if e.tokens[i].quoted {
			return -1
		}
		if _, err := strconv.ParseUint(t, 10, 32); err == nil || isTTLWithUnits(t) {
			continue
		}
		switch t {
		case "IN", "CH", "CS", "HS", "NONE", "ANY":
			continue
		}
		if strings.HasPrefix(t, "CLASS") && isDigits([]byte(t[5:]), len(t)-5) && len(t) > 5 {
			continue
		}
		return i
	}
	return -1
}

// isTTLWithUnits accepts BIND's TTL shorthand such as 1h30m.
func isTTLWithUnits(t string) bool {
	if t == "" || t[0] < '0' || t[0] > '9' {
		return false
	}
	for _, c := range t {
		if !strings.ContainsRune("0123456789SMHDW", c) {
			return false
		}
	}
	return true
}

// generateCount is how many records a $GENERATE entry yields, 0 if unknown.
func (e *entry) generateCount() int {
	if len(e.tokens) < 2 {
		return 0
	}
	rng, step := e.tokens[1].text, 1
	if i := strings.IndexByte(rng, '/'); i >= 0 {
		n, err := strconv.Atoi(rng[i+1:])
		if err != nil || n <= 0 {
			return 0
		}
		rng, step = rng[:i], n
	}
	lo, hi, ok := strings.Cut(rng, "-")
	a, err1 := strconv.Atoi(lo)
	b, err2 := strconv.Atoi(hi)
	if !ok || err1 != nil || err2 != nil || b < a {
		return 0
	}
	return (b-a)/step + 1
}
