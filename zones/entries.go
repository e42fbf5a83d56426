package zones

import (
	"bytes"
	"strings"
)

// entry is one logical record or directive of a master file (RFC 1035
// §5.1): where it starts and ends, and the tokens it holds. It is the unit
// the loader parses, so every record it yields carries the entry's place.
type entry struct {
	start, end int // byte offsets of the entry in the file
	line       int
	blank      bool // the entry began with white space: owner is the previous one
	tokens     []token
	directive  string // "$ORIGIN", "$TTL", "$INCLUDE", "$GENERATE" or ""
}

// token is one word or quoted string of an entry.
type token struct {
	start, end int // the text as written, quotes stripped
	quoted     bool
	length     int // bytes after RFC 1035 §5.1 unescaping
	line, col  int
	// badEscape is a \DDD escape above 255 (such as \777), which would
	// otherwise silently wrap into another byte; empty when there is none.
	badEscape string
}

// entryScanner splits a master file into entries the way RFC 1035 §5.1
// reads it: parentheses join lines, quotes and backslashes protect, ';'
// starts a comment. The tokens of the entry it returns are reused by the
// next call.
type entryScanner struct {
	data      []byte
	pos       int
	line, col int
	tokens    []token
}

func newEntryScanner(data []byte) *entryScanner {
	return &entryScanner{data: data, line: 1, col: 1}
}

// text is a token as written, quotes stripped.
func (s *entryScanner) text(t token) string { return string(s.data[t.start:t.end]) }

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

// next returns the next entry holding at least one token; ok is false at
// the end of the file.
func (s *entryScanner) next() (e entry, ok bool) {
	for s.pos < len(s.data) {
		if e, ok := s.one(); ok {
			return e, true
		}
	}
	return entry{}, false
}

// one reads one entry; ok is false for lines holding only blanks or comments.
func (s *entryScanner) one() (entry, bool) {
	e := entry{line: s.line, start: s.pos}
	e.blank = s.data[s.pos] == ' ' || s.data[s.pos] == '\t'
	s.tokens = s.tokens[:0]
	depth := 0
	for s.pos < len(s.data) {
		c := s.data[s.pos]
		switch {
		case c == '\n':
			s.advance()
			if depth == 0 {
				return s.finish(e)
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
			s.tokens = append(s.tokens, s.word())
		}
	}
	return s.finish(e)
}

func (s *entryScanner) finish(e entry) (entry, bool) {
	e.end = s.pos
	e.tokens = s.tokens
	if len(e.tokens) == 0 {
		return e, false
	}
	if first := e.tokens[0]; !e.blank && !first.quoted && s.data[first.start] == '$' {
		switch d := strings.ToUpper(s.text(first)); d {
		case "$ORIGIN", "$TTL", "$INCLUDE", "$GENERATE":
			e.directive = d
		}
	}
	return e, true
}

// word reads a quoted string or a bare word, counting unescaped bytes.
func (s *entryScanner) word() token {
	t := token{line: s.line, col: s.col, start: s.pos}
	if s.data[s.pos] == '"' {
		t.quoted = true
		s.advance()
		t.start = s.pos
	} else {
		// Most words are bare, on one line, with no escape: skip them whole.
		i := s.pos
		for i < len(s.data) && s.data[i] != '\\' && !isDelimiter(s.data[i]) {
			i++
		}
		t.length += i - s.pos
		s.col += i - s.pos
		s.pos = i
	}
	for s.pos < len(s.data) {
		c := s.data[s.pos]
		if t.quoted && c == '"' {
			t.end = s.pos
			s.advance()
			return t
		}
		if !t.quoted && isDelimiter(c) {
			break
		}
		s.advance()
		if c == '\\' && s.pos < len(s.data) {
			if isDigits(s.data[s.pos:], 3) {
				s.checkEscape(&t)
				s.advance()
				s.advance()
			}
			s.advance()
		}
		t.length++
	}
	t.end = s.pos
	return t
}

// checkEscape notes a \DDD escape whose value does not fit in a byte.
func (s *entryScanner) checkEscape(t *token) {
	d := s.data[s.pos : s.pos+3]
	if v := int(d[0]-'0')*100 + int(d[1]-'0')*10 + int(d[2]-'0'); v > 255 && t.badEscape == "" {
		t.badEscape = `\` + string(d)
	}
}

func isDelimiter(c byte) bool {
	switch c {
	case ' ', '\t', '\r', '\n', ';', '(', ')', '"':
		return true
	}
	return false
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
func (s *entryScanner) recordType(e *entry) int {
	i := 0
	if !e.blank {
		i = 1 // the owner
	}
	for ; i < len(e.tokens); i++ {
		if e.tokens[i].quoted {
			return -1
		}
		t := s.data[e.tokens[i].start:e.tokens[i].end]
		if isTTLWithUnits(t) || isClass(t) {
			continue
		}
		return i
	}
	return -1
}

func isClass(t []byte) bool {
	for _, c := range [...]string{"IN", "CH", "CS", "HS", "NONE", "ANY"} {
		if bytes.EqualFold(t, []byte(c)) {
			return true
		}
	}
	return len(t) > 5 && bytes.EqualFold(t[:5], []byte("CLASS")) && isDigits(t[5:], len(t)-5)
}

// isTTLWithUnits accepts a TTL: digits, or BIND's shorthand such as 1h30m.
func isTTLWithUnits(t []byte) bool {
	if len(t) == 0 || t[0] < '0' || t[0] > '9' {
		return false
	}
	for _, c := range t {
		if !strings.ContainsRune("0123456789sSmMhHdDwW", rune(c)) {
			return false
		}
	}
	return true
}

// parseTTL reads a TTL the way $TTL takes it: seconds, or BIND's units
// (1h30m). It refuses values above 2^32-1.
func parseTTL(t string) (uint32, bool) {
	var total, n uint64
	for _, c := range []byte(t) {
		switch c | 0x20 {
		case 's':
			total, n = total+n, 0
		case 'm':
			total, n = total+n*60, 0
		case 'h':
			total, n = total+n*3600, 0
		case 'd':
			total, n = total+n*86400, 0
		case 'w':
			total, n = total+n*604800, 0
		default:
			if c < '0' || c > '9' {
				return 0, false
			}
			n = n*10 + uint64(c-'0')
		}
		if total+n > 1<<32-1 {
			return 0, false
		}
	}
	return uint32(total + n), t != ""
}
