package cmd

import (
	"fmt"
	"net/http"
	"strings"

	"github.com/miekg/dns"
	"github.com/r53d/r53d/geo"
	"github.com/r53d/r53d/healthcheck"
	"github.com/r53d/r53d/impact"
	"github.com/r53d/r53d/zones"
)

// simulateHandler serves /simulate?name=NAME&type=TYPE: the picture of
// r53d simulate for a served name, with the live health, for the status
// page to link to. The population is the GeoIP database's IPv4 networks,
// enumerated per request: the page is for people, not for polling.
func simulateHandler(store *zones.Store, mon *healthcheck.Monitor, db *geo.DB) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if db == nil {
			http.Error(w, "simulate needs a GeoIP database: serve with --geoip-db", http.StatusNotFound)
			return
		}
		name, typ := r.URL.Query().Get("name"), strings.ToUpper(r.URL.Query().Get("type"))
		if typ == "" {
			typ = "A"
		}
		qtype, ok := dns.StringToType[typ]
		if name == "" || !ok {
			http.Error(w, "want ?name=NAME&type=TYPE", http.StatusBadRequest)
			return
		}
		side := impact.FromStore("served zones", store, true)
		pop, err := impact.NetworkPopulation(db, side)
		if err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		var down []string
		for _, st := range mon.Statuses() {
			if st.Status == "Unhealthy" {
				down = append(down, st.ID)
			}
		}
		sim, err := impact.SimulateLive(side, pop, impact.Key{Name: strings.ToLower(dns.Fqdn(name)), Type: qtype}, down, impact.IPv4)
		if err != nil {
			http.Error(w, fmt.Sprintf("simulate: %v", err), http.StatusNotFound)
			return
		}
		w.Header().Set("Content-Type", "image/svg+xml")
		w.Header().Set("Cache-Control", "no-store")
		_ = sim.WriteSVG(w)
	}
}

// geoDB is the GeoIP database behind a locator, nil when there is none.
func geoDB(l geo.Locator) *geo.DB {
	db, _ := l.(*geo.DB)
	return db
}
