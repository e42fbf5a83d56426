package healthcheck

import (
	"encoding/json"
	"errors"
	"net/http"
)

// maxBody bounds a request body: the largest valid one is a few dozen bytes.
const maxBody = 4096

// Routes registers the health-check admin API on mux:
//
//	GET    /api/healthchecks                 every check's status
//	GET    /api/healthchecks/{id}            one check (404 if unknown)
//	PUT    /api/healthchecks/{id}/override   {"Status":"Healthy"|"Unhealthy"}
//	DELETE /api/healthchecks/{id}/override   back to the measured status
//
// A request body is application/json holding exactly one object whose
// field names match exactly (see decodeBody). Who may call these is the
// admin server's business: it authenticates before mux sees a request.
func (m *Monitor) Routes(mux *http.ServeMux) {
	mux.HandleFunc("GET /api/healthchecks", func(w http.ResponseWriter, _ *http.Request) {
		writeJSON(w, http.StatusOK, m.Statuses())
	})
	mux.HandleFunc("GET /api/healthchecks/{id}", func(w http.ResponseWriter, r *http.Request) {
		st, ok := m.Status(r.PathValue("id"))
		if !ok {
			writeError(w, http.StatusNotFound, "no health check with id "+r.PathValue("id"))
			return
		}
		writeJSON(w, http.StatusOK, st)
	})
	mux.HandleFunc("PUT /api/healthchecks/{id}/override", func(w http.ResponseWriter, r *http.Request) {
		var status string
		if code, err := decodeBody(w, r, map[string]any{"Status": &status}); err != nil {
			writeError(w, code, `expected {"Status":"Healthy"} or {"Status":"Unhealthy"}: `+err.Error())
			return
		}
		if status != Healthy && status != Unhealthy {
			writeError(w, http.StatusBadRequest, `Status must be "Healthy" or "Unhealthy", not "`+status+`"`)
			return
		}
		m.respond(w, r.PathValue("id"), m.SetOverride(r.PathValue("id"), status == Healthy))
	})
	mux.HandleFunc("DELETE /api/healthchecks/{id}/override", func(w http.ResponseWriter, r *http.Request) {
		m.respond(w, r.PathValue("id"), m.ClearOverride(r.PathValue("id")))
	})
}

// respond answers an override change with the check's new status.
func (m *Monitor) respond(w http.ResponseWriter, id string, err error) {
	switch {
	case errors.Is(err, ErrUnknownCheck):
		writeError(w, http.StatusNotFound, err.Error())
	case err != nil:
		writeError(w, http.StatusInternalServerError, err.Error())
	default:
		st, _ := m.Status(id)
		writeJSON(w, http.StatusOK, st)
	}
}

func writeJSON(w http.ResponseWriter, code int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(code)
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	_ = enc.Encode(v)
}

func writeError(w http.ResponseWriter, code int, msg string) {
	writeJSON(w, code, map[string]string{"error": msg})
}
