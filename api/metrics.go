package api

import (
	"errors"
	"time"

	"github.com/prometheus/client_golang/prometheus"
)

// metrics count every API call, denied and unauthenticated ones too.
type metrics struct {
	requests *prometheus.CounterVec
	duration *prometheus.HistogramVec
}

// newMetrics registers the API's metrics with reg (a private registry
// when nil, so tests and embedders need none).
func newMetrics(reg prometheus.Registerer) (*metrics, error) {
	if reg == nil {
		reg = prometheus.NewRegistry()
	}
	m := &metrics{
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{Namespace: "r53d", Subsystem: "api", Name: "requests_total",
			Help: "Route 53 API calls by operation and result: OK or the error code sent (AccessDenied, SignatureDoesNotMatch, ...)."},
			[]string{"operation", "code"}),
		duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{Namespace: "r53d", Subsystem: "api", Name: "request_duration_seconds",
			Help: "Time to answer a Route 53 API call.", Buckets: prometheus.ExponentialBuckets(0.0005, 4, 9)}, []string{"operation"}),
	}
	for _, c := range []prometheus.Collector{m.requests, m.duration} {
		if err := reg.Register(c); err != nil {
			var dup prometheus.AlreadyRegisteredError
			if errors.As(err, &dup) {
				return nil, errors.New("api: metrics already registered: one API server per registry")
			}
			return nil, err
		}
	}
	return m, nil
}

func (m *metrics) observe(op, code string, d time.Duration) {
	m.requests.WithLabelValues(op, code).Inc()
	m.duration.WithLabelValues(op).Observe(d.Seconds())
}
