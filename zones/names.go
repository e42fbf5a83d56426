package zones

import (
	"fmt"
	"strings"

	"github.com/miekg/dns"
)

// route53Name turns a record-set name as Route 53 writes it (trailing dot
// optional, "\ooo" octal escapes such as "\052" for "*") into a lower-case
// FQDN in presentation format, where escapes are decimal.
func route53Name(s string) (string, error) {
	if s == "" {
		return "", fmt.Errorf("the name is empty")
	}
	if len(s) > 1024 {
		return "", fmt.Errorf("the name is longer than 1024 characters")
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == '\\' && i+3 < len(s) && isOctal(s[i+1:i+4]) {
			v := int(s[i+1]-'0')*64 + int(s[i+2]-'0')*8 + int(s[i+3]-'0')
			if v > 255 {
				return "", fmt.Errorf("escape %s is above \\377: an octal escape is one byte", s[i:i+4])
			}
			i += 3
			writeLabelByte(&b, byte(v))
			continue
		}
		if c == '\\' && i+1 < len(s) {
			i++
			writeLabelByte(&b, s[i])
			continue
		}
		b.WriteByte(c)
	}
	name := dns.Fqdn(strings.ToLower(b.String()))
	if _, ok := dns.IsDomainName(name); !ok {
		return "", fmt.Errorf("%q is not a valid domain name (labels of at most 63 bytes, 255 in all)", s)
	}
	return name, nil
}

func isOctal(s string) bool {
	for i := range 3 {
		if s[i] < '0' || s[i] > '7' {
			return false
		}
	}
	return true
}

// writeLabelByte writes one byte of a label in presentation format.
func writeLabelByte(b *strings.Builder, c byte) {
	switch {
	case c == '*', c == '-', c == '_', c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9':
		b.WriteByte(c)
	default:
		fmt.Fprintf(b, "\\%03d", c)
	}
}
