package api

import (
	"encoding/xml"
	"strings"

	"github.com/r53d/r53d/healthcheck"
)

// CheckerRegion is the Region label of every observation: r53d has one
// checker, itself, where Route 53 reports one per checker region.
const CheckerRegion = "us-east-1"

type observationXML struct {
	Region       string `xml:"Region"`
	IPAddress    string `xml:"IPAddress"`
	StatusReport struct {
		Status      string    `xml:"Status"`
		CheckedTime timestamp `xml:"CheckedTime"`
	} `xml:"StatusReport"`
}

type observationsResponse struct {
	XMLName                 xml.Name
	HealthCheckObservations struct {
		HealthCheckObservation []observationXML
	}
}

// probes returns check id's recent probe results, oldest first, after
// refusing what Route 53 refuses: an unknown check (NoSuchHealthCheck)
// and a CALCULATED one, which no checker probes.
func (s *Server) probes(c *call) (healthcheck.Check, []healthcheck.ProbeEvent, error) {
	check, err := s.opts.Backend.HealthCheck(c.params["HealthCheckId"])
	if err != nil {
		return check, nil, err
	}
	if check.HealthCheckConfig.Type == healthcheck.TypeCalculated {
		return check, nil, invalidInput("Health checks of type CALCULATED have no status reports from health checkers: %s", check.ID)
	}
	if s.opts.Monitor == nil {
		return check, nil, nil
	}
	h, _ := s.opts.Monitor.History(check.ID)
	return check, h.Probes, nil
}

func (s *Server) getHealthCheckStatus(c *call) (any, error) {
	check, probes, err := s.probes(c)
	if err != nil {
		return nil, err
	}
	var obs []observationXML
	if n := len(probes); n > 0 {
		obs = append(obs, observation(check, probes[n-1]))
	}
	return newObservations("GetHealthCheckStatus", obs), nil
}

func (s *Server) getHealthCheckLastFailureReason(c *call) (any, error) {
	check, probes, err := s.probes(c)
	if err != nil {
		return nil, err
	}
	var obs []observationXML
	for i := len(probes) - 1; i >= 0; i-- {
		if !probes[i].OK {
			obs = append(obs, observation(check, probes[i]))
			break
		}
	}
	return newObservations("GetHealthCheckLastFailureReason", obs), nil
}

func newObservations(op string, obs []observationXML) observationsResponse {
	resp := observationsResponse{XMLName: xml.Name{Space: Namespace, Local: op + "Response"}}
	resp.HealthCheckObservations.HealthCheckObservation = obs
	return resp
}

// observation is one probe result as a Route 53 checker reports it.
func observation(check healthcheck.Check, p healthcheck.ProbeEvent) observationXML {
	o := observationXML{Region: CheckerRegion, IPAddress: check.HealthCheckConfig.IPAddress}
	if o.IPAddress == "" {
		o.IPAddress = "127.0.0.1"
	}
	o.StatusReport.Status = "Failure: " + p.Reason
	if p.OK {
		o.StatusReport.Status = "Success: " + p.Detail
		if p.Detail == "" {
			o.StatusReport.Status = successReport(check.HealthCheckConfig.Type)
		}
	}
	o.StatusReport.CheckedTime = timestamp(p.At)
	return o
}

// successReport words a passed probe whose result says no more (one
// recorded by hand): the HTTP status as the range the prober accepts.
func successReport(typ string) string {
	switch {
	case typ == healthcheck.TypeTCP:
		return "Success: TCP connection established"
	case strings.HasSuffix(typ, "_STR_MATCH"):
		return "Success: HTTP Status Code 2xx/3xx, and the search string was found in the response body"
	default:
		return "Success: HTTP Status Code 2xx/3xx"
	}
}
