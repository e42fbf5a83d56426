package cmd

import (
	"github.com/prometheus/client_golang/prometheus"
	"github.com/r53d/r53d/zones"
)

// zoneCollector exports what is served and how loading goes: per zone its
// serial, records and routed groups; the last reload's time, result and
// duration; loads and failed loads. It reads the published zones and the
// reload status at scrape time, so serving pays nothing for it.
type zoneCollector struct {
	store   *zones.Store
	reloads *reloadStatus

	serial, records, routed, loadTime, loadOK, loadSecs, failedZones, loads, failures *prometheus.Desc
}

func newZoneCollector(store *zones.Store, reloads *reloadStatus) *zoneCollector {
	d := func(name, help string, labels ...string) *prometheus.Desc {
		return prometheus.NewDesc("r53d_"+name, help, labels, nil)
	}
	return &zoneCollector{store: store, reloads: reloads,
		serial:      d("zone_serial", "SOA serial of the zone being served.", "zone"),
		records:     d("zone_records", "Records of the zone being served (static and routed).", "zone"),
		routed:      d("zone_routed_groups", "Routed record-set groups of the zone being served.", "zone"),
		loadTime:    d("reload_last_timestamp_seconds", "When the zones directory was last loaded."),
		loadOK:      d("reload_last_success", "1 when the last load published every file, else 0."),
		loadSecs:    d("reload_last_duration_seconds", "How long the last load of the zones directory took."),
		failedZones: d("reload_failed_zones", "Zones whose last load failed (they serve their last good version, if any)."),
		loads:       d("reloads_total", "Loads of the zones directory, the first one included."),
		failures:    d("reload_failures_total", "Loads that published nothing or had errors."),
	}
}

func (c *zoneCollector) Describe(ch chan<- *prometheus.Desc) {
	for _, d := range []*prometheus.Desc{c.serial, c.records, c.routed, c.loadTime, c.loadOK, c.loadSecs, c.failedZones, c.loads, c.failures} {
		ch <- d
	}
}

func (c *zoneCollector) Collect(ch chan<- prometheus.Metric) {
	gauge := func(d *prometheus.Desc, v float64, labels ...string) {
		ch <- prometheus.MustNewConstMetric(d, prometheus.GaugeValue, v, labels...)
	}
	for _, z := range c.store.View().All() {
		if z.SOA != nil {
			gauge(c.serial, float64(z.SOA.Serial), z.Origin)
		}
		gauge(c.records, float64(z.Len()), z.Origin)
		gauge(c.routed, float64(z.Routed()), z.Origin)
	}
	ch <- prometheus.MustNewConstMetric(c.loads, prometheus.CounterValue, float64(c.reloads.loads.Load()))
	ch <- prometheus.MustNewConstMetric(c.failures, prometheus.CounterValue, float64(c.reloads.failures.Load()))
	rep, ok := c.reloads.report()
	if !ok {
		return
	}
	gauge(c.loadTime, float64(rep.At.UnixNano())/1e9)
	success := 0.0
	if rep.degraded() == "" {
		success = 1
	}
	gauge(c.loadOK, success)
	gauge(c.loadSecs, float64(c.reloads.tookNs.Load())/1e9)
	gauge(c.failedZones, float64(len(rep.Failed)))
}
