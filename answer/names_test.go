package answer

import (
	"testing"

	"github.com/miekg/dns"
	"github.com/stretchr/testify/assert"
)

func TestUnderAgreesWithIsSubDomain(t *testing.T) {
	for _, c := range []struct{ name, parent string }{
		{"www.example.test.", "example.test."}, {"example.test.", "example.test."}, {"xexample.test.", "example.test."},
		{"a\\.example.test.", "example.test."}, {"a\\\\.example.test.", "example.test."}, {"test.", "example.test."},
		{"com.", "."}, {".", "."}, {"a.b.c.", "b.c."}, {"a.bb.c.", "b.c."},
	} {
		assert.Equal(t, dns.IsSubDomain(c.parent, c.name), under(c.name, c.parent), "%s under %s", c.name, c.parent)
	}
}
