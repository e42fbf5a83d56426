package resources

// The canonical hosted zone ids AWS publishes per service and region: the
// AliasTarget.HostedZoneId Route 53 accepts for an alias to a resource of
// that type there. Gathered from AWS's endpoint pages and cross-checked
// against widely used open-source tools; an empty field is one no source
// gave (the service may not exist in that region). Entries marked
// "unconfirmed" come from a single non-AWS source or from sources that
// disagree; r53d uses them all the same, and a declared id that differs
// from one is reported the same way as any mismatch.

// Zone ids that are the same in every region.
const (
	// cloudFrontZone is CloudFront's, and so that of API Gateway's
	// edge-optimized custom domains, which are CloudFront distributions.
	cloudFrontZone  = "Z2FDTNDATAQYW2"
	acceleratorZone = "Z2BJ6XQ5FK7U4H"
)

// regionZones is one region's row of the table.
type regionZones struct {
	alb, nlb   string // application and classic load balancers share alb
	s3         string // S3 website endpoints
	s3Dash     bool   // the S3 website host is s3-website-<region> (older regions), else s3-website.<region>
	beanstalk  string
	apiGateway string // regional API Gateway custom domains
	vpce       string // VPC interface endpoints
}

// zoneTable is read only: the regions r53d knows, commercial, GovCloud
// and China. S3's dash-form host rule is AWS's: only the regions listed
// with s3Dash use it, every newer region the dot form.
var zoneTable = map[string]regionZones{
	"us-east-1":      {alb: "Z35SXDOTRQ7X7K", nlb: "Z26RNL4JYFTOTI", s3: "Z3AQBSTGFYJSTF", s3Dash: true, beanstalk: "Z117KPS5GTRQ2G", apiGateway: "Z1UJRXOUMOOFQ8", vpce: "Z7HUB22UULQXV"},
	"us-east-2":      {alb: "Z3AADJGX6KTTL2", nlb: "ZLMOA37VPKANP", s3: "Z2O1EMRO9K5GLX", s3Dash: false, beanstalk: "Z14LCN19Q5QHIC", apiGateway: "ZOJJZC49E0EPZ", vpce: "ZC8PG0KIFKBRI"},
	"us-west-1":      {alb: "Z368ELLRRE2KJ0", nlb: "Z24FKFUX50B4VW", s3: "Z2F56UZL2M1ACD", s3Dash: true, beanstalk: "Z1LQECGX5PH1X", apiGateway: "Z2MUQ32089INYE", vpce: "Z12I86A8N7VCZO"},
	"us-west-2":      {alb: "Z1H1FL5HABSF5", nlb: "Z18D5FSROUN65G", s3: "Z3BJ6K6RIION7M", s3Dash: true, beanstalk: "Z38NKT9BP95V3O", apiGateway: "Z2OJLYMUO9EFXC", vpce: "Z1YSA3EXCYUU9Z"},
	"ca-central-1":   {alb: "ZQSVJUPU6J1EY", nlb: "Z2EPGBW3API2WT", s3: "Z1QDHH18159H29", s3Dash: false, beanstalk: "ZJFCZL7SSZB5I", apiGateway: "Z19DQILCV0OWEC", vpce: "ZRCXCF510Y6P9"},
	"sa-east-1":      {alb: "Z2P70J7HTTTPLU", nlb: "ZTK26PT1VY4CU", s3: "Z7KQH4QJS55SO", s3Dash: true, beanstalk: "Z10X7K2B4QSOFV", apiGateway: "ZCMLWB8V5SYIT", vpce: "Z2LXUWEVLCVZIB"},
	"eu-west-1":      {alb: "Z32O12XQLNTSW2", nlb: "Z2IFOLAFXWLO4F", s3: "Z1BKCTXD74EZPE", s3Dash: true, beanstalk: "Z2NYPWQ7DFZAZH", apiGateway: "ZLY8HYME6SFDD", vpce: "Z38GZ743OKFT7T"},
	"eu-west-2":      {alb: "ZHURV8PSTC4K8", nlb: "ZD4D7Y8KGAS4G", s3: "Z3GKZC51ZF0DB4", s3Dash: false, beanstalk: "Z1GKAAAUGATPF1", apiGateway: "ZJ5UAJN8Y3Z2Q", vpce: "Z7K1066E3PUKB"},
	"eu-west-3":      {alb: "Z3Q77PNBQS71R4", nlb: "Z1CMS0P5QUZ6D5", s3: "Z3R1K369G5AVDG", s3Dash: false, beanstalk: "Z5WN6GAYWG5OB", apiGateway: "Z3KY65QIEKYHQQ", vpce: "Z1DWHTMFP0WECP"},
	"eu-central-1":   {alb: "Z215JYRZR1TBD5", nlb: "Z3F0SRJ5LGBH90", s3: "Z21DNDUVLTQW6Q", s3Dash: false, beanstalk: "Z1FRNW7UH4DEZJ", apiGateway: "Z1U9ULNL0V5AJ3", vpce: "Z273ZU8SZ5RJPC"},
	"eu-north-1":     {alb: "Z23TAZ6LKFMNIO", nlb: "Z1UDT6IFJ4EJM", s3: "Z3BAZG2TWCNX0D", s3Dash: false, beanstalk: "Z23GO28BZ5AETM", apiGateway: "Z3UWIKFBOOGXPP", vpce: "Z3OWWK6JFDEDGC"},
	"eu-south-1":     {alb: "Z3ULH7SSC9OV64", nlb: "Z23146JA1KNAFP", s3: "Z30OZKI7KPW7MI", s3Dash: false, beanstalk: "Z10VDYYOA2JFKM", apiGateway: "Z3BT4WSQ9TDYZV", vpce: "Z2A5FDNRLY7KZG"}, // unconfirmed: S3
	"ap-northeast-1": {alb: "Z14GRHDCWA56QT", nlb: "Z31USIVHYNEOWT", s3: "Z2M4EHUR26P7ZW", s3Dash: true, beanstalk: "Z1R25G3KIG2GBW", apiGateway: "Z1YSHQZHG15GKL", vpce: "Z2E726K9Y6RL4W"},
	"ap-northeast-2": {alb: "ZWKZPGTI48KDX", nlb: "ZIBE1TIR4HY56", s3: "Z3W03O7B5YMIYP", s3Dash: false, beanstalk: "Z3JE5OI70TWKCP", apiGateway: "Z20JF4UZKIW1U8", vpce: "Z27UANNT0PRK1T"},
	"ap-northeast-3": {alb: "Z5LXEXXYW11ES", nlb: "Z1GWIQ4HH19I5X", s3: "Z2YQB5RD63NC85", s3Dash: false, beanstalk: "ZNE5GEY1TIAGY", apiGateway: "", vpce: "Z376B5OMM2JZL2"},
	"ap-southeast-1": {alb: "Z1LMS91P8CMLE5", nlb: "ZKVM4W9LS7TM", s3: "Z3O0J2DXBE1FTB", s3Dash: true, beanstalk: "Z16FZ9L249IFLT", apiGateway: "ZL327KTPIQFUL", vpce: "Z18LLCSTV4NVNL"},
	"ap-southeast-2": {alb: "Z1GM3OXH4ZPM65", nlb: "ZCT6FZBF4DROD", s3: "Z1WCIGYICN2BYD", s3Dash: true, beanstalk: "Z2PCDNR3VC2G1N", apiGateway: "Z2RPCDW04V8134", vpce: "ZDK2GCRPAFKGO"},
	"ap-south-1":     {alb: "ZP97RAFLXTNZK", nlb: "ZVDDRBQ08TROA", s3: "Z11RGJOFQNVJUP", s3Dash: false, beanstalk: "Z18NTBI3Y7N9TZ", apiGateway: "Z3VO1THU9YC4UR", vpce: "Z2KVTB3ZLFM7JR"},
	"ap-east-1":      {alb: "Z3DQVH9N71FHZ0", nlb: "Z12Y7K3UBGUAD1", s3: "ZNB98KWMFR0R6", s3Dash: false, beanstalk: "ZPWYUBWRU171A", apiGateway: "Z3FD1VL90ND7K5", vpce: "Z2LIHJ7PKBEMWN"},
	"me-south-1":     {alb: "ZS929ML54UICD", nlb: "Z3QSRYVP46NYYV", s3: "Z1MPMWCPA7YB62", s3Dash: false, beanstalk: "Z2BBTEKR2I36N2", apiGateway: "Z20ZBPC0SS8806", vpce: "Z3B95P3VBGEQGY"},
	"af-south-1":     {alb: "Z268VQBMOI5EKX", nlb: "Z203XCE67M25HM", s3: "Z83WF9RJE8B12", s3Dash: false, beanstalk: "Z1EI3BVKMKK4AM", apiGateway: "Z2DHW2332DAMTN", vpce: "Z09302161J80N9A7UTP7U"},              // unconfirmed: S3
	"ap-south-2":     {alb: "Z0173938T07WNTVAEPZN", nlb: "Z0711778386UTO08407HT", s3: "Z02976202B4EZMXIPMXF7", s3Dash: false, beanstalk: "Z10223522IBWPBF2C2FJS", apiGateway: "", vpce: "Z0952991RWSF5AHIQDIY"}, // unconfirmed: EB
	"ap-southeast-3": {alb: "Z08888821HLRG5A9ZRTER", nlb: "Z01971771FYVNCOVWJU1G", s3: "Z01846753K324LI26A3VV", s3Dash: false, beanstalk: "Z05913172VM7EAZB40TA8", apiGateway: "", vpce: "Z03881013RZ9BYYZO8N5W"},
	"ap-southeast-4": {alb: "Z09517862IB2WZLPXG76F", nlb: "Z01156963G8MIIL7X90IV", s3: "Z0312387243XT5FE14WFO", s3Dash: false, beanstalk: "Z0666869LC74UHAO5YE4", apiGateway: "", vpce: "Z07508191CO1RNBX3X3AU"}, // unconfirmed: EB, S3 host
	"ap-southeast-5": {alb: "Z06010284QMVVW7WO5J", nlb: "Z026317210H9ACVTRO6FB", s3: "Z08660063OXLMA7F1FJHU", s3Dash: false, beanstalk: "Z01812971H0QCYWSL7WOH", apiGateway: "", vpce: ""},                       // unconfirmed: EB, S3 host
	"ap-southeast-6": {alb: "Z023301818UFJ50CIO0MV", nlb: "Z01392953RKV2Q3RBP0KU", s3: "", s3Dash: false, beanstalk: "Z01144401H1NECCLJDD4D", apiGateway: "", vpce: ""},                                          // unconfirmed: EB, S3 host
	"ap-southeast-7": {alb: "Z0390008CMBRTHFGWBCB", nlb: "Z054363131YWATEMWRG5L", s3: "Z0031014GXUMRZG6I14G", s3Dash: false, beanstalk: "", apiGateway: "", vpce: ""},                                            // unconfirmed: S3, S3 host
	"ap-east-2":      {alb: "Z02789141MW7T1WBU19PO", nlb: "Z09176273OC2HWIAUNYW", s3: "Z064739330DAH7WJVOO93", s3Dash: false, beanstalk: "", apiGateway: "Z02909591O7FG9Q56HWB1", vpce: "Z09379811HWP0POAUWVN3"}, // unconfirmed: S3, S3 host
	"ca-west-1":      {alb: "Z06473681N0SF6OS049SD", nlb: "Z02754302KBB00W2LKWZ9", s3: "Z03565811Z33SLEZTHOUL", s3Dash: false, beanstalk: "Z1021028356Y0CYS11DQI", apiGateway: "", vpce: ""},                     // unconfirmed: EB, S3 host
	"eu-central-2":   {alb: "Z06391101F2ZOEP8P5EB3", nlb: "Z02239872DOALSIDCX66S", s3: "Z030506016YDQGETNASS", s3Dash: false, beanstalk: "Z00227012FSHBMZNNSJJI", apiGateway: "", vpce: "Z045369019J4FUQ4S272E"}, // unconfirmed: EB
	"eu-south-2":     {alb: "Z0956581394HF5D5LXGAP", nlb: "Z1011216NVTVYADP1SSV", s3: "Z0081959F7139GRJC19J", s3Dash: false, beanstalk: "", apiGateway: "Z02499852UI5HEQ5JVWX3", vpce: "Z014396544HENR57XQCJ"},
	"il-central-1":   {alb: "Z09170902867EHPV2DABU", nlb: "Z0313266YDI6ZRHTGQY4", s3: "Z09640613K4A3MN55U7GU", s3Dash: false, beanstalk: "Z02941091PERNCB1MI5H7", apiGateway: "", vpce: ""}, // unconfirmed: S3 host
	"me-central-1":   {alb: "Z08230872XQRWHG2XF6I", nlb: "Z00282643NTTLPANJJG2P", s3: "Z06143092I8HRXZRUZROF", s3Dash: false, beanstalk: "", apiGateway: "Z08780021BKYYY8U0YHTV", vpce: "Z07122992YCEUCB9A9570"},
	"mx-central-1":   {alb: "Z023552324OKD1BB28BH5", nlb: "Z02031231H3ID6HYJ9A7U", s3: "", s3Dash: false, beanstalk: "", apiGateway: "", vpce: ""}, // unconfirmed: S3 host
	"us-gov-west-1":  {alb: "Z33AYJ8TM3BH4J", nlb: "ZMG1MZ2THAWF1", s3: "Z31GFT0UA1I2HV", s3Dash: true, beanstalk: "Z4KAURWC4UUUG", apiGateway: "Z1K6XKP9SAGWDV", vpce: "Z12529ZODG2B6H"},
	"us-gov-east-1":  {alb: "Z166TLBEWOO7G0", nlb: "Z1ZSMQQ6Q24QQ8", s3: "Z2NIFVYYW2VKV1", s3Dash: false, beanstalk: "Z35TSARG0EJ4VU", apiGateway: "Z3SE9ATJYCRCZJ", vpce: "Z2MU5TEIGO9WXB"},
	"cn-north-1":     {alb: "Z1GDH35T77C1KE", nlb: "Z3QFB96KMJ7ED6", s3: "Z5CN8UMXT92WN", s3Dash: false, beanstalk: "", apiGateway: "", vpce: ""}, // unconfirmed: S3 host
	"cn-northwest-1": {alb: "ZM7IZAIOVVDZF", nlb: "ZQEIKTCZ8352D", s3: "Z282HJ1KT0DH03", s3Dash: false, beanstalk: "", apiGateway: "", vpce: ""},
}

// CanonicalHostedZoneID is the hosted zone id an alias to a resource of
// kind k in region must give; ok is false when AWS publishes none (an
// unknown region, or a service that region lacks).
func CanonicalHostedZoneID(k Kind, region string) (id string, ok bool) {
	switch k {
	case CloudFront:
		return cloudFrontZone, true
	case GlobalAccelerator:
		return acceleratorZone, true
	}
	row, known := zoneTable[region]
	if !known {
		return "", false
	}
	switch k {
	case ApplicationLB, ClassicLB:
		id = row.alb
	case NetworkLB:
		id = row.nlb
	case S3Website:
		id = row.s3
	case ElasticBeanstalk:
		id = row.beanstalk
	case APIGateway:
		id = row.apiGateway
	case VPCEndpoint:
		id = row.vpce
	}
	return id, id != ""
}

// KnownRegion tells whether region is in r53d's table.
func KnownRegion(region string) bool {
	_, ok := zoneTable[region]
	return ok
}

// S3WebsiteHost is the website endpoint of S3 in region, the DNSName an
// alias to a bucket's website gives: s3-website-<region>.amazonaws.com in
// the older regions, s3-website.<region>.amazonaws.com elsewhere, under
// amazonaws.com.cn in China. Lower case, fully qualified.
func S3WebsiteHost(region string) string {
	sep := "."
	if row, ok := zoneTable[region]; ok && row.s3Dash {
		sep = "-"
	}
	return "s3-website" + sep + region + "." + partitionDomain(region)
}

// partitionDomain is the domain of AWS's service names in region.
func partitionDomain(region string) string {
	if len(region) > 3 && region[:3] == "cn-" {
		return "amazonaws.com.cn."
	}
	return "amazonaws.com."
}
