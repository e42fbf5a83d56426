package api

import (
	"strings"

	"github.com/r53d/r53d/zones"
)

// Wire shapes of hosted zones and changes. Response roots carry the
// namespace in their XMLName; request roots are checked by decodeRequest.

type hostedZoneXML struct {
	ID                     string        `xml:"Id"`
	Name                   string        `xml:"Name"`
	CallerReference        string        `xml:"CallerReference"`
	Config                 zoneConfigXML `xml:"Config"` // always sent: Terraform reads Config.PrivateZone unguarded
	ResourceRecordSetCount int           `xml:"ResourceRecordSetCount"`
}

type zoneConfigXML struct {
	Comment     string `xml:"Comment,omitempty"`
	PrivateZone bool   `xml:"PrivateZone"`
}

type changeInfoXML struct {
	ID          string    `xml:"Id"`
	Status      string    `xml:"Status"`
	SubmittedAt timestamp `xml:"SubmittedAt"`
	Comment     string    `xml:"Comment,omitempty"`
}

// delegationSetXML always lists its name servers: Terraform reads the
// first one unguarded.
type delegationSetXML struct {
	ID          string `xml:"Id,omitempty"`
	NameServers struct {
		NameServer []string
	}
}

// zoneList is a list that is sent even when empty.
type zoneList struct {
	HostedZone []hostedZoneXML
}

func zoneXML(z HostedZone) hostedZoneXML {
	return hostedZoneXML{ID: "/hostedzone/" + z.ID, Name: z.Name, CallerReference: z.CallerReference,
		Config: zoneConfigXML{Comment: z.Comment}, ResourceRecordSetCount: z.RecordSetCount}
}

func changeXML(ci zones.ChangeInfo) changeInfoXML {
	return changeInfoXML{ID: "/change/" + ci.ID, Status: ci.Status, SubmittedAt: timestamp(ci.SubmittedAt), Comment: ci.Comment}
}

// delegationXML lists the zone's name servers as Route 53 does in a
// delegation set: without the trailing dot of its NS record's values
// ("ns-1536.awsdns-00.co.uk"), as Terraform's name_servers and scripts
// that copy them to a registrar expect.
func delegationXML(z HostedZone, setID string) *delegationSetXML {
	ds := &delegationSetXML{}
	ds.NameServers.NameServer = make([]string, len(z.NameServers))
	for i, ns := range z.NameServers {
		ds.NameServers.NameServer[i] = strings.TrimSuffix(ns, ".")
	}
	if setID != "" {
		ds.ID = "/delegationset/" + stripID(setID)
	}
	return ds
}

type createHostedZoneRequest struct {
	Name             string               `xml:"Name"`
	CallerReference  string               `xml:"CallerReference"`
	HostedZoneConfig *hostedZoneConfigReq `xml:"HostedZoneConfig"`
	VPC              *struct {
		VPCRegion string `xml:"VPCRegion"`
		VPCId     string `xml:"VPCId"`
	} `xml:"VPC"`
	DelegationSetID string `xml:"DelegationSetId"`
}

type hostedZoneConfigReq struct {
	Comment     string `xml:"Comment"`
	PrivateZone bool   `xml:"PrivateZone"`
}

type createHostedZoneResponse struct {
	XMLName       struct{} `xml:"https://route53.amazonaws.com/doc/2013-04-01/ CreateHostedZoneResponse"`
	HostedZone    hostedZoneXML
	ChangeInfo    changeInfoXML
	DelegationSet *delegationSetXML
}

type getHostedZoneResponse struct {
	XMLName       struct{} `xml:"https://route53.amazonaws.com/doc/2013-04-01/ GetHostedZoneResponse"`
	HostedZone    hostedZoneXML
	DelegationSet *delegationSetXML
}

type listHostedZonesResponse struct {
	XMLName     struct{} `xml:"https://route53.amazonaws.com/doc/2013-04-01/ ListHostedZonesResponse"`
	HostedZones zoneList `xml:"HostedZones"`
	Marker      string   `xml:"Marker"`
	IsTruncated bool     `xml:"IsTruncated"`
	NextMarker  string   `xml:"NextMarker,omitempty"`
	MaxItems    string   `xml:"MaxItems"`
}

type listHostedZonesByNameResponse struct {
	XMLName          struct{} `xml:"https://route53.amazonaws.com/doc/2013-04-01/ ListHostedZonesByNameResponse"`
	HostedZones      zoneList `xml:"HostedZones"`
	DNSName          string   `xml:"DNSName,omitempty"`
	HostedZoneID     string   `xml:"HostedZoneId,omitempty"`
	IsTruncated      bool     `xml:"IsTruncated"`
	NextDNSName      string   `xml:"NextDNSName,omitempty"`
	NextHostedZoneID string   `xml:"NextHostedZoneId,omitempty"`
	MaxItems         string   `xml:"MaxItems"`
}

type getHostedZoneCountResponse struct {
	XMLName         struct{} `xml:"https://route53.amazonaws.com/doc/2013-04-01/ GetHostedZoneCountResponse"`
	HostedZoneCount int
}

type deleteHostedZoneResponse struct {
	XMLName    struct{} `xml:"https://route53.amazonaws.com/doc/2013-04-01/ DeleteHostedZoneResponse"`
	ChangeInfo changeInfoXML
}

type updateHostedZoneCommentRequest struct {
	Comment *string `xml:"Comment"`
}

type updateHostedZoneCommentResponse struct {
	XMLName    struct{} `xml:"https://route53.amazonaws.com/doc/2013-04-01/ UpdateHostedZoneCommentResponse"`
	HostedZone hostedZoneXML
}

type getChangeResponse struct {
	XMLName    struct{} `xml:"https://route53.amazonaws.com/doc/2013-04-01/ GetChangeResponse"`
	ChangeInfo changeInfoXML
}

type getDNSSECResponse struct {
	XMLName        struct{} `xml:"https://route53.amazonaws.com/doc/2013-04-01/ GetDNSSECResponse"`
	Status         struct{ ServeSignature string }
	KeySigningKeys struct{} // no key-signing keys: r53d does not sign
}
