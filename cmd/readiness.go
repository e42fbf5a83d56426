package cmd

import (
	"fmt"
	"net/http"
	"strings"
	"sync/atomic"
	"time"

	"github.com/r53d/r53d/config"
)

// reloadReport is what the last load of the zones directory did, for
// /readyz and the status page.
type reloadReport struct {
	At time.Time
	// Err says why the load published nothing ("" when it published).
	Err string
	// Failed are the origins of the zones that did not load; each keeps
	// its last good version, if it had one.
	Failed []string
	// Problems are the errors found, zones' and side files', one a line.
	Problems []string
	// Published: some load, this one or an earlier one, was published,
	// so zones are being served.
	Published bool
}

// degraded says why the report is not a clean load, "" when it is.
func (r reloadReport) degraded() string {
	at := r.At.UTC().Format(time.RFC3339)
	switch {
	case r.Err != "":
		first, _, _ := strings.Cut(r.Err, "\n")
		return fmt.Sprintf("the last reload (%s) failed and published nothing: %s", at, first)
	case len(r.Failed) > 0:
		return fmt.Sprintf("the last reload (%s) failed for zone(s) %s; they serve their last good version, if any", at, strings.Join(r.Failed, ", "))
	case len(r.Problems) > 0:
		return fmt.Sprintf("the last reload (%s) had %d error(s); what the files with errors define serves its last good version", at, len(r.Problems))
	}
	return ""
}

// reloadStatus holds the last reloadReport. The reloader writes it and
// the admin server reads it from its own goroutines.
type reloadStatus struct {
	last     atomic.Pointer[reloadReport]
	loads    atomic.Uint64 // loads tried
	failures atomic.Uint64 // loads that published nothing or had errors
	tookNs   atomic.Int64  // how long the last load took
}

// took notes how long the last load took.
func (s *reloadStatus) took(d time.Duration) { s.tookNs.Store(int64(d)) }

// record keeps the outcome of one load: its result and its error (the
// error of a load that published nothing).
func (s *reloadStatus) record(at time.Time, res config.Result, err error) {
	rep := &reloadReport{At: at}
	s.loads.Add(1)
	if err != nil || len(res.Errors) > 0 {
		s.failures.Add(1)
	}
	if prev := s.last.Load(); prev != nil {
		rep.Published = prev.Published
	}
	if err != nil {
		rep.Err = err.Error()
	} else {
		rep.Published = true
	}
	for _, f := range res.Failed {
		rep.Failed = append(rep.Failed, f.Origin)
	}
	for _, d := range res.Errors {
		rep.Problems = append(rep.Problems, d.Error())
	}
	s.last.Store(rep)
}

// report is the last reloadReport; ok is false before the first load.
func (s *reloadStatus) report() (reloadReport, bool) {
	if p := s.last.Load(); p != nil {
		return *p, true
	}
	return reloadReport{}, false
}

// readyzHandler answers whether this server serves what its zones
// directory says: 200 "ready" when the last load was clean, 503 with the
// reason when nothing is served yet or the last load had errors (the
// server answers, but from an older version of something). /healthz is
// the liveness probe; this one tells a load balancer or an operator that
// a file needs fixing.
func readyzHandler(status *reloadStatus) http.HandlerFunc {
	return func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.Header().Set("Cache-Control", "no-store")
		rep, ok := status.report()
		switch {
		case !ok:
			w.WriteHeader(http.StatusServiceUnavailable)
			fmt.Fprintln(w, "not ready: no zones loaded yet")
		case !rep.Published:
			w.WriteHeader(http.StatusServiceUnavailable)
			fmt.Fprintln(w, "not ready:", rep.degraded())
		case rep.degraded() != "":
			w.WriteHeader(http.StatusServiceUnavailable)
			fmt.Fprintln(w, "degraded:", rep.degraded())
		default:
			fmt.Fprintln(w, "ready: the last reload", rep.At.UTC().Format(time.RFC3339), "loaded every file")
		}
	}
}

func healthzHandler(w http.ResponseWriter, _ *http.Request) {
	w.Header().Set("Content-Type", "text/plain")
	w.Header().Set("Cache-Control", "no-store")
	fmt.Fprintln(w, "ok")
}
