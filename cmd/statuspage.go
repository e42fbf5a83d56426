package cmd

import (
	"html/template"
	"net/http"
	"time"

	"github.com/r53d/r53d/healthcheck"
	"github.com/r53d/r53d/zones"
)

// statusPage is the admin server's page for people: what is served, how
// every health check has been doing and what each routed name answers,
// refreshed every few seconds. It needs no JavaScript.
var statusPage = template.Must(template.New("status").Funcs(template.FuncMap{"timelineW": func() int { return timelineW }}).Parse(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta http-equiv="refresh" content="5"><title>r53d</title>
<style>body{font:14px system-ui,sans-serif;margin:2em;color:#16191f}table{border-collapse:collapse}td,th{padding:.3em .8em;border-bottom:1px solid #ddd;text-align:left;vertical-align:top}
.Healthy{color:#067d17}.Unhealthy{color:#b00020;font-weight:bold}code{font-size:13px}time{border-bottom:1px dotted #999}
.timeline{display:block}.track{fill:#f2f3f3}.ok{fill:#1d8102}.fail{fill:#d13212}.change{stroke-width:2}.change.Healthy{stroke:#067d17}.change.Unhealthy{stroke:#b00020}
.note{color:#545b64;font-size:12px}.warn{background:#fff3f0;border-left:4px solid #e07b00;padding:.5em 1em}pre{margin:.3em 0}</style></head><body>
<h1>r53d</h1><p><time datetime="{{.Now.Exact}}">{{.Now.Exact}}</time> · <a href="/api/healthchecks">/api/healthchecks</a> · <a href="/metrics">/metrics</a> · <a href="/readyz">/readyz</a></p>
<h2>Last reload</h2>{{with .Reload}}<p>{{template "when" .When}}: {{if .Degraded}}<span class="Unhealthy">{{.Degraded}}</span>{{else}}every file loaded{{end}}</p>
{{if .Err}}<div class="warn" id="reload-error"><pre>{{.Err}}</pre></div>{{end}}
{{range .Files}}<div class="warn failed-file"><b><code>{{.File}}</code></b><pre>{{range .Errors}}{{.}}
{{end}}</pre></div>{{end}}{{else}}<p>none yet</p>{{end}}
<h2>Zones</h2><table><tr><th>zone</th><th>serial</th><th>records</th><th>routed groups</th><th>from</th></tr>
{{range .Zones}}<tr><td><code>{{.Origin}}</code></td><td>{{.SOA.Serial}}</td><td>{{.Len}}</td><td>{{.Routed}}</td><td><code>{{range $i, $f := .Files}}{{if $i}}, {{end}}{{$f}}{{end}}</code></td></tr>{{end}}</table>
<h2>Health checks</h2>{{if not .Checks}}<p>none</p>{{else}}<table id="checks"><tr><th>id</th><th>type</th><th>target</th><th>status</th><th>last checked</th><th>last changed</th><th>recent results (oldest left)</th></tr>
{{range .Checks}}<tr class="check" data-id="{{.ID}}">{{template "row" .}}</tr>{{end}}</table>{{end}}
<h2>Load-balancer targets</h2>{{if not .Targets}}<p>none</p>{{else}}<table id="targets"><tr><th>id</th><th>target group</th><th>probe</th><th>DNS status and ELB state</th><th>last checked</th><th>last changed</th><th>recent results (oldest left)</th></tr>
{{range .Targets}}<tr class="target" data-id="{{.ID}}">{{template "row" .}}</tr>{{end}}</table>{{end}}
<p>Force a status: <code>r53d health set ID unhealthy</code>, release it: <code>r53d health clear ID</code>.</p>
<h2>Routed names</h2><p class="note">The answer each gets now for a query from 127.0.0.1 without EDNS Client Subnet: location-based policies give their defaults.</p>
{{if .RoutedErr}}<p class="Unhealthy">{{.RoutedErr}}</p>{{end}}
{{if not .Routed}}<p>none</p>{{else}}<table id="routed"><tr><th>name</th><th>type</th><th>policy</th><th>record sets</th><th>answer now</th></tr>
{{range .Routed}}<tr class="routed"><td><code>{{.Name}}</code></td><td>{{.Type}}</td><td class="policy">{{.Policy}}</td><td>{{.Members}}</td>
<td class="answer">{{if .Rcode}}<b>{{.Rcode}}</b> {{end}}{{range .Answer}}<code>{{.}}</code><br>{{else}}{{if not .Rcode}}<span class="note">no records (NODATA)</span>{{end}}{{end}}</td></tr>{{end}}</table>
{{if .RoutedMore}}<p class="note">and {{.RoutedMore}} more routed name(s), not shown</p>{{end}}{{end}}
</body></html>
{{define "row"}}<td><code>{{.ID}}</code></td><td>{{if .TargetGroup}}{{.TargetGroup}}{{else}}{{.Type}}{{end}}</td><td><code>{{.Target}}</code></td>
<td class="{{.Status.Status}}">{{.Status.Status}}{{with .TargetState}}<br><span class="note state">{{.}}{{with $.TargetReason}} ({{.}}){{end}}</span>{{end}}{{if .Override}}<br><span class="note">forced {{.Override}}, measured {{.Measured}}</span>{{end}}</td>
<td>{{with .Checked}}{{template "when" .}}{{else}}never{{end}}</td><td>{{with .Changed}}{{template "when" .}}{{end}}<br><span class="note">{{.Transitions}} change(s)</span></td>
<td><svg class="timeline" width="{{timelineW}}" height="22" viewBox="0 0 {{timelineW}} 22" role="img" aria-label="{{len .Marks}} recent results, {{.Failed}} failed"><rect class="track" width="{{timelineW}}" height="22"></rect>
{{range .Marks}}<rect class="probe {{if .OK}}ok{{else}}fail{{end}}" x="{{.X}}" y="4" width="5" height="14"><title>{{.Title}}</title></rect>{{end}}
{{range .Flips}}<line class="change {{.Status}}" x1="{{.X}}" x2="{{.X}}" y1="0" y2="22"><title>{{.Title}}</title></line>{{end}}</svg>
<span class="note">{{len .Marks}} result(s), {{.Failed}} failed{{with .LastFailureReason}}; last failure: {{.}}{{end}}</span></td>{{end}}
{{define "when"}}<time datetime="{{.Exact}}" title="{{.Exact}}">{{.Ago}}</time>{{end}}
`))

// reloadView is a reloadReport as the status page shows it.
type reloadView struct {
	reloadReport
	When     when
	Degraded string
	Files    []fileProblems // every file with errors, with its errors
}

func statusHandler(store *zones.Store, mon *healthcheck.Monitor, reloads *reloadStatus) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/" {
			http.NotFound(w, r)
			return
		}
		now := time.Now()
		var reload *reloadView
		if rep, ok := reloads.report(); ok {
			reload = &reloadView{reloadReport: rep, When: whenOf(now, rep.At), Degraded: rep.degraded(), Files: byFile(rep.Problems)}
		}
		checks, targets := checkViews(now, mon)
		routed, more, err := routedViews(store, mon, maxRoutedRows)
		routedErr := ""
		if err != nil {
			routedErr = "routed names: " + err.Error()
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Header().Set("Cache-Control", "no-store")
		_ = statusPage.Execute(w, map[string]any{
			"Now": whenOf(now, now), "Zones": store.View().All(), "Checks": checks, "Targets": targets, "Reload": reload,
			"Routed": routed, "RoutedMore": more, "RoutedErr": routedErr,
		})
	}
}
