package cmd

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/r53d/r53d/healthcheck"
	"github.com/spf13/cobra"
)

// HealthOptions are the inputs of r53d health.
type HealthOptions struct {
	Admin string // address of a running server's admin API
	// TokenFile holds the admin API's bearer token, when it has one.
	TokenFile string
	Out       io.Writer
	Client    *http.Client
}

// NewHealthCmd builds r53d health and its subcommands.
func NewHealthCmd() *cobra.Command {
	opts := HealthOptions{}
	c := &cobra.Command{
		Use:   "health",
		Short: "List the health checks and load-balancer targets of a running server, or force their status",
		Long: `health talks to the admin API of a running r53d serve. Without a
subcommand it lists every health check and every load-balancer target of
aws-resources: its status (what routing uses; for a target also ELB's state:
initial, healthy, unhealthy, draining, unused), the override if any, the last
probe and the last failure. A target's ID is target/<group>/<ip>:<port>.
When the server has --admin-token-file, give the same file here.`,
		Example: `  r53d health
  r53d health set demo-up unhealthy     # force a failover now
  r53d health clear demo-up             # back to what the probes say`,
		Args: cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			opts.Out = c.OutOrStdout()
			return runHealthList(opts)
		},
	}
	c.PersistentFlags().StringVar(&opts.Admin, "admin", "127.0.0.1:8053", "admin address of the running server")
	c.PersistentFlags().StringVar(&opts.TokenFile, "admin-token-file", "", "file holding the admin API's bearer token (the server's --admin-token-file)")
	c.AddCommand(&cobra.Command{
		Use:   "set ID healthy|unhealthy",
		Short: "Force a health check's status until cleared",
		Long: `set forces a health check or load-balancer target (target/GROUP/IP:PORT)
healthy or unhealthy on the running server; routing uses the forced status
from the next query until health clear releases it. The probes keep running.`,
		Example: `  r53d health set demo-up unhealthy
  r53d health set target/web-use1/127.0.0.1:18081 unhealthy`,
		Args: cobra.ExactArgs(2),
		RunE: func(c *cobra.Command, args []string) error {
			opts.Out = c.OutOrStdout()
			return runHealthSet(opts, args[0], args[1])
		},
	}, &cobra.Command{
		Use:   "clear ID",
		Short: "Remove a forced status: the probes decide again",
		Long: `clear removes the status health set forced on a health check or
load-balancer target; routing follows what its probes measure again.`,
		Example: `  r53d health clear demo-up`,
		Args:    cobra.ExactArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			opts.Out = c.OutOrStdout()
			return runHealthClear(opts, args[0])
		},
	})
	return c
}

func (o HealthOptions) call(method, path string, body any, out any) error {
	req, err := o.request(method, path, body)
	if err != nil {
		return err
	}
	client := o.Client
	if client == nil {
		client = &http.Client{Timeout: 5 * time.Second}
	}
	resp, err := client.Do(req)
	if err != nil {
		return fmt.Errorf("admin API at %s: %w (is r53d serve running with --admin %s?)", o.Admin, err, o.Admin)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, 8<<20))
	if err != nil {
		return err
	}
	if resp.StatusCode != http.StatusOK {
		var e struct{ Error string }
		if json.Unmarshal(data, &e) != nil || e.Error == "" {
			e.Error = "admin API: " + resp.Status
		}
		if resp.StatusCode == http.StatusUnauthorized && o.TokenFile == "" && !strings.Contains(e.Error, "--admin-token-file") {
			return fmt.Errorf("%s: give --admin-token-file", e.Error)
		}
		return errors.New(e.Error)
	}
	return json.Unmarshal(data, out)
}

// request builds an admin API request: a JSON body, and the token when
// there is one.
func (o HealthOptions) request(method, path string, body any) (*http.Request, error) {
	var rd io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			return nil, err
		}
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequest(method, "http://"+o.Admin+path, rd)
	if err != nil {
		return nil, err
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if o.TokenFile != "" {
		token, err := readTokenFile(o.TokenFile)
		if err != nil {
			return nil, err
		}
		req.Header.Set("Authorization", "Bearer "+token)
	}
	return req, nil
}

func runHealthList(opts HealthOptions) error {
	var list []healthcheck.Status
	if err := opts.call(http.MethodGet, "/api/healthchecks", nil, &list); err != nil {
		return err
	}
	if len(list) == 0 {
		_, err := fmt.Fprintln(opts.Out, "no health checks")
		return err
	}
	tw := tabwriter.NewWriter(opts.Out, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tTYPE\tSTATUS\tOVERRIDE\tTARGET\tLAST CHECKED\tLAST CHANGED\tLAST FAILURE")
	for _, s := range list {
		override := "-"
		if s.Override != nil {
			override = *s.Override
		}
		checked := "never"
		if s.LastCheckedAt != nil {
			checked = *s.LastCheckedAt
		}
		status := s.Status
		if s.TargetState != "" { // a load-balancer target: ELB's state too
			status += " (" + s.TargetState + ")"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", s.ID, s.Type, status, override, s.Target, checked, s.LastChangedAt, orDash(s.LastFailureReason))
	}
	return tw.Flush()
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

func runHealthSet(opts HealthOptions, id, status string) error {
	var want string
	switch strings.ToLower(status) {
	case "healthy":
		want = healthcheck.Healthy
	case "unhealthy":
		want = healthcheck.Unhealthy
	default:
		return fmt.Errorf("status %q: say healthy or unhealthy", status)
	}
	var st healthcheck.Status
	if err := opts.call(http.MethodPut, "/api/healthchecks/"+url.PathEscape(id)+"/override", map[string]string{"Status": want}, &st); err != nil {
		return err
	}
	_, err := fmt.Fprintf(opts.Out, "%s is now %s (forced; r53d health clear %s to undo)\n", st.ID, st.Status, st.ID)
	return err
}

func runHealthClear(opts HealthOptions, id string) error {
	var st healthcheck.Status
	if err := opts.call(http.MethodDelete, "/api/healthchecks/"+url.PathEscape(id)+"/override", nil, &st); err != nil {
		return err
	}
	_, err := fmt.Fprintf(opts.Out, "%s is %s (as measured)\n", st.ID, st.Status)
	return err
}
