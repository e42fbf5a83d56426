package healthcheck

import (
	"github.com/prometheus/client_golang/prometheus"
)

// Metrics are the prober's Prometheus metrics. A nil *Metrics records
// nothing.
type Metrics struct {
	status      *prometheus.GaugeVec
	transitions *prometheus.CounterVec
	latency     *prometheus.HistogramVec
	probes      *prometheus.CounterVec
}

// NewMetrics registers the prober's metrics with reg.
func NewMetrics(reg prometheus.Registerer) (*Metrics, error) {
	m := &Metrics{
		status: prometheus.NewGaugeVec(prometheus.GaugeOpts{Namespace: "r53d", Subsystem: "health_check", Name: "healthy",
			Help: "1 when the health check's status (what routing uses) is Healthy, 0 when Unhealthy."}, []string{"id"}),
		transitions: prometheus.NewCounterVec(prometheus.CounterOpts{Namespace: "r53d", Subsystem: "health_check", Name: "transitions_total",
			Help: "Status changes of the health check."}, []string{"id"}),
		latency: prometheus.NewHistogramVec(prometheus.HistogramOpts{Namespace: "r53d", Subsystem: "health_check", Name: "probe_seconds",
			Help: "Duration of each probe.", Buckets: prometheus.ExponentialBuckets(0.0005, 4, 9)}, []string{"id"}),
		probes: prometheus.NewCounterVec(prometheus.CounterOpts{Namespace: "r53d", Subsystem: "health_check", Name: "probes_total",
			Help: "Probes run, by result."}, []string{"id", "result"}),
	}
	for _, c := range []prometheus.Collector{m.status, m.transitions, m.latency, m.probes} {
		if err := reg.Register(c); err != nil {
			return nil, err
		}
	}
	return m, nil
}

func (m *Metrics) observeStatus(id string, healthy bool) {
	if m == nil {
		return
	}
	v := 0.0
	if healthy {
		v = 1
	}
	m.status.WithLabelValues(id).Set(v)
}

func (m *Metrics) observeTransition(id string) {
	if m != nil {
		m.transitions.WithLabelValues(id).Inc()
	}
}

func (m *Metrics) observeProbe(id string, r Result) {
	if m == nil {
		return
	}
	m.latency.WithLabelValues(id).Observe(r.Latency.Seconds())
	result := "success"
	if !r.OK {
		result = "failure"
	}
	m.probes.WithLabelValues(id, result).Inc()
}

func (m *Metrics) forget(id string) {
	if m == nil {
		return
	}
	m.status.DeleteLabelValues(id)
	m.transitions.DeleteLabelValues(id)
	m.latency.DeleteLabelValues(id)
	m.probes.DeleteLabelValues(id, "success")
	m.probes.DeleteLabelValues(id, "failure")
}
