package api

import (
	"context"
	"net"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/route53"
	"github.com/aws/aws-sdk-go-v2/service/route53/types"
	"github.com/r53d/r53d/healthcheck"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var httpCheck = &types.HealthCheckConfig{Type: types.HealthCheckTypeHttp, IPAddress: aws.String("192.0.2.10"), Port: aws.Int32(80),
	ResourcePath: aws.String("/healthz"), RequestInterval: aws.Int32(10), FailureThreshold: aws.Int32(2)}

// TestSDKHealthChecks runs Terraform's health-check calls and the rest
// of the health-check operations through the AWS SDK.
func TestSDKHealthChecks(t *testing.T) {
	a := newTestAPI(t)
	c := ctx(t)
	created, err := a.client.CreateHealthCheck(c, &route53.CreateHealthCheckInput{CallerReference: aws.String("terraform-1"), HealthCheckConfig: httpCheck})
	require.NoError(t, err)
	hc := created.HealthCheck
	id := aws.ToString(hc.Id)
	assert.Equal(t, a.srv.URL+"/2013-04-01/healthcheck/"+id, aws.ToString(created.Location))
	assert.Equal(t, int64(1), aws.ToInt64(hc.HealthCheckVersion))
	cfg := hc.HealthCheckConfig
	assert.Equal(t, "/healthz", aws.ToString(cfg.ResourcePath))
	assert.Equal(t, int32(2), aws.ToInt32(cfg.FailureThreshold))
	assert.False(t, aws.ToBool(cfg.Inverted))
	assert.False(t, aws.ToBool(cfg.EnableSNI))
	assert.Empty(t, cfg.Regions, "no invented default regions")

	replay, err := a.client.CreateHealthCheck(c, &route53.CreateHealthCheckInput{CallerReference: aws.String("terraform-1"), HealthCheckConfig: httpCheck})
	require.NoError(t, err, "an idempotent replay")
	assert.Equal(t, id, aws.ToString(replay.HealthCheck.Id))
	_, err = a.client.CreateHealthCheck(c, &route53.CreateHealthCheckInput{CallerReference: aws.String("terraform-1"),
		HealthCheckConfig: &types.HealthCheckConfig{Type: types.HealthCheckTypeTcp, IPAddress: aws.String("192.0.2.10"), Port: aws.Int32(22)}})
	var exists *types.HealthCheckAlreadyExists
	require.ErrorAs(t, err, &exists)

	got, err := a.client.GetHealthCheck(c, &route53.GetHealthCheckInput{HealthCheckId: aws.String(id)})
	require.NoError(t, err)
	assert.Equal(t, types.HealthCheckTypeHttp, got.HealthCheck.HealthCheckConfig.Type)

	upd, err := a.client.UpdateHealthCheck(c, &route53.UpdateHealthCheckInput{HealthCheckId: aws.String(id), Port: aws.Int32(8080), Disabled: aws.Bool(true)})
	require.NoError(t, err)
	assert.Equal(t, int32(8080), aws.ToInt32(upd.HealthCheck.HealthCheckConfig.Port))
	assert.True(t, aws.ToBool(upd.HealthCheck.HealthCheckConfig.Disabled))
	assert.Equal(t, int64(2), aws.ToInt64(upd.HealthCheck.HealthCheckVersion))
	_, err = a.client.UpdateHealthCheck(c, &route53.UpdateHealthCheckInput{HealthCheckId: aws.String(id), HealthCheckVersion: aws.Int64(1), Port: aws.Int32(81)})
	var stale *types.HealthCheckVersionMismatch
	require.ErrorAs(t, err, &stale)
	// `aws route53 update-health-check --health-check-id ID` alone sends no
	// body: a request that changes nothing.
	status, body, _ := a.raw(t, http.MethodPost, "/2013-04-01/healthcheck/"+id, "")
	assert.Equal(t, http.StatusOK, status, body)
	assert.Contains(t, body, "<Port>8080</Port>")

	list, err := a.client.ListHealthChecks(c, &route53.ListHealthChecksInput{})
	require.NoError(t, err)
	require.Len(t, list.HealthChecks, 1)
	count, err := a.client.GetHealthCheckCount(c, &route53.GetHealthCheckCountInput{})
	require.NoError(t, err)
	assert.Equal(t, int64(1), aws.ToInt64(count.HealthCheckCount))

	_, err = a.client.DeleteHealthCheck(c, &route53.DeleteHealthCheckInput{HealthCheckId: aws.String(id)})
	require.NoError(t, err)
	_, err = a.client.DeleteHealthCheck(c, &route53.DeleteHealthCheckInput{HealthCheckId: aws.String(id)})
	var gone *types.NoSuchHealthCheck
	require.ErrorAs(t, err, &gone)
}

// TestSDKHealthCheckStatus: observations are the prober's real last
// result and time; none before the first probe; CALCULATED checks have
// none to give.
func TestSDKHealthCheckStatus(t *testing.T) {
	mon := healthcheck.NewMonitor(healthcheck.Options{})
	a := newTestAPI(t, func(o *Options) { o.Monitor = mon })
	c := ctx(t)
	created, err := a.client.CreateHealthCheck(c, &route53.CreateHealthCheckInput{CallerReference: aws.String("r"), HealthCheckConfig: httpCheck})
	require.NoError(t, err)
	id := created.HealthCheck.Id
	check, err := a.fake.HealthCheck(*id)
	require.NoError(t, err)
	mon.Update([]healthcheck.Check{check})

	status, err := a.client.GetHealthCheckStatus(c, &route53.GetHealthCheckStatusInput{HealthCheckId: id})
	require.NoError(t, err)
	assert.Empty(t, status.HealthCheckObservations, "no probe yet")

	failedAt := time.Date(2026, 11, 27, 6, 2, 10, 0, time.UTC)
	mon.Record(*id, healthcheck.Result{Reason: "HTTP Status Code 503, Service Unavailable. Resolved IP: 192.0.2.10", At: failedAt})
	mon.Record(*id, healthcheck.Result{OK: true, Detail: "HTTP Status Code 200, OK", At: failedAt.Add(10 * time.Second)})
	status, err = a.client.GetHealthCheckStatus(c, &route53.GetHealthCheckStatusInput{HealthCheckId: id})
	require.NoError(t, err)
	require.Len(t, status.HealthCheckObservations, 1)
	obs := status.HealthCheckObservations[0]
	assert.Equal(t, types.HealthCheckRegionUsEast1, obs.Region)
	assert.Equal(t, "192.0.2.10", aws.ToString(obs.IPAddress))
	assert.Equal(t, "Success: HTTP Status Code 200, OK", aws.ToString(obs.StatusReport.Status))
	assert.Equal(t, failedAt.Add(10*time.Second), aws.ToTime(obs.StatusReport.CheckedTime))

	last, err := a.client.GetHealthCheckLastFailureReason(c, &route53.GetHealthCheckLastFailureReasonInput{HealthCheckId: id})
	require.NoError(t, err)
	require.Len(t, last.HealthCheckObservations, 1)
	assert.Equal(t, "Failure: HTTP Status Code 503, Service Unavailable. Resolved IP: 192.0.2.10", aws.ToString(last.HealthCheckObservations[0].StatusReport.Status))
	assert.Equal(t, failedAt, aws.ToTime(last.HealthCheckObservations[0].StatusReport.CheckedTime))

	calc, err := a.client.CreateHealthCheck(c, &route53.CreateHealthCheckInput{CallerReference: aws.String("c2"), HealthCheckConfig: &types.HealthCheckConfig{
		Type: types.HealthCheckTypeCalculated, HealthThreshold: aws.Int32(1), ChildHealthChecks: []string{*id}}})
	require.NoError(t, err)
	assert.Equal(t, []string{*id}, calc.HealthCheck.HealthCheckConfig.ChildHealthChecks)
	_, err = a.client.GetHealthCheckStatus(c, &route53.GetHealthCheckStatusInput{HealthCheckId: calc.HealthCheck.Id})
	var bad *types.InvalidInput
	require.ErrorAs(t, err, &bad)
}

// TestHealthCheckStatusFromRealProbe: the monitor's own prober probes a
// loopback server, and the status report says what it saw.
func TestHealthCheckStatusFromRealProbe(t *testing.T) {
	target := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(http.StatusNoContent) }))
	t.Cleanup(target.Close)
	port := target.Listener.Addr().(*net.TCPAddr).Port
	mon := healthcheck.NewMonitor(healthcheck.Options{})
	runCtx, stop := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { mon.Run(runCtx); close(done) }()
	t.Cleanup(func() { stop(); <-done })
	a := newTestAPI(t, func(o *Options) { o.Monitor = mon })
	c := ctx(t)
	created, err := a.client.CreateHealthCheck(c, &route53.CreateHealthCheckInput{CallerReference: aws.String("r"), HealthCheckConfig: &types.HealthCheckConfig{
		Type: types.HealthCheckTypeHttp, IPAddress: aws.String("127.0.0.1"), Port: aws.Int32(int32(port)), RequestInterval: aws.Int32(1)}})
	require.NoError(t, err)
	check, err := a.fake.HealthCheck(*created.HealthCheck.Id)
	require.NoError(t, err)
	mon.Update([]healthcheck.Check{check}) // what config.Dir's BeforePublish does
	var status *route53.GetHealthCheckStatusOutput
	require.Eventually(t, func() bool {
		status, err = a.client.GetHealthCheckStatus(c, &route53.GetHealthCheckStatusInput{HealthCheckId: created.HealthCheck.Id})
		return err == nil && len(status.HealthCheckObservations) > 0
	}, 5*time.Second, 20*time.Millisecond)
	obs := status.HealthCheckObservations[0]
	assert.Equal(t, "Success: HTTP Status Code 204, No Content", aws.ToString(obs.StatusReport.Status))
	assert.Equal(t, "127.0.0.1", aws.ToString(obs.IPAddress))
	assert.WithinDuration(t, time.Now(), aws.ToTime(obs.StatusReport.CheckedTime), 5*time.Second)
}

// TestObservationWithoutDetail: a result recorded without what the probe
// saw is still worded by the check's type.
func TestObservationWithoutDetail(t *testing.T) {
	check := healthcheck.Check{ID: "c", HealthCheckConfig: healthcheck.Config{Type: healthcheck.TypeTCP, FullyQualifiedDomainName: "x.example"}}
	o := observation(check, healthcheck.ProbeEvent{OK: true})
	assert.Equal(t, "Success: TCP connection established", o.StatusReport.Status)
	assert.Equal(t, "127.0.0.1", o.IPAddress, "a check by name reports the checker's address")
}
