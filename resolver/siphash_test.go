package resolver

import (
	"encoding/binary"
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestSipHash24 checks the reference vectors of the SipHash paper
// (Appendix A: key 00..0f, messages 00..n-1), for every length that
// exercises a different tail.
func TestSipHash24(t *testing.T) {
	key := make([]byte, 16)
	msg := make([]byte, 16)
	for i := range key {
		key[i], msg[i] = byte(i), byte(i)
	}
	k0, k1 := binary.LittleEndian.Uint64(key), binary.LittleEndian.Uint64(key[8:])
	want := map[int]uint64{
		0:  0x726fdb47dd0e0e31,
		1:  0x74f839c593dc67fd,
		7:  0xab0200f58b01d137,
		8:  0x93f5f5799a932462,
		15: 0xa129ca6149be45e5,
	}
	for n, h := range want {
		assert.Equal(t, h, sipHash24(k0, k1, msg[:n]), "length %d", n)
	}
}
