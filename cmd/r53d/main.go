// Command r53d is an authoritative DNS server that answers the way Amazon
// Route 53 does. See r53d --help.
package main

import (
	"context"
	"errors"
	"fmt"
	"os"

	"github.com/r53d/r53d/cmd"
)

func main() {
	root := cmd.NewRootCmd(os.Stdout, os.Stderr)
	if err := root.ExecuteContext(context.Background()); err != nil {
		if !cmd.IsReported(err) {
			fmt.Fprintln(os.Stderr, "r53d:", err)
		}
		var code interface{ ExitCode() int }
		if errors.As(err, &code) {
			os.Exit(code.ExitCode())
		}
		os.Exit(1)
	}
}
