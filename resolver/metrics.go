package resolver

import (
	"sync"
	"sync/atomic"

	"github.com/miekg/dns"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/r53d/r53d/answer"
	"github.com/r53d/r53d/policy"
)

// policyLabel is the policy label of the query counter for index p of a
// zoneCounts row: "static" (0) when no routed group answered, else the
// policy of the last one that did, policy.Kind(p-1).
func policyLabel(p int) string {
	if p == 0 {
		return "static"
	}
	return policy.Kind(p - 1).Label()
}

// policyIndex is the zoneCounts column of the policy that answered.
func policyIndex(r *answer.Result) int {
	if !r.Routed {
		return 0
	}
	return int(r.Policy) + 1
}

const maxRcode = dns.RcodeBadCookie + 1

// zoneCounts counts one zone's queries by rcode and policy.
type zoneCounts [maxRcode][policy.NumKinds + 1]atomic.Uint64

// Metrics counts queries by zone, rcode and policy without a lock or an
// allocation per query: an immutable map of per-zone counter arrays,
// replaced (copy on write) only when a zone is first seen, and summed
// into Prometheus metrics at scrape time.
type Metrics struct {
	zones atomic.Pointer[map[string]*zoneCounts]
	mu    sync.Mutex // serializes adding a zone
	desc  *prometheus.Desc
}

// NewMetrics registers the query counter with reg.
func NewMetrics(reg prometheus.Registerer) (*Metrics, error) {
	m := &Metrics{desc: prometheus.NewDesc("r53d_queries_total",
		"Queries answered, by zone (\"\" for none), rcode and the routing policy that answered.",
		[]string{"zone", "rcode", "policy"}, nil)}
	empty := map[string]*zoneCounts{}
	m.zones.Store(&empty)
	if err := reg.Register(m); err != nil {
		return nil, err
	}
	return m, nil
}

// count records one answered query.
func (m *Metrics) count(zone string, rcode int, policy int) {
	if m == nil || rcode < 0 || rcode >= maxRcode {
		return
	}
	c := (*m.zones.Load())[zone]
	if c == nil {
		c = m.add(zone)
	}
	c[rcode][policy].Add(1)
}

func (m *Metrics) add(zone string) *zoneCounts {
	m.mu.Lock()
	defer m.mu.Unlock()
	old := *m.zones.Load()
	if c := old[zone]; c != nil {
		return c
	}
	next := make(map[string]*zoneCounts, len(old)+1)
	for k, v := range old {
		next[k] = v
	}
	c := &zoneCounts{}
	next[zone] = c
	m.zones.Store(&next)
	return c
}

// Describe implements prometheus.Collector.
func (m *Metrics) Describe(ch chan<- *prometheus.Desc) { ch <- m.desc }

// Collect implements prometheus.Collector.
func (m *Metrics) Collect(ch chan<- prometheus.Metric) {
	for zone, c := range *m.zones.Load() {
		for rcode := range c {
			for p := range c[rcode] {
				if n := c[rcode][p].Load(); n > 0 {
					ch <- prometheus.MustNewConstMetric(m.desc, prometheus.CounterValue, float64(n),
						zone, dns.RcodeToString[rcode], policyLabel(p))
				}
			}
		}
	}
}
