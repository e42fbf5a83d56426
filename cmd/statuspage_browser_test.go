//go:build linux

package cmd

import (
	"bytes"
	"context"
	"errors"
	"image"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// chromiumTimeout bounds one headless Chromium run.
const chromiumTimeout = 60 * time.Second

// TestStatusPageInChromium loads the status page in headless Chromium
// (Debian's chromium), asserts on the DOM it built and on the pixels it
// drew: the timelines must be visible, not only present in the markup.
func TestStatusPageInChromium(t *testing.T) {
	bin := chromiumPath(t)
	a := statusFixture(t)
	url := "http://" + a.Addr() + "/"

	dom := string(runChromium(t, bin, "--dump-dom", url))
	require.Contains(t, dom, "<h1>r53d</h1>", "the page did not load: %s", dom)
	up := between(t, dom, `data-id="demo-up"`, "</tr>")
	assert.Regexp(t, `<time [^>]*title="\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ"[^>]*>\d+ s ago</time>`, up)
	assert.Equal(t, 12, strings.Count(up, `<rect class="probe `), "one mark per recent result")
	assert.Equal(t, 3, strings.Count(up, `class="probe fail"`))
	assert.Equal(t, 2, strings.Count(up, "<line "), "two status changes")
	routed := between(t, dom, `<table id="routed">`, "</table>")
	assert.Regexp(t, `failover\.demo\.test\.</code></td><td>A</td><td class="policy">failover</td><td>2</td>\s*<td class="answer"><code>192\.0\.2\.121</code>`, routed)
	assert.Contains(t, dom, "broken.test.zone", "the failed file")

	shot := filepath.Join(t.TempDir(), "status.png")
	runChromium(t, bin, "--screenshot="+shot, "--window-size=1280,1600", url)
	if dir := os.Getenv("R53D_SCREENSHOT_DIR"); dir != "" { // to look at it
		data, err := os.ReadFile(shot)
		require.NoError(t, err)
		require.NoError(t, os.WriteFile(filepath.Join(dir, "status.png"), data, 0o644))
	}
	img := readPNG(t, shot)
	assert.Equal(t, image.Rect(0, 0, 1280, 1600), img.Bounds())
	// The marks are 5×14 px, filled green (#1d8102) for a success and red
	// (#d13212) for a failure; nothing else on the page uses these colours.
	// demo-up has 9 successes, 3 failures; demo-down 10 failures.
	green, red := countColour(img, 0x1d, 0x81, 0x02), countColour(img, 0xd1, 0x32, 0x12)
	assert.InDelta(t, 9*5*14, green, 9*5*14/10, "green pixels of the success marks")
	assert.InDelta(t, 13*5*14, red, 13*5*14/10, "red pixels of the failure marks")
}

// chromiumPath finds Debian's chromium. Without it the test skips, unless
// CI is set: CI installs it, so there its absence is a failure.
func chromiumPath(t *testing.T) string {
	t.Helper()
	for _, name := range []string{"chromium", "chromium-browser"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv("CI") == "true" {
		t.Fatal("chromium is not installed; CI must install it (apt-get install chromium)")
	}
	t.Skip("chromium is not installed: apt-get install chromium to run the status page in a browser")
	return ""
}

// runChromium runs headless Chromium with args and a fresh profile, and
// returns its standard output. It kills the whole process group (Chromium
// starts helper processes) when the run takes longer than chromiumTimeout.
func runChromium(t *testing.T, bin string, args ...string) []byte {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), chromiumTimeout)
	defer cancel()
	args = append([]string{"--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--hide-scrollbars",
		"--user-data-dir=" + t.TempDir()}, args...)
	cmd := exec.CommandContext(ctx, bin, args...)
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Cancel = func() error { return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) }
	cmd.WaitDelay = 5 * time.Second
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	// Helpers that outlived the browser (crash handler, renderer) go too.
	if cmd.Process != nil {
		_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
	}
	if errors.Is(ctx.Err(), context.DeadlineExceeded) {
		t.Fatalf("chromium %s: no result in %v; stderr:\n%s", strings.Join(args, " "), chromiumTimeout, tail(stderr.String()))
	}
	require.NoError(t, err, "chromium %s; stderr:\n%s", strings.Join(args, " "), tail(stderr.String()))
	return stdout.Bytes()
}

// tail is the end of a long log, where Chromium says what went wrong.
func tail(s string) string {
	if len(s) > 4000 {
		return "…" + s[len(s)-4000:]
	}
	return s
}

func readPNG(t *testing.T, path string) image.Image {
	t.Helper()
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	require.NotEmpty(t, data, "empty screenshot")
	img, err := png.Decode(bytes.NewReader(data))
	require.NoError(t, err, "the screenshot is not a PNG")
	return img
}

// countColour counts the pixels of img within a small distance of r, g, b
// (colour management may move a channel by a step or two).
func countColour(img image.Image, r, g, b uint8) int {
	near := func(c uint32, want uint8) bool { d := int(c>>8) - int(want); return d >= -3 && d <= 3 }
	n := 0
	bounds := img.Bounds()
	for y := bounds.Min.Y; y < bounds.Max.Y; y++ {
		for x := bounds.Min.X; x < bounds.Max.X; x++ {
			cr, cg, cb, _ := img.At(x, y).RGBA()
			if near(cr, r) && near(cg, g) && near(cb, b) {
				n++
			}
		}
	}
	return n
}
