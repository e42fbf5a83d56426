package explain

import (
	"fmt"
	"io"
	"strings"

	"github.com/miekg/dns"
	"github.com/r53d/r53d/policy"
)

// WriteText writes the explanation for people: which health it used, the
// response as dig shows it, then why (WriteWhy).
func (e *Explanation) WriteText(w io.Writer) error {
	how := "from address " + e.Client.Socket.String()
	if e.Client.ECS.IsValid() {
		how = "with EDNS Client Subnet " + e.Client.ECS.String()
	}
	if e.Health.Summary != "" {
		fmt.Fprintf(w, ";; Health: %s\n", e.Health.Summary)
	}
	fmt.Fprintf(w, ";; The answer a client %s gets:\n\n%s\n", how, e.Message.String())
	return e.WriteWhy(w)
}

// WriteWhy writes why the answer is what it is: one paragraph per routing
// decision, or one line saying that no routing was involved, or that no
// zone holds the name. r53d test shows it under a failed expectation.
func (e *Explanation) WriteWhy(w io.Writer) error {
	switch {
	case e.Refused():
		_, err := fmt.Fprintf(w, ";; REFUSED: no zone here holds %s: the server refuses the query, and no routing decides an answer.\n", e.Question.Name)
		return err
	case len(e.Traces) == 0:
		_, err := fmt.Fprintln(w, ";; No routing policy was involved: static records, answered as in the zone.")
		return err
	}
	for _, tr := range e.Traces {
		if _, err := fmt.Fprintf(w, ";; Why:\n%s\n", tr.String()); err != nil {
			return err
		}
	}
	return nil
}

// Step is one line of a decision trace, as the text form shows it, with
// what kind of step it is.
type Step struct {
	// Decision is the index of the routing decision (in Decisions) the
	// step belongs to; Depth counts the alias targets it is nested in.
	Decision int `json:"decision"`
	Depth    int `json:"depth"`
	// Kind is "decision" (the name, type, policy and client), "location",
	// "candidate", "draw", "note", "rule", "answer" or "record" (a record
	// of the answer), or "step" for anything else.
	Kind string `json:"kind"`
	Text string `json:"text"`
}

// Steps are the lines of every decision trace, in order. They are cut
// from the traces' own text form, so a step added to that form shows here
// (as kind "step" until it is named below).
func Steps(traces []*policy.Trace) []Step {
	var out []Step
	for i, tr := range traces {
		for line := range strings.SplitSeq(strings.TrimSuffix(tr.String(), "\n"), "\n") {
			body := strings.TrimLeft(line, " ")
			indent := len(line) - len(body)
			st := Step{Decision: i, Depth: indent / 4, Kind: stepKind(body, indent%4), Text: body}
			if st.Kind == "record" {
				st.Depth-- // under its decision's "answer" line
			}
			out = append(out, st)
		}
	}
	return out
}

// lines are the traces' text form, line by line, indented as it is.
func lines(traces []*policy.Trace) []string {
	var out []string
	for _, tr := range traces {
		out = append(out, strings.Split(strings.TrimSuffix(tr.String(), "\n"), "\n")...)
	}
	return out
}

// stepKind names a trace line by how the text form starts it; sub is its
// indent inside its decision (0 for the decision's own first line).
func stepKind(body string, sub int) string {
	if sub == 0 {
		if !strings.Contains(body, " routing, client ") {
			return "record" // the answer's records sit 4 deep, as a nested decision does
		}
		return "decision"
	}
	for _, k := range []string{"location", "candidate", "draw", "note", "rule", "answer"} {
		if strings.HasPrefix(body, k) {
			return k
		}
	}
	return "step"
}

// maxTXTString is the most a TXT character-string holds (RFC 1035 §3.3).
const maxTXTString = 255

// TXTLines are the decision traces as explain over DNS sends them: one
// line per step, tabs as spaces and arrows as "->" (dig shows bytes
// outside ASCII as \DDD), each at most 255 bytes (a longer line is split
// at a space where it can be, and continues on the next string).
func TXTLines(traces []*policy.Trace) []string {
	var out []string
	for _, line := range lines(traces) {
		out = append(out, splitTXT(txtReplacer.Replace(line))...)
	}
	return out
}

var txtReplacer = strings.NewReplacer("\t", " ", "→", "->")

// splitTXT cuts s into strings of at most 255 bytes, at the last space
// before the limit when there is one, never inside a UTF-8 sequence.
func splitTXT(s string) []string {
	var out []string
	for len(s) > maxTXTString {
		cut := strings.LastIndexByte(s[:maxTXTString], ' ')
		if cut <= 0 {
			cut = maxTXTString
			for cut > 0 && s[cut]&0xC0 == 0x80 { // a continuation byte: back to the sequence's start
				cut--
			}
		}
		out = append(out, s[:cut])
		s = strings.TrimLeft(s[cut:], " ")
	}
	return append(out, s)
}

// rcodeName is an rcode's mnemonic, or its number.
func rcodeName(rcode int) string {
	if s, ok := dns.RcodeToString[rcode]; ok {
		return s
	}
	return fmt.Sprint(rcode)
}
