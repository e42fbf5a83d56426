package iam

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

func TestNormalizeRecordName(t *testing.T) {
	cases := map[string]string{
		"www.example.com.":           "www.example.com",
		"www.example.com":            "www.example.com",
		"WWW.Example.COM.":           "www.example.com",
		"*.Lab.Example.":             `\052.lab.example`,
		`\052.lab.example.`:          `\052.lab.example`, // Route 53's own form: not escaped twice
		`\*.lab.example`:             `\052.lab.example`,
		"_dmarc.example.com":         "_dmarc.example.com",
		"my-host.example.com":        "my-host.example.com",
		"a b.example.com":            `a\040b.example.com`,
		`a\.b.example.com`:           `a\056b.example.com`, // an escaped dot is part of the label
		"caf\xc3\xa9.example":        `caf\303\251.example`,
		`\101\102c.example`:          "abc.example", // escaped capitals are lowercased too
		"@.example":                  `\100.example`,
		`trailing\`:                  `trailing\134`,
		`\999.example`:               `999.example`, // not octal: a backslash before a plain character
		"":                           "",
		".":                          "",
		"xn--bcher-kva.example.com.": "xn--bcher-kva.example.com",
	}
	for in, want := range cases {
		require.Equal(t, want, NormalizeRecordName(in), "NormalizeRecordName(%q)", in)
		// Normalizing is idempotent, so values normalized once are stable.
		require.Equal(t, want, NormalizeRecordName(want), "NormalizeRecordName(%q)", want)
	}
}

func TestResourceARNs(t *testing.T) {
	require.Equal(t, "arn:aws:route53:::hostedzone/Z0R53D1", HostedZoneARN("Z0R53D1"))
	require.Equal(t, "arn:aws:route53:::hostedzone/Z0R53D1", HostedZoneARN("/hostedzone/Z0R53D1"))
	require.Equal(t, "arn:aws:route53:::healthcheck/0d3f-11", HealthCheckARN("0d3f-11"))
	require.Equal(t, "arn:aws:route53:::change/C0R53D1", ChangeARN("/change/C0R53D1"))
	require.Equal(t, "arn:aws:route53:::cidrcollection/c-1", CIDRCollectionARN("c-1"))
}

func TestGlobalContextAndRecordChanges(t *testing.T) {
	ctx := GlobalContext(time.Date(2026, 11, 27, 7, 0, 0, 0, time.FixedZone("CET", 3600)), "::1", true)
	require.Equal(t, []string{"2026-11-27T06:00:00Z"}, ctx[KeyCurrentTime])
	require.Equal(t, []string{"1795759200"}, ctx[KeyEpochTime])
	require.Equal(t, []string{"::1"}, ctx[KeySourceIP])
	require.Equal(t, []string{"true"}, ctx[KeySecureTransport])

	AddRecordChange(ctx, "upsert", "*.Dev.Example.com.", "a")
	AddRecordChange(ctx, "DELETE", "old.dev.example.com", "TXT")
	require.Equal(t, []string{"UPSERT", "DELETE"}, ctx[KeyActions])
	require.Equal(t, []string{`\052.dev.example.com`, "old.dev.example.com"}, ctx[KeyNormalizedRecordNames])
	require.Equal(t, []string{"A", "TXT"}, ctx[KeyRecordTypes])
}

func TestGlob(t *testing.T) {
	cases := []struct {
		pattern, s string
		want       bool
	}{
		{"*", "", true},
		{"*", "anything:at/all", true},
		{"", "", true},
		{"", "a", false},
		{"abc", "abc", true},
		{"abc", "abcd", false},
		{"a*c", "ac", true},
		{"a*c", "abbbc", true},
		{"a*c", "abbbd", false},
		{"a?c", "abc", true},
		{"a?c", "ac", false},
		{"a?c", "aéc", true}, // one character, not one byte
		{"*.lab.example", `\052.lab.example`, true},
		{"*.lab.example", "lab.example", false},
		{"*a*b*", "xaybz", true},
		{"*a*b", "xaybz", false},
		{"arn:aws:route53:::hostedzone/*", "arn:aws:route53:::hostedzone/Z1", true},
		{"**?", "", false},
	}
	for _, c := range cases {
		require.Equal(t, c.want, glob(c.pattern, c.s), "glob(%q, %q)", c.pattern, c.s)
	}
}
