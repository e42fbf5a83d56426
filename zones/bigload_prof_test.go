package zones

import (
	"os"
	"testing"
)

func TestProfBig(t *testing.T) {
	dir := os.Getenv("R53D_BIG")
	if dir == "" {
		t.Skip()
	}
	_, d := LoadDir(os.DirFS(dir), dir)
	t.Log(len(d))
}
