package config

import (
	"crypto/rand"
	"hash/crc32"
	"strings"
	"time"
)

// A change id is C, the time it was submitted (8 base-36 digits of Unix
// milliseconds), 8 random characters and a 4-character check of the rest:
// 21 characters, as Route 53's look. The change log lives in memory, so
// after a restart GetChange still knows an id r53d handed out (Terraform
// polls GetChange for up to 30 s after a change): it is long in sync, and
// submitted at the time it carries. A mistyped id fails the check.
const (
	changeTimeLen  = 8
	changeRandLen  = 8
	changeCheckLen = 4
	changeIDLen    = 1 + changeTimeLen + changeRandLen + changeCheckLen
)

func newChangeID(at time.Time) string {
	var b strings.Builder
	b.WriteByte('C')
	b.WriteString(base36(uint64(at.UnixMilli()), changeTimeLen))
	r := make([]byte, changeRandLen)
	rand.Read(r) // never fails (crypto/rand since Go 1.24)
	for _, v := range r {
		b.WriteByte(idChars[int(v)%len(idChars)])
	}
	b.WriteString(changeCheck(b.String()))
	return b.String()
}

// parseChangeID returns the time a change id r53d made was submitted, and
// false for any other id.
func parseChangeID(id string) (time.Time, bool) {
	if len(id) != changeIDLen || id[0] != 'C' || changeCheck(id[:changeIDLen-changeCheckLen]) != id[changeIDLen-changeCheckLen:] {
		return time.Time{}, false
	}
	var ms uint64
	for _, c := range id[1 : 1+changeTimeLen] {
		d := strings.IndexRune(idChars36, c)
		if d < 0 {
			return time.Time{}, false
		}
		ms = ms*36 + uint64(d)
	}
	return time.UnixMilli(int64(ms)).UTC(), true
}

// idChars36 are the base-36 digits of a change id's time.
const idChars36 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"

func base36(v uint64, width int) string {
	out := make([]byte, width)
	for i := width - 1; i >= 0; i-- {
		out[i] = idChars36[v%36]
		v /= 36
	}
	return string(out)
}

func changeCheck(s string) string {
	return base36(uint64(crc32.ChecksumIEEE([]byte(s))), changeCheckLen)
}
