package cmd

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/route53"
	"github.com/aws/aws-sdk-go-v2/service/route53/types"
	"github.com/miekg/dns"
	"github.com/stretchr/testify/require"
)

// BenchmarkAPIAndDNS measures the API beside DNS on one real serve:
// how long a 1,000-change batch takes from the call to the answer on the
// wire (batch-ms), and the p99 latency of DNS queries paced at 20,000 a
// second on their own (dns-p99-ms) and while 50 clients list a 1,000-set
// zone through the API without pause (dns-p99-listing-ms).
//
//	go test -run '^$' -bench BenchmarkAPIAndDNS -benchtime 1x ./cmd
func BenchmarkAPIAndDNS(b *testing.B) {
	dir := b.TempDir()
	s, err := launchServe(b, ServeOptions{Zones: dir, Listen: "127.0.0.1:0", Admin: "127.0.0.1:0", LogLevel: "error", Log: io.Discard})
	require.NoError(b, err)
	ctx := context.Background()
	c := route53.New(route53.Options{Region: "eu-west-1", BaseEndpoint: aws.String("http://" + s.admin),
		Credentials: aws.AnonymousCredentials{}, RetryMaxAttempts: 1})
	zone, err := c.CreateHostedZone(ctx, &route53.CreateHostedZoneInput{Name: aws.String("bench.example"), CallerReference: aws.String("bench")})
	require.NoError(b, err)
	zoneID := strings.TrimPrefix(aws.ToString(zone.HostedZone.Id), "/hostedzone/")

	round := 0
	for b.Loop() {
		round++
		batch := thousandChanges(round)
		began := time.Now()
		_, err := c.ChangeResourceRecordSets(ctx, &route53.ChangeResourceRecordSetsInput{HostedZoneId: &zoneID, ChangeBatch: batch})
		require.NoError(b, err)
		last := aws.ToString(batch.Changes[len(batch.Changes)-1].ResourceRecordSet.Name)
		for !answers(s.dns.String(), last) {
		}
		b.ReportMetric(float64(time.Since(began).Microseconds())/1000, "batch-ms")

		b.ReportMetric(dnsP99(b, s.dns.String(), round, 20000, 2*time.Second), "dns-p99-ms")
		stop := listers(ctx, "http://"+s.admin, zoneID, 50)
		b.ReportMetric(dnsP99(b, s.dns.String(), round, 20000, 2*time.Second), "dns-p99-listing-ms")
		b.ReportMetric(stop()/2, "listings/s")
	}
}

// thousandChanges is a batch that creates 1,000 A records (UPSERTs would
// count double against Route 53's limit of 1,000), named for the round.
func thousandChanges(round int) *types.ChangeBatch {
	changes := make([]types.Change, 1000)
	for i := range changes {
		changes[i] = types.Change{Action: types.ChangeActionCreate, ResourceRecordSet: &types.ResourceRecordSet{
			Name: aws.String(benchName(round, i)), Type: types.RRTypeA, TTL: aws.Int64(60),
			ResourceRecords: []types.ResourceRecord{{Value: aws.String(fmt.Sprintf("10.%d.%d.%d", round%250, i/250, i%250+1))}}}}
	}
	return &types.ChangeBatch{Changes: changes}
}

func benchName(round, i int) string { return fmt.Sprintf("h%04d.r%d.bench.example.", i, round) }

func answers(addr, name string) bool {
	m := new(dns.Msg)
	m.SetQuestion(name, dns.TypeA)
	r, err := dns.Exchange(m, addr)
	return err == nil && len(r.Answer) > 0
}

// listers runs n clients that list the zone's first 300 sets again and
// again until stopped; stop returns how many listings they got. They read
// the XML without decoding it: the clients' own work is not what is
// measured, and it shares the machine.
func listers(ctx context.Context, endpoint, zoneID string, n int) (stop func() float64) {
	ctx, cancel := context.WithCancel(ctx)
	url := endpoint + "/2013-04-01/hostedzone/" + zoneID + "/rrset?maxitems=300"
	var wg sync.WaitGroup
	var done atomic.Int64
	for range n {
		wg.Go(func() {
			for ctx.Err() == nil {
				req, _ := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
				resp, err := http.DefaultClient.Do(req)
				if err != nil {
					continue
				}
				if _, err := io.Copy(io.Discard, resp.Body); err == nil && resp.StatusCode == http.StatusOK {
					done.Add(1)
				}
				resp.Body.Close()
			}
		})
	}
	return func() float64 { cancel(); wg.Wait(); return float64(done.Load()) }
}

// dnsP99 sends A queries for the names of round at rate a second for d,
// from four paced senders, and returns the 99th percentile latency in ms.
func dnsP99(b *testing.B, addr string, round, rate int, d time.Duration) float64 {
	const senders = 4
	gap := time.Duration(senders) * time.Second / time.Duration(rate)
	var mu sync.Mutex
	var lat []time.Duration
	var wg sync.WaitGroup
	for w := range senders {
		wg.Go(func() {
			co, err := dns.Dial("udp", addr)
			if err != nil {
				b.Error(err)
				return
			}
			defer co.Close()
			var mine []time.Duration
			start := time.Now()
			for i := 0; time.Since(start) < d; i++ {
				if wait := time.Until(start.Add(time.Duration(i) * gap)); wait > 0 {
					time.Sleep(wait)
				}
				m := new(dns.Msg)
				m.SetQuestion(benchName(round, (w*7919+i)%1000), dns.TypeA)
				began := time.Now()
				_ = co.SetDeadline(began.Add(time.Second))
				if err := co.WriteMsg(m); err != nil {
					continue
				}
				if _, err := co.ReadMsg(); err != nil {
					mine = append(mine, time.Second) // a loss counts as a slow answer
					continue
				}
				mine = append(mine, time.Since(began))
			}
			mu.Lock()
			lat = append(lat, mine...)
			mu.Unlock()
		})
	}
	wg.Wait()
	slices.Sort(lat)
	if len(lat) == 0 {
		return 0
	}
	return float64(lat[len(lat)*99/100].Microseconds()) / 1000
}
