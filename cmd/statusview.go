package cmd

import (
	"fmt"
	"net/netip"
	"strings"
	"time"

	"github.com/miekg/dns"
	"github.com/r53d/r53d/answer"
	"github.com/r53d/r53d/healthcheck"
	"github.com/r53d/r53d/zones"
)

// when is a moment as the status page shows it: how long ago, for people,
// with the exact RFC 3339 time in a title for whoever hovers.
type when struct {
	Exact string // RFC 3339, UTC
	Ago   string // "3 s ago"
}

func whenOf(now, at time.Time) when {
	return when{Exact: at.UTC().Format(time.RFC3339), Ago: ago(now.Sub(at))}
}

// ago writes a duration the way people say it, in its largest whole unit.
func ago(d time.Duration) string {
	if d < 0 {
		return "in " + strings.TrimSuffix(ago(-d), " ago")
	}
	switch {
	case d < time.Second:
		return "just now"
	case d < time.Minute:
		return fmt.Sprintf("%d s ago", int(d/time.Second))
	case d < time.Hour:
		return fmt.Sprintf("%d min ago", int(d/time.Minute))
	case d < 48*time.Hour:
		return fmt.Sprintf("%d h ago", int(d/time.Hour))
	}
	return fmt.Sprintf("%d d ago", int(d/(24*time.Hour)))
}

// checkView is one health check's row: its status and a timeline of its
// recent probe results and status changes.
type checkView struct {
	healthcheck.Status
	Checked, Changed *when
	Marks            []mark // probe results, oldest first, right-aligned
	Flips            []flip // status changes inside the timeline
	Failed           int    // failed results in the timeline
}

// The timeline is an SVG strip: one slot per kept probe result.
const (
	slotWidth = 7
	timelineW = healthcheck.HistoryLen * slotWidth
)

// mark is one probe result in the timeline.
type mark struct {
	X      int
	OK     bool
	Title  string
	Reason string
}

// flip is one status change, drawn between the results around it.
type flip struct {
	X      int
	Status string
	Title  string
}

func newCheckView(now time.Time, st healthcheck.Status, h healthcheck.History) checkView {
	v := checkView{Status: st}
	if st.LastCheckedAt != nil {
		if at, err := time.Parse(time.RFC3339Nano, *st.LastCheckedAt); err == nil {
			w := whenOf(now, at)
			v.Checked = &w
		}
	}
	if at, err := time.Parse(time.RFC3339Nano, st.LastChangedAt); err == nil {
		w := whenOf(now, at)
		v.Changed = &w
	}
	first := healthcheck.HistoryLen - len(h.Probes) // slot of the oldest kept result
	for i, p := range h.Probes {
		m := mark{X: (first + i) * slotWidth, OK: p.OK, Reason: p.Reason}
		m.Title = fmt.Sprintf("success at %s (%s)", p.At.UTC().Format(time.RFC3339), ago(now.Sub(p.At)))
		if !p.OK {
			m.Title = fmt.Sprintf("failure at %s (%s): %s", p.At.UTC().Format(time.RFC3339), ago(now.Sub(p.At)), p.Reason)
			v.Failed++
		}
		v.Marks = append(v.Marks, m)
	}
	dropped := h.Seen - len(h.Probes) // results older than the timeline
	for _, c := range h.Changes {
		after := c.After - dropped // kept results before the change
		if after < 0 {
			continue // older than the timeline
		}
		v.Flips = append(v.Flips, flip{X: max((first+after)*slotWidth-1, 0), Status: c.Status,
			Title: fmt.Sprintf("became %s at %s (%s)", c.Status, c.At.UTC().Format(time.RFC3339), ago(now.Sub(c.At)))})
	}
	return v
}

// checkViews are the rows of the health checks and, apart, of the
// load-balancer targets.
func checkViews(now time.Time, mon *healthcheck.Monitor) (checks, targets []checkView) {
	for _, st := range mon.Statuses() {
		h, _ := mon.History(st.ID) // a check removed meanwhile shows no timeline
		if st.Type == healthcheck.TypeTarget {
			targets = append(targets, newCheckView(now, st, h))
		} else {
			checks = append(checks, newCheckView(now, st, h))
		}
	}
	return checks, targets
}

// maxRoutedRows bounds the routed-names table: the page is rendered on
// request, and a zone with many thousand routed names is read through
// the API instead.
const maxRoutedRows = 500

// routedView is one routed name and type: its policy and what a default
// client gets now.
type routedView struct {
	Name, Type, Policy string
	Members            int
	Rcode              string // "" for NOERROR
	Answer             []string
}

// defaultClient is who the routed-names table answers for: a query from
// 127.0.0.1 without EDNS Client Subnet. Loopback has no location, so
// location-based policies give their defaults, as they would to a client
// that GeoIP cannot place.
var defaultClient = answer.ClientOf(netip.Prefix{}, netip.MustParseAddr("127.0.0.1"))

// routedViews lists the routed names of every zone, each answered for
// defaultClient with the live health, up to limit rows; more is how many
// were left off.
func routedViews(store *zones.Store, mon *healthcheck.Monitor, limit int) (rows []routedView, more int, err error) {
	view := store.View()
	routing := &answer.Routing{Monitor: mon}
	var f answer.Finder
	err = store.Read(func(tx *zones.Txn) error {
		for _, z := range view.All() {
			// The listing of a zone is built on its first use: skip it
			// when it cannot add a row.
			if z.Routed() == 0 || len(rows) == limit {
				more += z.Routed()
				continue
			}
			sets, _, err := tx.ListRecordSets(z.Origin, zones.RecordSetKey{}, 0)
			if err != nil {
				return err
			}
			var last zones.RecordSetKey
			for _, s := range sets {
				key := zones.RecordSetKey{Name: s.Name, Type: s.Type}
				// A policy record's root lists with neither records nor a
				// routed member, and is routed all the same.
				static := s.Record == nil && s.RRs != nil
				if static || key == last {
					continue // static, or a further member of the group listed
				}
				last = key
				if len(rows) == limit {
					more++
					continue
				}
				rows = append(rows, routedRow(&f, view, routing, z, key))
			}
		}
		return nil
	})
	return rows, more, err
}

func routedRow(f *answer.Finder, view zones.View, routing *answer.Routing, z *zones.Zone, key zones.RecordSetKey) routedView {
	row := routedView{Name: key.Name, Type: dns.TypeToString[key.Type]}
	if n, ok := z.Node(key.Name); ok {
		if s := n.Get(key.Type); s != nil && s.Policy != nil {
			row.Policy, row.Members = s.Policy.Kind.String(), len(s.Policy.Records)
			if s.Policy.Flow != nil {
				row.Policy = "traffic policy, " + row.Policy // the start rule's
			}
		}
	}
	res := f.Lookup(view, routing, answer.Question{Name: key.Name, Type: key.Type}, defaultClient)
	if res.Rcode != dns.RcodeSuccess {
		row.Rcode = dns.RcodeToString[res.Rcode]
	}
	recs, _ := res.Records()
	for _, rr := range recs {
		data := strings.TrimPrefix(rr.String(), rr.Header().String())
		if owner := rr.Header().Name; !strings.EqualFold(owner, key.Name) {
			data = owner + " " + dns.TypeToString[rr.Header().Rrtype] + " " + data
		} else if rr.Header().Rrtype != key.Type {
			data = dns.TypeToString[rr.Header().Rrtype] + " " + data
		}
		row.Answer = append(row.Answer, data)
	}
	return row
}

// fileProblems are the errors of one file, as the status page groups them.
type fileProblems struct {
	File   string
	Errors []string
}

// byFile groups the problems of a reload ("file:line:col: message" or
// "file: message", one a line) by file, in the order the files first
// appear.
func byFile(problems []string) []fileProblems {
	var out []fileProblems
	index := map[string]int{}
	for _, p := range problems {
		file := "(no file)"
		if pos, _, ok := strings.Cut(p, ": "); ok {
			file = trimPosition(pos)
		}
		i, ok := index[file]
		if !ok {
			i = len(out)
			index[file] = i
			out = append(out, fileProblems{File: file})
		}
		out[i].Errors = append(out[i].Errors, p)
	}
	return out
}

// trimPosition drops a trailing ":line:col" from a position.
func trimPosition(pos string) string {
	for range 2 {
		i := strings.LastIndexByte(pos, ':')
		if i < 0 || i == len(pos)-1 || strings.Trim(pos[i+1:], "0123456789") != "" {
			return pos
		}
		pos = pos[:i]
	}
	return pos
}
