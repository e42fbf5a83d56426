package impact

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
)

// WriteTable writes the shares for people: every answer's share of all
// queries, then per continent and country the share of its queries each
// answer gets.
func (sim *Simulation) WriteTable(w io.Writer) error {
	fmt.Fprintf(w, "%s %s (%s), population: %s, weighted by %s\n", sim.Name, sim.Type, sim.Policy, sim.Population, sim.Weight)
	if len(sim.Unhealthy) > 0 {
		fmt.Fprintf(w, "unhealthy: %s (every other check healthy)\n", strings.Join(sim.Unhealthy, ", "))
	} else {
		fmt.Fprintln(w, "every health check healthy")
	}
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "\nSHARE\tANSWER")
	for _, s := range sim.Answers {
		fmt.Fprintf(tw, "%.2f%%\t%s\n", 100*s.P, s.Answer)
	}
	if len(sim.Values) > 0 {
		fmt.Fprintln(tw, "\nIN ANSWERS\tADDRESS")
		for _, s := range sim.Values {
			fmt.Fprintf(tw, "%.2f%%\t%s\n", 100*s.P, s.Answer)
		}
	}
	fmt.Fprintln(tw, "\nWHERE\tOF ALL\tNETWORKS\tANSWERS")
	for _, c := range sim.Continents {
		fmt.Fprintf(tw, "%s\t%s\t%d\t%s\n", c.Code, sim.percent(c.Weight), c.Networks, answerList(c.Answers))
		for _, n := range c.Countries {
			fmt.Fprintf(tw, "  %s\t%s\t%d\t%s\n", n.Code, sim.percent(n.Weight), n.Networks, answerList(n.Answers))
		}
	}
	return tw.Flush()
}

func (sim *Simulation) percent(w float64) string {
	if sim.Total == 0 {
		return "-"
	}
	return fmt.Sprintf("%.2f%%", 100*w/sim.Total)
}

// answerList writes shares as "answer 62.0%, answer 38.0%", the largest
// first, at most a few.
func answerList(ss []Share) string {
	parts := make([]string, 0, 4)
	for i, s := range ss {
		if i == 3 {
			parts = append(parts, fmt.Sprintf("+%d more", len(ss)-3))
			break
		}
		parts = append(parts, fmt.Sprintf("%s %.1f%%", short(s.Answer), 100*s.P))
	}
	return strings.Join(parts, ", ")
}
