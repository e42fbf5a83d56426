package zones

import "time"

// The Route 53 control plane's model: what the API reads and writes beside
// the records themselves. The API package speaks the wire protocol; the
// config package's directory writer keeps these in the zones directory.

// ZoneMeta is what a hosted zone holds besides its records. A zone written
// by hand has none but the id, which the store derives from its origin;
// a zone made through the API keeps all of it in its JSON file.
type ZoneMeta struct {
	ID              string // without "/hostedzone/"
	CallerReference string
	Comment         string
	PrivateZone     bool
	Tags            []Tag
}

// Tag is one tag of a hosted zone or a health check.
type Tag struct {
	Key   string `json:"Key" yaml:"Key"`
	Value string `json:"Value" yaml:"Value"`
}

// ChangeInfo is a change's state, as GetChange reports it.
type ChangeInfo struct {
	ID          string // without "/change/"
	Status      string // ChangePending or ChangeInSync
	SubmittedAt time.Time
	Comment     string
}

// Change statuses.
const (
	ChangePending = "PENDING"
	ChangeInSync  = "INSYNC"
)

// RecordChange is one change of a ChangeResourceRecordSets batch.
type RecordChange struct {
	Action string // CREATE, DELETE or UPSERT
	Set    ResourceRecordSet
}

// Fault is a failure the API reports with one of Route 53's error codes
// (NoSuchHostedZone, InvalidChangeBatch, ...). For InvalidChangeBatch,
// Messages holds every message; Message is then what Route 53 sends:
// them all, bracketed and comma-separated.
type Fault struct {
	Code     string
	Message  string
	Messages []string
}

func (f *Fault) Error() string { return f.Code + ": " + f.Message }
