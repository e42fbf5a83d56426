package cmd

import (
	"html/template"
	"net/http"
	"time"

	"github.com/r53d/r53d/healthcheck"
	"github.com/r53d/r53d/zones"
)

// statusPage is the admin server's page for people: what is served and
// how every health check is doing, refreshed every few seconds.
var statusPage = template.Must(template.New("status").Parse(`<!doctype html>
<html><head><meta charset="utf-8"><meta http-equiv="refresh" content="5"><title>r53d</title>
<style>body{font:14px system-ui,sans-serif;margin:2em}table{border-collapse:collapse}td,th{padding:.3em .8em;border-bottom:1px solid #ddd;text-align:left}
.Healthy{color:#067d17}.Unhealthy{color:#b00020;font-weight:bold}code{font-size:13px}</style></head><body>
<h1>r53d</h1><p>{{.Now}} · <a href="/api/healthchecks">/api/healthchecks</a> · <a href="/metrics">/metrics</a></p>
<h2>Last reload</h2><p>{{with .Reload}}{{.At.UTC.Format "2006-01-02T15:04:05Z07:00"}}: {{if .Degraded}}<span class="Unhealthy">{{.Degraded}}</span>{{else}}every file loaded{{end}}{{else}}none yet{{end}}</p>
{{with .Reload}}{{if .Problems}}<pre>{{range .Problems}}{{.}}
{{end}}</pre>{{end}}{{end}}
<h2>Zones</h2><table><tr><th>zone</th><th>serial</th><th>records</th><th>routed groups</th><th>from</th></tr>
{{range .Zones}}<tr><td><code>{{.Origin}}</code></td><td>{{.SOA.Serial}}</td><td>{{.Len}}</td><td>{{.Routed}}</td><td><code>{{range $i, $f := .Files}}{{if $i}}, {{end}}{{$f}}{{end}}</code></td></tr>{{end}}</table>
<h2>Health checks</h2>{{if not .Checks}}<p>none</p>{{else}}<table><tr><th>id</th><th>type</th><th>target</th><th>status</th><th>override</th><th>last checked</th><th>last changed</th><th>last failure</th></tr>
{{range .Checks}}<tr><td><code>{{.ID}}</code></td><td>{{.Type}}</td><td><code>{{.Target}}</code></td><td class="{{.Status}}">{{.Status}}</td>
<td>{{if .Override}}{{.Override}}{{end}}</td><td>{{if .LastCheckedAt}}{{.LastCheckedAt}}{{else}}never{{end}}</td><td>{{.LastChangedAt}}</td><td>{{.LastFailureReason}}</td></tr>{{end}}</table>{{end}}
<p>Force a status: <code>r53d health set ID unhealthy</code>, release it: <code>r53d health clear ID</code>.</p></body></html>
`))

// reloadView is a reloadReport as the status page shows it.
type reloadView struct {
	reloadReport
	Degraded string
}

func statusHandler(store *zones.Store, mon *healthcheck.Monitor, reloads *reloadStatus) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/" {
			http.NotFound(w, r)
			return
		}
		var reload *reloadView
		if rep, ok := reloads.report(); ok {
			reload = &reloadView{rep, rep.degraded()}
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		_ = statusPage.Execute(w, map[string]any{
			"Now": time.Now().UTC().Format(time.RFC3339), "Zones": store.View().All(), "Checks": mon.Statuses(), "Reload": reload,
		})
	}
}
