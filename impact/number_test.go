package impact

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// Amounts read as people write them: no exponent, thousands separated.
func TestNumberNeverUsesAnExponent(t *testing.T) {
	for in, want := range map[float64]string{
		0: "0", 256: "256", 65536: "65,536", 16777216: "16,777,216",
		63920.4: "63,920", 123.456: "123.5", 1.5: "1.50", 0.25: "0.25",
		1e18: "1,000,000,000,000,000,000", -4096: "-4,096",
	} {
		assert.Equal(t, want, number(in), "%v", in)
	}
}
