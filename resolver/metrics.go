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
	tcp   tcpCounts
	rrl   rrlCounts
}

// rrlCounts are the response-rate limiter's numbers, exported once a
// Handler with a limiter counts into these Metrics.
type rrlCounts struct {
	on                       atomic.Bool
	dropped, slipped         atomic.Uint64
	droppedDesc, slippedDesc *prometheus.Desc
}

// tcpCounts are the TCP connection table's numbers.
type tcpCounts struct {
	open, evicted, refused          atomic.Int64
	openDesc, evictDesc, refuseDesc *prometheus.Desc
}

// NewMetrics registers the query counter with reg.
func NewMetrics(reg prometheus.Registerer) (*Metrics, error) {
	m := &Metrics{desc: prometheus.NewDesc("r53d_queries_total",
		"Queries answered, by zone (\"\" for none), rcode and the routing policy that answered.",
		[]string{"zone", "rcode", "policy"}, nil)}
	m.tcp.openDesc = prometheus.NewDesc("r53d_tcp_connections", "TCP connections open.", nil, nil)
	m.tcp.evictDesc = prometheus.NewDesc("r53d_tcp_evicted_total",
		"Idle TCP connections closed to make room for a new one (connection limits, or out of file descriptors).", nil, nil)
	m.tcp.refuseDesc = prometheus.NewDesc("r53d_tcp_refused_total",
		"TCP connections closed at accept because every connection they could replace was mid-answer.", nil, nil)
	m.rrl.droppedDesc = prometheus.NewDesc("r53d_rrl_dropped_total",
		"UDP responses dropped by response-rate limiting.", nil, nil)
	m.rrl.slippedDesc = prometheus.NewDesc("r53d_rrl_slipped_total",
		"UDP responses over the rate limit sent empty with TC=1 (slipped) instead of dropped.", nil, nil)
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
func (m *Metrics) Describe(ch chan<- *prometheus.Desc) {
	ch <- m.desc
	ch <- m.tcp.openDesc
	ch <- m.tcp.evictDesc
	ch <- m.tcp.refuseDesc
	ch <- m.rrl.droppedDesc
	ch <- m.rrl.slippedDesc
}

// rrlDropped and rrlSlipped count what the rate limiter does; each is a
// no-op on nil Metrics.
func (m *Metrics) rrlDropped() {
	if m != nil {
		m.rrl.dropped.Add(1)
	}
}

func (m *Metrics) rrlSlipped() {
	if m != nil {
		m.rrl.slipped.Add(1)
	}
}

// tcpOpened, tcpClosed, tcpEvicted and tcpRefused count what the TCP
// connection table does; each is a no-op on nil Metrics.
func (m *Metrics) tcpOpened() {
	if m != nil {
		m.tcp.open.Add(1)
	}
}

func (m *Metrics) tcpClosed() {
	if m != nil {
		m.tcp.open.Add(-1)
	}
}

func (m *Metrics) tcpEvicted() {
	if m != nil {
		m.tcp.evicted.Add(1)
	}
}

func (m *Metrics) tcpRefused() {
	if m != nil {
		m.tcp.refused.Add(1)
	}
}

// Collect implements prometheus.Collector.
func (m *Metrics) Collect(ch chan<- prometheus.Metric) {
	ch <- prometheus.MustNewConstMetric(m.tcp.openDesc, prometheus.GaugeValue, float64(m.tcp.open.Load()))
	ch <- prometheus.MustNewConstMetric(m.tcp.evictDesc, prometheus.CounterValue, float64(m.tcp.evicted.Load()))
	ch <- prometheus.MustNewConstMetric(m.tcp.refuseDesc, prometheus.CounterValue, float64(m.tcp.refused.Load()))
	if m.rrl.on.Load() {
		ch <- prometheus.MustNewConstMetric(m.rrl.droppedDesc, prometheus.CounterValue, float64(m.rrl.dropped.Load()))
		ch <- prometheus.MustNewConstMetric(m.rrl.slippedDesc, prometheus.CounterValue, float64(m.rrl.slipped.Load()))
	}
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
