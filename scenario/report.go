package scenario

import (
	"encoding/xml"
	"fmt"
	"io"
	"strings"
	"time"
)

// Summary counts the results of a run.
type Summary struct {
	Files, Pass, Fail, Skip, Bad int
	Elapsed                      time.Duration
}

// Count adds results to the summary.
func (s *Summary) Count(results []Result) {
	for _, r := range results {
		switch r.Status {
		case Pass:
			s.Pass++
		case Fail:
			s.Fail++
		case Skip:
			s.Skip++
		case Bad:
			s.Bad++
		}
	}
}

func (s *Summary) String() string {
	word := "ok"
	switch {
	case s.Bad > 0:
		word = "BAD INPUT"
	case s.Fail > 0:
		word = "FAIL"
	}
	return fmt.Sprintf("%s: %d passed, %d failed, %d skipped, %d bad, in %d file(s), %s",
		word, s.Pass, s.Fail, s.Skip, s.Bad, s.Files, s.Elapsed.Round(time.Microsecond))
}

// WriteText writes the results for people: every case that did not pass
// (all of them when verbose) with what was expected, what came back and
// why.
func WriteText(w io.Writer, results []Result, verbose bool) {
	for _, r := range results {
		if r.Status == Pass && !verbose {
			continue
		}
		c := r.Case
		fmt.Fprintf(w, "%s %s:%d: %s\n", r.Status, r.File.Path, c.Line, c.Name)
		if r.Status == Bad {
			fmt.Fprintf(w, "    %s\n", r.Err)
			continue
		}
		if r.Status == Skip {
			fmt.Fprintf(w, "    %s\n", strings.Join(r.Problems, "; "))
			continue
		}
		fmt.Fprintf(w, "    %s %s from %s", strings.TrimSuffix(c.QName, "."), c.TypeName(), clientText(&r.Got))
		if r.Draws > 0 {
			fmt.Fprintf(w, ", %d draws", r.Draws)
		}
		fmt.Fprintln(w)
		for _, p := range r.Problems {
			fmt.Fprintf(w, "    %s\n", p)
		}
		if r.Status == Fail {
			fmt.Fprintf(w, "    came back: %s\n", gotText(&r.Got))
			fmt.Fprintf(w, "    why:\n%s", indent(r.Explain, "      "))
		}
	}
}

func clientText(g *Got) string {
	s := "address " + g.Client.Addr().String()
	if g.Client.Bits() < g.Client.Addr().BitLen() {
		s = "subnet " + g.Client.String()
	}
	if g.ClientNote != "" {
		s += " (" + g.ClientNote + ")"
	}
	return s
}

func gotText(g *Got) string {
	s := g.rcodeName()
	if len(g.Values) > 0 {
		s += " [" + strings.Join(g.Values, ", ") + "]"
		s += fmt.Sprintf(" ttl %v", g.TTLs)
	}
	return s + fmt.Sprintf(", ecs-scope %d", g.Scope)
}

func indent(text, in string) string {
	lines := strings.SplitAfter(strings.TrimRight(text, "\n"), "\n")
	return in + strings.Join(lines, in) + "\n"
}

// JUnit XML, as CI systems read it: a testsuite per file, a testcase per
// case.
type junitSuites struct {
	XMLName xml.Name     `xml:"testsuites"`
	Tests   int          `xml:"tests,attr"`
	Fails   int          `xml:"failures,attr"`
	Errors  int          `xml:"errors,attr"`
	Suites  []junitSuite `xml:"testsuite"`
}

type junitSuite struct {
	Name    string      `xml:"name,attr"`
	Tests   int         `xml:"tests,attr"`
	Fails   int         `xml:"failures,attr"`
	Errors  int         `xml:"errors,attr"`
	Skipped int         `xml:"skipped,attr"`
	Time    string      `xml:"time,attr"`
	Cases   []junitCase `xml:"testcase"`
}

type junitCase struct {
	Name      string        `xml:"name,attr"`
	Classname string        `xml:"classname,attr"`
	Time      string        `xml:"time,attr"`
	Failure   *junitProblem `xml:"failure,omitempty"`
	Error     *junitProblem `xml:"error,omitempty"`
	Skipped   *junitProblem `xml:"skipped,omitempty"`
}

type junitProblem struct {
	Message string `xml:"message,attr"`
	Text    string `xml:",chardata"`
}

// WriteJUnit writes the results of the files as JUnit XML.
func WriteJUnit(w io.Writer, files []*File, results []Result) error {
	var out junitSuites
	for _, f := range files {
		s := junitSuite{Name: f.Path}
		var elapsed time.Duration
		for _, r := range results {
			if r.File != f {
				continue
			}
			elapsed += r.Elapsed
			s.Cases = append(s.Cases, junitCaseOf(r, &s))
		}
		s.Tests, s.Time = len(s.Cases), seconds(elapsed)
		out.Tests, out.Fails, out.Errors = out.Tests+s.Tests, out.Fails+s.Fails, out.Errors+s.Errors
		out.Suites = append(out.Suites, s)
	}
	return encodeJUnit(w, out)
}

func encodeJUnit(w io.Writer, out junitSuites) error {
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(out); err != nil {
		return fmt.Errorf("junit: %w", err)
	}
	_, err := io.WriteString(w, "\n")
	return err
}

// WriteJUnitErrors writes the problems of malformed files as JUnit XML: a
// suite per file with one errored case, so CI shows what to fix.
func WriteJUnitErrors(w io.Writer, errs Errors) error {
	var out junitSuites
	index := map[string]int{}
	for _, e := range errs {
		i, ok := index[e.File]
		if !ok {
			i = len(out.Suites)
			index[e.File] = i
			out.Suites = append(out.Suites, junitSuite{Name: e.File, Tests: 1, Errors: 1, Time: seconds(0),
				Cases: []junitCase{{Name: "read the scenario file", Classname: e.File, Time: seconds(0), Error: &junitProblem{}}}})
			out.Tests, out.Errors = out.Tests+1, out.Errors+1
		}
		p := out.Suites[i].Cases[0].Error
		if p.Message == "" {
			p.Message = e.Error()
		}
		p.Text += e.Error() + "\n"
	}
	return encodeJUnit(w, out)
}

func junitCaseOf(r Result, s *junitSuite) junitCase {
	c := junitCase{Name: r.Case.Name, Classname: r.File.Path, Time: seconds(r.Elapsed)}
	switch r.Status {
	case Fail:
		s.Fails++
		var b strings.Builder
		WriteText(&b, []Result{r}, false)
		c.Failure = &junitProblem{Message: strings.Join(r.Problems, "; "), Text: b.String()}
	case Bad:
		s.Errors++
		c.Error = &junitProblem{Message: r.Err.Error()}
	case Skip:
		s.Skipped++
		c.Skipped = &junitProblem{Message: strings.Join(r.Problems, "; ")}
	}
	return c
}

func seconds(d time.Duration) string {
	return fmt.Sprintf("%.6f", d.Seconds())
}
