package explain

import (
	"encoding/json"
	"io"
	"reflect"
	"strings"

	"github.com/miekg/dns"
	"github.com/r53d/r53d/policy"
)

// Doc is an explanation for machines: r53d explain --json and the admin
// API's /api/explain write it, r53d test reads it.
type Doc struct {
	Question QuestionDoc `json:"question"`
	Client   ClientDoc   `json:"client"`
	Health   Health      `json:"health"`
	Rcode    string      `json:"rcode"`
	Flags    []string    `json:"flags"`
	// The sections of the response, as records (the OPT is EDNS).
	Answer     []Record `json:"answer"`
	Authority  []Record `json:"authority"`
	Additional []Record `json:"additional"`
	EDNS       EDNSDoc  `json:"edns"`
	// Trace is every decision line by line, in the order the text form
	// shows them; Decisions are the decisions whole.
	Trace     []Step          `json:"trace"`
	Decisions []*policy.Trace `json:"decisions"`
}

// QuestionDoc is what was asked.
type QuestionDoc struct {
	Name  string `json:"name"`
	Type  string `json:"type"`
	Class string `json:"class"`
}

// ClientDoc is who asked, and what the answer holds for.
type ClientDoc struct {
	// Given is the client as asked for (ADDR or ADDR/PREFIX).
	Given  string `json:"given"`
	Socket string `json:"socket"`
	// Subnet is the EDNS Client Subnet, "" when none was sent.
	Subnet string `json:"subnet,omitempty"`
	// DecidedOn is the subnet policies decided for and where it came
	// from, "(ECS)" or "(socket address)".
	DecidedOn string `json:"decidedOn"`
	// Scope is the ECS scope of the answer (see Explanation.Scope).
	Scope int `json:"scope"`
}

// Record is one resource record: its header and its data fields, named
// as miekg/dns names them (lower-case first letter): "a" of an A record,
// "preference" and "mx" of an MX, "txt" (a list) of a TXT.
type Record struct {
	Name  string         `json:"name"`
	Type  string         `json:"type"`
	Class string         `json:"class"`
	TTL   uint32         `json:"ttl"`
	Data  map[string]any `json:"data"`
}

// EDNSDoc is the OPT of the response (RFC 6891), with its client subnet.
type EDNSDoc struct {
	UDPSize      int        `json:"udpSize"`
	ClientSubnet *SubnetDoc `json:"clientSubnet,omitempty"`
}

// SubnetDoc is an EDNS Client Subnet option (RFC 7871 §6).
type SubnetDoc struct {
	Address string `json:"address"`
	Source  int    `json:"source"`
	Scope   int    `json:"scope"`
}

// Doc is the explanation's machine-readable form.
func (e *Explanation) Doc() Doc {
	m := e.Message
	d := Doc{
		Question: QuestionDoc{Name: e.Question.Name, Type: typeName(e.Question.Type), Class: "IN"},
		Client: ClientDoc{Given: e.Client.String(), Socket: e.Client.Socket.String(), DecidedOn: decidedOn(e.DecidedOn),
			Scope: e.Scope},
		Health: e.Health, Rcode: rcodeName(m.Rcode), Flags: []string{"qr"},
		Answer: records(m.Answer), Authority: records(m.Ns), Additional: []Record{},
		Trace: Steps(e.Traces), Decisions: e.Traces,
	}
	if e.Client.ECS.IsValid() {
		d.Client.Subnet = e.Client.ECS.String()
	}
	if m.Authoritative {
		d.Flags = append(d.Flags, "aa")
	}
	if m.Truncated {
		d.Flags = append(d.Flags, "tc")
	}
	for _, rr := range m.Extra {
		opt, ok := rr.(*dns.OPT)
		if !ok {
			d.Additional = append(d.Additional, record(rr))
			continue
		}
		d.EDNS.UDPSize = int(opt.UDPSize())
		for _, o := range opt.Option {
			if s, ok := o.(*dns.EDNS0_SUBNET); ok {
				d.EDNS.ClientSubnet = &SubnetDoc{Address: e.Client.ECS.Addr().String(), Source: int(s.SourceNetmask), Scope: int(s.SourceScope)}
			}
		}
	}
	if d.Trace == nil {
		d.Trace = []Step{}
	}
	if d.Decisions == nil {
		d.Decisions = []*policy.Trace{}
	}
	return d
}

// WriteJSON writes Doc as indented JSON.
func (e *Explanation) WriteJSON(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(e.Doc())
}

// decidedOn says who a decision is for as traces say it.
func decidedOn(c policy.Client) string {
	if c.FromECS {
		return c.Subnet.String() + " (ECS)"
	}
	return c.Subnet.String() + " (socket address)"
}

func records(rrs []dns.RR) []Record {
	out := make([]Record, 0, len(rrs))
	for _, rr := range rrs {
		out = append(out, record(rr))
	}
	return out
}

func record(rr dns.RR) Record {
	h := rr.Header()
	return Record{Name: h.Name, Type: typeName(h.Rrtype), Class: dns.ClassToString[h.Class], TTL: h.Ttl, Data: recordData(rr)}
}

// recordData is a record's data fields by name: numbers as numbers, lists
// of strings as lists, anything else in its presentation form.
func recordData(rr dns.RR) map[string]any {
	out := map[string]any{}
	v := reflect.ValueOf(rr)
	if v.Kind() != reflect.Pointer || v.Elem().Kind() != reflect.Struct {
		return out
	}
	v = v.Elem()
	t := v.Type()
	for i := 1; i < t.NumField(); i++ { // field 0 is the header
		f := t.Field(i)
		if !f.IsExported() {
			continue
		}
		key := strings.ToLower(f.Name[:1]) + f.Name[1:]
		fv := v.Field(i)
		switch {
		case fv.CanUint() || fv.CanInt():
			out[key] = fv.Interface()
		case fv.Kind() == reflect.Slice && fv.Type().Elem().Kind() == reflect.String:
			out[key] = fv.Interface()
		default:
			out[key] = dns.Field(rr, i)
		}
	}
	return out
}

func typeName(t uint16) string { return dns.Type(t).String() }
