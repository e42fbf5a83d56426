package api

import (
	"encoding/xml"
	"strings"

	"github.com/r53d/r53d/healthcheck"
)

// healthConfigXML is a HealthCheckConfig on the wire, both ways.
type healthConfigXML struct {
	IPAddress                    string       `xml:"IPAddress,omitempty"`
	Port                         int          `xml:"Port,omitempty"`
	Type                         string       `xml:"Type"`
	ResourcePath                 string       `xml:"ResourcePath,omitempty"`
	FullyQualifiedDomainName     string       `xml:"FullyQualifiedDomainName,omitempty"`
	SearchString                 string       `xml:"SearchString,omitempty"`
	RequestInterval              int          `xml:"RequestInterval,omitempty"`
	FailureThreshold             int          `xml:"FailureThreshold,omitempty"`
	MeasureLatency               *bool        `xml:"MeasureLatency"`
	Inverted                     *bool        `xml:"Inverted"`
	Disabled                     *bool        `xml:"Disabled"`
	HealthThreshold              *int         `xml:"HealthThreshold"`
	ChildHealthChecks            *childrenXML `xml:"ChildHealthChecks"`
	EnableSNI                    *bool        `xml:"EnableSNI"`
	Regions                      *regionsXML  `xml:"Regions"`
	AlarmIdentifier              *alarmIDXML  `xml:"AlarmIdentifier"`
	InsufficientDataHealthStatus string       `xml:"InsufficientDataHealthStatus,omitempty"`
	RoutingControlArn            string       `xml:"RoutingControlArn,omitempty"`
}

type childrenXML struct {
	ChildHealthCheck []string `xml:"ChildHealthCheck"`
}

type regionsXML struct {
	Region []string `xml:"Region"`
}

type alarmIDXML struct {
	Region string `xml:"Region"`
	Name   string `xml:"Name"`
}

func (x healthConfigXML) config() healthcheck.Config {
	cfg := healthcheck.Config{IPAddress: x.IPAddress, Port: x.Port, Type: x.Type, ResourcePath: x.ResourcePath,
		FullyQualifiedDomainName: x.FullyQualifiedDomainName, SearchString: x.SearchString,
		RequestInterval: x.RequestInterval, FailureThreshold: x.FailureThreshold,
		MeasureLatency: deref(x.MeasureLatency), Inverted: deref(x.Inverted), Disabled: deref(x.Disabled),
		HealthThreshold: deref(x.HealthThreshold), EnableSNI: x.EnableSNI,
		InsufficientDataHealthStatus: x.InsufficientDataHealthStatus, RoutingControlArn: x.RoutingControlArn}
	if x.ChildHealthChecks != nil {
		cfg.ChildHealthChecks = x.ChildHealthChecks.ChildHealthCheck
	}
	if x.Regions != nil {
		cfg.Regions = x.Regions.Region
	}
	if a := x.AlarmIdentifier; a != nil {
		m := map[string]any{"Region": a.Region, "Name": a.Name}
		cfg.AlarmIdentifier = &m
	}
	return cfg
}

// healthConfigOut is a check's config as Route 53 shows it: the defaults
// it applied (interval, threshold, SNI) written out, the booleans always,
// Regions only when set (an invented default list would show as drift in
// Terraform).
func healthConfigOut(cfg healthcheck.Config) healthConfigXML {
	x := healthConfigXML{IPAddress: cfg.IPAddress, Port: cfg.Port, Type: cfg.Type, ResourcePath: cfg.ResourcePath,
		FullyQualifiedDomainName: cfg.FullyQualifiedDomainName, SearchString: cfg.SearchString,
		MeasureLatency: &cfg.MeasureLatency, Inverted: &cfg.Inverted, Disabled: &cfg.Disabled,
		InsufficientDataHealthStatus: cfg.InsufficientDataHealthStatus, RoutingControlArn: cfg.RoutingControlArn}
	if cfg.Type == healthcheck.TypeCalculated {
		x.HealthThreshold = &cfg.HealthThreshold
		x.ChildHealthChecks = &childrenXML{ChildHealthCheck: cfg.ChildHealthChecks}
	} else {
		x.RequestInterval, x.FailureThreshold = cfg.Interval(), cfg.Threshold()
		sni := strings.HasPrefix(cfg.Type, "HTTPS") && cfg.FullyQualifiedDomainName != ""
		if cfg.EnableSNI != nil {
			sni = *cfg.EnableSNI
		}
		x.EnableSNI = &sni
	}
	if len(cfg.Regions) > 0 {
		x.Regions = &regionsXML{Region: cfg.Regions}
	}
	if a := cfg.AlarmIdentifier; a != nil {
		region, _ := (*a)["Region"].(string)
		name, _ := (*a)["Name"].(string)
		x.AlarmIdentifier = &alarmIDXML{Region: region, Name: name}
	}
	return x
}

func deref[T any](p *T) T {
	var zero T
	if p == nil {
		return zero
	}
	return *p
}

type healthCheckXML struct {
	ID                 string          `xml:"Id"`
	CallerReference    string          `xml:"CallerReference"`
	HealthCheckConfig  healthConfigXML `xml:"HealthCheckConfig"`
	HealthCheckVersion int64           `xml:"HealthCheckVersion"`
}

func checkXML(c healthcheck.Check) healthCheckXML {
	v := c.HealthCheckVersion
	if v == 0 {
		v = 1 // a hand-written check has no version yet: Route 53 starts at 1
	}
	return healthCheckXML{ID: c.ID, CallerReference: c.CallerReference, HealthCheckConfig: healthConfigOut(c.HealthCheckConfig), HealthCheckVersion: v}
}

type createHealthCheckRequest struct {
	CallerReference   string           `xml:"CallerReference"`
	HealthCheckConfig *healthConfigXML `xml:"HealthCheckConfig"`
}

type updateHealthCheckRequest struct {
	HealthCheckVersion           *int64       `xml:"HealthCheckVersion"`
	IPAddress                    *string      `xml:"IPAddress"`
	Port                         *int         `xml:"Port"`
	ResourcePath                 *string      `xml:"ResourcePath"`
	FullyQualifiedDomainName     *string      `xml:"FullyQualifiedDomainName"`
	SearchString                 *string      `xml:"SearchString"`
	FailureThreshold             *int         `xml:"FailureThreshold"`
	Inverted                     *bool        `xml:"Inverted"`
	Disabled                     *bool        `xml:"Disabled"`
	HealthThreshold              *int         `xml:"HealthThreshold"`
	ChildHealthChecks            *childrenXML `xml:"ChildHealthChecks"`
	EnableSNI                    *bool        `xml:"EnableSNI"`
	Regions                      *regionsXML  `xml:"Regions"`
	AlarmIdentifier              *alarmIDXML  `xml:"AlarmIdentifier"`
	InsufficientDataHealthStatus *string      `xml:"InsufficientDataHealthStatus"`
	ResetElements                *struct {
		ResettableElementName []string `xml:"ResettableElementName"`
	} `xml:"ResetElements"`
}

func (r updateHealthCheckRequest) update() HealthCheckUpdate {
	u := HealthCheckUpdate{Version: r.HealthCheckVersion, IPAddress: r.IPAddress, Port: r.Port, ResourcePath: r.ResourcePath,
		FullyQualifiedDomainName: r.FullyQualifiedDomainName, SearchString: r.SearchString, FailureThreshold: r.FailureThreshold,
		Inverted: r.Inverted, Disabled: r.Disabled, HealthThreshold: r.HealthThreshold, EnableSNI: r.EnableSNI,
		InsufficientDataHealthStatus: r.InsufficientDataHealthStatus}
	if r.ChildHealthChecks != nil {
		u.ChildHealthChecks = append([]string{}, r.ChildHealthChecks.ChildHealthCheck...) // non-nil: replace
	}
	if r.Regions != nil {
		u.Regions = append([]string{}, r.Regions.Region...)
	}
	if r.ResetElements != nil {
		u.ResetElements = r.ResetElements.ResettableElementName
	}
	return u
}

// healthCheckResponse is the answer of Create, Get and Update, whose
// roots differ only in name.
type healthCheckResponse struct {
	XMLName     xml.Name
	HealthCheck healthCheckXML
}

func newHealthCheckResponse(op string, c healthcheck.Check) healthCheckResponse {
	return healthCheckResponse{XMLName: xml.Name{Space: Namespace, Local: op + "Response"}, HealthCheck: checkXML(c)}
}

type listHealthChecksResponse struct {
	XMLName      struct{} `xml:"https://route53.amazonaws.com/doc/2013-04-01/ ListHealthChecksResponse"`
	HealthChecks struct {
		HealthCheck []healthCheckXML
	}
	Marker      string `xml:"Marker"`
	IsTruncated bool   `xml:"IsTruncated"`
	NextMarker  string `xml:"NextMarker,omitempty"`
	MaxItems    string `xml:"MaxItems"`
}

type getHealthCheckCountResponse struct {
	XMLName          struct{} `xml:"https://route53.amazonaws.com/doc/2013-04-01/ GetHealthCheckCountResponse"`
	HealthCheckCount int
}

type deleteHealthCheckResponse struct {
	XMLName struct{} `xml:"https://route53.amazonaws.com/doc/2013-04-01/ DeleteHealthCheckResponse"`
}
