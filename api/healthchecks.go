package api

import (
	"strconv"

	"github.com/r53d/r53d/api/iam"
)

func (s *Server) createHealthCheck(c *call) (any, error) {
	var req createHealthCheckRequest
	if err := decodeRequest(c.body, "CreateHealthCheckRequest", &req); err != nil {
		return nil, err
	}
	if req.CallerReference == "" {
		return nil, missing("callerReference")
	}
	if req.HealthCheckConfig == nil {
		return nil, missing("healthCheckConfig")
	}
	check, _, err := s.opts.Backend.CreateHealthCheck(req.CallerReference, req.HealthCheckConfig.config())
	if err != nil {
		return nil, err
	}
	// A replay of an idempotent create (same CallerReference, same
	// settings) returns the existing check; Route 53 does not document
	// its status, and 201 is what every client accepts.
	c.resource = iam.HealthCheckARN(check.ID)
	c.created("healthcheck/" + check.ID)
	return newHealthCheckResponse("CreateHealthCheck", check), nil
}

func (s *Server) getHealthCheck(c *call) (any, error) {
	check, err := s.opts.Backend.HealthCheck(c.params["HealthCheckId"])
	if err != nil {
		return nil, err
	}
	return newHealthCheckResponse("GetHealthCheck", check), nil
}

func (s *Server) listHealthChecks(c *call) (any, error) {
	n, err := c.maxItems("maxitems", 100, 1000)
	if err != nil {
		return nil, err
	}
	marker := c.query("marker")
	page, next, err := s.opts.Backend.HealthChecks(marker, n)
	if err != nil {
		return nil, err
	}
	resp := listHealthChecksResponse{Marker: marker, MaxItems: strconv.Itoa(n), IsTruncated: next != "", NextMarker: next}
	for _, check := range page {
		resp.HealthChecks.HealthCheck = append(resp.HealthChecks.HealthCheck, checkXML(check))
	}
	return resp, nil
}

func (s *Server) getHealthCheckCount(*call) (any, error) {
	n, err := s.opts.Backend.HealthCheckCount()
	if err != nil {
		return nil, err
	}
	return getHealthCheckCountResponse{HealthCheckCount: n}, nil
}

func (s *Server) updateHealthCheck(c *call) (any, error) {
	var req updateHealthCheckRequest
	if err := decodeOptionalRequest(c.body, "UpdateHealthCheckRequest", &req); err != nil {
		return nil, err
	}
	if req.AlarmIdentifier != nil {
		return nil, invalidInput("CloudWatch alarm health checks need AWS and are not supported by r53d.")
	}
	check, err := s.opts.Backend.UpdateHealthCheck(c.params["HealthCheckId"], req.update())
	if err != nil {
		return nil, err
	}
	return newHealthCheckResponse("UpdateHealthCheck", check), nil
}

func (s *Server) deleteHealthCheck(c *call) (any, error) {
	if err := s.opts.Backend.DeleteHealthCheck(c.params["HealthCheckId"]); err != nil {
		return nil, err
	}
	return deleteHealthCheckResponse{}, nil
}
