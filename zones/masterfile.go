package zones

import (
	"errors"
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/miekg/dns"
)

// sourced is a record with the place it was written.
type sourced struct {
	rr   dns.RR
	file string
	line int
	col  int
	// fromRecordSet marks values that came from a Route 53 record-set file.
	fromRecordSet bool
}

// maxSyntaxErrors bounds how many syntax errors one file reports: after
// each, the offending entry is blanked out and the file parsed again.
const maxSyntaxErrors = 50

// masterFile parses RFC 1035 master files from one directory tree.
type masterFile struct {
	fsys    fs.FS
	display func(name string) string // path shown in messages
}

// parse reads the master file name with the given default origin.
func (m masterFile) parse(name, origin string) ([]sourced, Diagnostics) {
	// $INCLUDE may fan out (a file including itself twice, seven levels
	// deep): bound the files one master file may open in all.
	m.fsys = &openBudget{FS: m.fsys, left: maxIncludes}
	data, err := fs.ReadFile(m.fsys, name)
	if err != nil {
		return nil, Diagnostics{{File: m.display(name), Rule: "read", Message: err.Error()}}
	}
	var diags Diagnostics
	positions := m.positions([]string{name}, data, &diags)
	for range maxSyntaxErrors {
		rrs, perr := m.parseOnce(name, data, origin, positions)
		if perr == nil {
			return rrs, diags
		}
		diags = append(diags, *perr)
		if perr.File != m.display(name) || !blankEntryAt(data, perr.Line) {
			break
		}
		positions = m.positions([]string{name}, data, nil)
	}
	return nil, diags
}

func (m masterFile) parseOnce(name string, data []byte, origin string, positions []sourced) ([]sourced, *Diagnostic) {
	if b, ok := m.fsys.(*openBudget); ok {
		b.left = maxIncludes
	}
	zp := dns.NewZoneParser(strings.NewReader(string(data)), origin, name)
	zp.SetIncludeAllowed(true)
	zp.SetIncludeFS(m.fsys)
	var out []sourced
	for rr, ok := zp.Next(); ok; rr, ok = zp.Next() {
		s := sourced{rr: rr, file: m.display(name)}
		if i := len(out); i < len(positions) {
			s.file, s.line, s.col = positions[i].file, positions[i].line, positions[i].col
		}
		out = append(out, s)
	}
	if err := zp.Err(); err != nil {
		d := m.syntaxError(name, err)
		return nil, &d
	}
	return out, nil
}

var parseErrorText = regexp.MustCompile(`^(?:(.*): )?dns: (.*) at line: (\d+):(\d+)$`)

// syntaxError turns miekg/dns's ParseError text into a positioned diagnostic.
func (m masterFile) syntaxError(name string, err error) Diagnostic {
	d := Diagnostic{File: m.display(name), Rule: "syntax", Message: err.Error()}
	var pe *dns.ParseError
	if !errors.As(err, &pe) {
		return d
	}
	if g := parseErrorText.FindStringSubmatch(pe.Error()); g != nil {
		if g[1] != "" {
			d.File = m.display(g[1])
		}
		d.Message = g[2]
		d.Line, _ = strconv.Atoi(g[3])
		d.Col, _ = strconv.Atoi(g[4])
	}
	return d
}

// positions lists where each record of the file (and of the files it
// includes) was written, in the order the parser yields them, and checks
// what the parser cannot see: TXT strings over 255 bytes.
//
// chain is the file being read after the files that include it. A file
// that includes itself, directly or not, is a syntax error for the parser
// ("too deeply nested $INCLUDE") whatever the positions, so it is not
// expanded here: k such lines would cost k^maxIncludeDepth scans.
func (m masterFile) positions(chain []string, data []byte, diags *Diagnostics) []sourced {
	name := chain[len(chain)-1]
	if b, ok := m.fsys.(*openBudget); ok && len(chain) == 1 {
		b.left = maxIncludes
	}
	file := m.display(name)
	var out []sourced
	for _, e := range scanEntries(data) {
		switch e.directive {
		case "$ORIGIN", "$TTL":
		case "$INCLUDE":
			if len(e.tokens) < 2 || len(chain) > maxIncludeDepth {
				continue
			}
			inc := e.tokens[1].text
			if !path.IsAbs(inc) {
				inc = path.Join(path.Dir(name), inc)
			}
			inc = strings.TrimLeft(path.Clean(inc), "/")
			if slices.Contains(chain, inc) {
				continue
			}
			if sub, err := fs.ReadFile(m.fsys, inc); err == nil {
				out = append(out, m.positions(append(chain[:len(chain):len(chain)], inc), sub, diags)...)
			}
		case "$GENERATE":
			for range e.generateCount() {
				out = append(out, sourced{file: file, line: e.line, col: e.col})
			}
		default:
			if diags != nil {
				*diags = append(*diags, checkTXTStrings(file, e)...)
			}
			out = append(out, sourced{file: file, line: e.line, col: e.col})
		}
	}
	return out
}

// checkTXTStrings rejects character-strings longer than 255 bytes, which
// miekg/dns would otherwise split silently (RFC 1035 §3.3).
func checkTXTStrings(file string, e entry) Diagnostics {
	i := e.recordType()
	if i < 0 {
		return nil
	}
	if t := strings.ToUpper(e.tokens[i].text); t != "TXT" && t != "SPF" {
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

// blankEntryAt replaces the entry that covers line with blanks, keeping
// line numbers, so parsing can go on past a syntax error. It reports
// whether it found one.
func blankEntryAt(data []byte, line int) bool {
	for _, e := range scanEntries(data) {
		if e.line <= line && line <= e.lastLine {
			for i := e.start; i < e.end; i++ {
				if data[i] != '\n' {
					data[i] = ' '
				}
			}
			return true
		}
	}
	return false
}

// maxIncludes bounds the files one master file opens, itself included:
// generous, since a zone may be assembled from many fragments.
const maxIncludes = 1024

// maxIncludeDepth is how deep miekg/dns nests $INCLUDE: an $INCLUDE in a
// file this deep is a syntax error.
const maxIncludeDepth = 7

// openBudget is an fs.FS that refuses to open more than left files.
type openBudget struct {
	fs.FS
	left int
}

func (b *openBudget) Open(name string) (fs.File, error) {
	if b.left <= 0 {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fmt.Errorf("more than %d files through $INCLUDE", maxIncludes)}
	}
	b.left--
	return b.FS.Open(name)
}
