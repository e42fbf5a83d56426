package impact

import (
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
)

// maxRows bounds the rows of one table in the markdown summary; the JSON
// output has them all.
const maxRows = 15

// maxNames bounds the names shown in detail, so the summary fits a pull
// request comment; the rest get a line each.
const maxNames = 40

// WriteMarkdown writes the report as a pull-request comment: what moved
// first, per name and health state, then the record changes.
func (r *Report) WriteMarkdown(w io.Writer) error {
	var b strings.Builder
	fmt.Fprintf(&b, "## r53d diff `%s` → `%s`\n\n", r.Old, r.New)
	pop := &r.Population
	fmt.Fprintf(&b, "Population: %s — %s in %d decision regions.\n\n", pop.Source, r.amount(pop.Total), pop.Classes)
	if !r.Moved() {
		b.WriteString("**No client gets a different answer.**\n\n")
	} else {
		fmt.Fprintf(&b, "**%d name(s) answer some clients differently.**\n\n", len(r.Names))
	}
	for i, n := range r.Names {
		if i == maxNames {
			r.writeRest(&b, r.Names[i:])
			break
		}
		r.writeName(&b, &n)
	}
	r.writeRecords(&b)
	_, err := io.WriteString(w, b.String())
	return err
}

func (r *Report) writeName(b *strings.Builder, n *NameImpact) {
	fmt.Fprintf(b, "### `%s` %s (%s → %s)\n\n", n.Name, n.Type, n.Old, n.New)
	for _, st := range n.States {
		fmt.Fprintf(b, "**%s**: %s moved.\n\n", stateName(&st), r.amount(st.Moved))
		if len(st.Transitions) > 0 {
			b.WriteString("| from | to | moved |\n| --- | --- | --- |\n")
			for i, t := range st.Transitions {
				if i == maxRows {
					fmt.Fprintf(b, "| … %d more | | |\n", len(st.Transitions)-maxRows)
					break
				}
				fmt.Fprintf(b, "| %s | %s | %s |\n", cell(t.From), cell(t.To), r.amount(t.Moved))
			}
			b.WriteString("\n")
		}
		if len(st.Shares) > 0 {
			b.WriteString("| answer | share before | share after |\n| --- | --- | --- |\n")
			for _, s := range st.Shares {
				fmt.Fprintf(b, "| %s | %.1f%% | %.1f%% |\n", cell(s.Answer), 100*s.Old, 100*s.New)
			}
			b.WriteString("\n")
		}
		r.writeAreas(b, st.Continents)
		r.writeBlocks(b, "CIDR location", st.CIDR)
		r.writeBlocks(b, "latency row", st.Latency)
	}
}

// stateName says which health state a StateImpact is.
func stateName(st *StateImpact) string {
	switch {
	case st.TargetGroup != "" && st.Zone != "":
		return "every target of target group `" + st.TargetGroup + "` in " + st.Zone + " down"
	case st.TargetGroup != "":
		return "every target of target group `" + st.TargetGroup + "` down"
	case st.Down != "":
		return "`" + st.Down + "` down"
	}
	return "all checks healthy"
}

// writeRest lists names past maxNames with what moved in their first state.
func (r *Report) writeRest(b *strings.Builder, rest []NameImpact) {
	fmt.Fprintf(b, "### %d more name(s)\n\nIn detail with `--json`.\n\n| name | type | policy | state | moved |\n| --- | --- | --- | --- | --- |\n", len(rest))
	for _, n := range rest {
		st := n.States[0]
		fmt.Fprintf(b, "| `%s` | %s | %s → %s | %s | %s |\n", n.Name, n.Type, n.Old, n.New, stateName(&st), r.amount(st.Moved))
	}
	b.WriteString("\n")
}

func (r *Report) writeAreas(b *strings.Builder, conts []MovedArea) {
	b.WriteString("| continent | country | moved |\n| --- | --- | --- |\n")
	rows := 0
	for _, c := range conts {
		fmt.Fprintf(b, "| **%s** | | %s |\n", c.Code, r.amount(c.Moved))
		for _, n := range c.Countries {
			if rows++; rows > maxRows {
				break
			}
			fmt.Fprintf(b, "| | %s | %s |\n", n.Code, r.amount(n.Moved))
		}
	}
	b.WriteString("\n")
}

func (r *Report) writeBlocks(b *strings.Builder, what string, bs []MovedBlock) {
	if len(bs) == 0 {
		return
	}
	fmt.Fprintf(b, "| %s | moved |\n| --- | --- |\n", what)
	for i, x := range bs {
		if i == maxRows {
			fmt.Fprintf(b, "| … %d more | |\n", len(bs)-maxRows)
			break
		}
		fmt.Fprintf(b, "| %s | %s |\n", cell(x.Name), r.amount(x.Moved))
	}
	b.WriteString("\n")
}

func (r *Report) writeRecords(b *strings.Builder) {
	if len(r.Records) == 0 {
		b.WriteString("No record set changed.\n")
		return
	}
	fmt.Fprintf(b, "<details><summary>%d record set change(s)</summary>\n\n```\n", len(r.Records))
	for _, c := range r.Records {
		id := ""
		if c.SetIdentifier != "" {
			id = " (" + c.SetIdentifier + ")"
		}
		fmt.Fprintf(b, "* %s %s %s%s\n", c.Action, c.Name, c.Type, id)
		switch c.Action {
		case "Create":
			fmt.Fprintf(b, "    + %s\n", c.New)
		case "Delete":
			fmt.Fprintf(b, "    - %s\n", c.Old)
		default:
			fmt.Fprintf(b, "    %s\n    -> %s\n", c.Old, c.New)
		}
	}
	b.WriteString("```\n\n</details>\n")
}

// amount writes an Amount in words: IPv4 addresses, IPv6 in /48s, or the
// population file's weight, with the networks touched.
func (r *Report) amount(a Amount) string {
	var parts []string
	if !r.Population.ByAddresses {
		parts = append(parts, "weight "+number(a.Weight))
	} else {
		if a.IPv4 > 0 || a.IPv6 == 0 {
			parts = append(parts, number(a.IPv4)+" IPv4 addresses")
		}
		if a.IPv6 > 0 {
			parts = append(parts, number(a.IPv6/math.Exp2(80))+" IPv6 /48s")
		}
	}
	s := strings.Join(parts, " + ")
	if a.Networks > 0 {
		s += fmt.Sprintf(" (%s networks)", number(a.Networks))
	}
	return s
}

// number writes an amount for people: thousands separators, and at most
// one decimal (two below 10) for the fractions that shares and IPv6 /48s
// give — never an exponent, which reads badly in a pull request.
func number(f float64) string {
	decimals := 0
	switch {
	case f == math.Trunc(f):
	case math.Abs(f) < 10:
		decimals = 2
	case math.Abs(f) < 1000:
		decimals = 1
	}
	s := strconv.FormatFloat(f, 'f', decimals, 64)
	whole, frac, _ := strings.Cut(s, ".")
	sign := ""
	if strings.HasPrefix(whole, "-") {
		sign, whole = "-", whole[1:]
	}
	for i := len(whole) - 3; i > 0; i -= 3 {
		whole = whole[:i] + "," + whole[i:]
	}
	if frac != "" {
		frac = "." + frac
	}
	return sign + whole + frac
}

// cell makes an answer safe inside a table cell.
func cell(s string) string {
	return "`" + strings.ReplaceAll(s, "|", "\\|") + "`"
}
