package config

import (
	"os"
	"testing"
)

func TestProfBig(t *testing.T) {
	if os.Getenv("PROF_BIG") == "" {
		t.Skip()
	}
	gen, diags := LoadDir(os.DirFS("/tmp/big"), "big")
	if len(diags.Errors()) > 0 || len(gen.Zones) != 1 {
		t.Fatal(diags)
	}
}
