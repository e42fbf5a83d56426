package zones

// The API's request and response shapes that the zones directory's writer
// (config.Dir) shares with the HTTP layer. They live here, below both, so
// the writer implements the API's Backend without importing the API.

// CreateZoneInput is a CreateHostedZone request.
type CreateZoneInput struct {
	Name            string
	CallerReference string
	Comment         string
	PrivateZone     bool
	DelegationSetID string
}

// HostedZoneInfo is a hosted zone as the API shows it.
type HostedZoneInfo struct {
	ZoneMeta
	Name           string // FQDN, lower case, escaped as Route 53 prints it
	RecordSetCount int
	NameServers    []string
}

// RecordSetStart is a ListResourceRecordSets start position (and the
// Next* of a truncated page).
type RecordSetStart struct {
	Name, Type, Identifier string
}

// HealthCheckUpdate is an UpdateHealthCheck request: nil fields do not
// change.
type HealthCheckUpdate struct {
	Version                      *int64
	IPAddress                    *string
	Port                         *int
	ResourcePath                 *string
	FullyQualifiedDomainName     *string
	SearchString                 *string
	FailureThreshold             *int
	Inverted                     *bool
	Disabled                     *bool
	HealthThreshold              *int
	ChildHealthChecks            []string // nil: unchanged
	EnableSNI                    *bool
	Regions                      []string // nil: unchanged
	InsufficientDataHealthStatus *string
	ResetElements                []string
}

// CIDRCollection is a collection as ListCidrCollections shows it.
type CIDRCollection struct {
	ID, Name string
	Version  int64
}

// CIDRChange is one change of ChangeCidrCollection.
type CIDRChange struct {
	LocationName string
	Action       string // PUT or DELETE_IF_EXISTS
	CidrList     []string
}
