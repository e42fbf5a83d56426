package impact

import (
	"cmp"
	"fmt"
	"html"
	"io"
	"math"
	"slices"
	"strings"
)

// palette colors answers; answers past it share the last color ("other").
var palette = []string{"#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2", "#edc948", "#b07aa1", "#ff9da7", "#9c755f"}

// Chart geometry.
const (
	svgWidth   = 900
	barTop     = 60
	barHeight  = 260
	mapTop     = 380
	mapHeight  = 400
	legendLine = 18
)

// WriteSVG draws the simulation: for each continent a bar split by the
// share of its queries each answer gets, and below a world map
// (equirectangular) with a point per place of the population, colored by
// the answer most of its queries get and sized by its weight.
func (sim *Simulation) WriteSVG(w io.Writer) error {
	colors, labels := sim.colors()
	legendTop := mapTop + mapHeight + 30
	height := legendTop + legendLine*len(labels) + 20
	var b strings.Builder
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" viewBox="0 0 %d %d" font-family="sans-serif" font-size="12">`+"\n",
		svgWidth, height, svgWidth, height)
	fmt.Fprintf(&b, `<title>%s</title>`+"\n", esc(fmt.Sprintf("%s %s: share of queries per answer", sim.Name, sim.Type)))
	fmt.Fprintf(&b, `<text x="20" y="24" font-size="16">%s</text>`+"\n", esc(fmt.Sprintf("%s %s (%s) — %s", sim.Name, sim.Type, sim.Policy, sim.Weight)))
	if len(sim.Unhealthy) > 0 {
		fmt.Fprintf(&b, `<text x="20" y="42">%s</text>`+"\n", esc("unhealthy: "+strings.Join(sim.Unhealthy, ", ")))
	}
	sim.writeBars(&b, colors)
	sim.writeMap(&b, colors)
	for i, l := range labels {
		y := legendTop + i*legendLine
		fmt.Fprintf(&b, `<rect x="20" y="%d" width="12" height="12" fill="%s"/><text x="38" y="%d">%s</text>`+"\n", y, palette[i], y+11, esc(l))
	}
	b.WriteString("</svg>\n")
	_, err := io.WriteString(w, b.String())
	return err
}

// colors gives each answer its color, the largest shares first; the legend
// labels follow the palette.
func (sim *Simulation) colors() (map[string]string, []string) {
	colors := map[string]string{}
	var labels []string
	for i, s := range sim.Answers {
		if i >= len(palette)-1 && len(sim.Answers) > len(palette) {
			colors[s.Answer] = palette[len(palette)-1]
			continue
		}
		colors[s.Answer] = palette[i]
		labels = append(labels, fmt.Sprintf("%s (%.1f%%)", short(s.Answer), 100*s.P))
	}
	if len(sim.Answers) > len(palette) {
		labels = append(labels, fmt.Sprintf("%d other answers", len(sim.Answers)-len(palette)+1))
	}
	return colors, labels
}

// writeBars draws one stacked bar per continent.
func (sim *Simulation) writeBars(b *strings.Builder, colors map[string]string) {
	n := max(len(sim.Continents), 1)
	slot := float64(svgWidth-40) / float64(n)
	conts := slices.Clone(sim.Continents)
	slices.SortFunc(conts, func(x, y Area) int { return cmp.Compare(x.Code, y.Code) })
	for i, c := range conts {
		x := 20 + float64(i)*slot
		y := float64(barTop)
		for _, s := range c.Answers {
			h := s.P * barHeight
			fmt.Fprintf(b, `<rect x="%.1f" y="%.1f" width="%.1f" height="%.2f" fill="%s"><title>%s</title></rect>`+"\n",
				x+slot*0.15, y, slot*0.7, h, colors[s.Answer], esc(fmt.Sprintf("%s: %s %.1f%%", c.Code, short(s.Answer), 100*s.P)))
			y += h
		}
		share := 0.0
		if sim.Total > 0 {
			share = 100 * c.Weight / sim.Total
		}
		fmt.Fprintf(b, `<text x="%.1f" y="%d" text-anchor="middle">%s</text><text x="%.1f" y="%d" text-anchor="middle" fill="#666">%.1f%%</text>`+"\n",
			x+slot/2, barTop+barHeight+16, esc(c.Code), x+slot/2, barTop+barHeight+30, share)
	}
}

// maxPoints bounds the map's points: the heaviest places are drawn.
const maxPoints = 4000

// writeMap draws the population's places on an equirectangular world map.
func (sim *Simulation) writeMap(b *strings.Builder, colors map[string]string) {
	fmt.Fprintf(b, `<rect x="20" y="%d" width="%d" height="%d" fill="#f4f7fa" stroke="#ccc"/>`+"\n", mapTop, svgWidth-40, mapHeight)
	for lon := -120; lon <= 120; lon += 60 {
		x, _ := project(0, float64(lon))
		fmt.Fprintf(b, `<line x1="%.1f" y1="%d" x2="%.1f" y2="%d" stroke="#e3e8ee"/>`+"\n", x, mapTop, x, mapTop+mapHeight)
	}
	for lat := -60; lat <= 60; lat += 30 {
		_, y := project(float64(lat), 0)
		fmt.Fprintf(b, `<line x1="20" y1="%.1f" x2="%d" y2="%.1f" stroke="#e3e8ee"/>`+"\n", y, svgWidth-20, y)
	}
	pts := slices.Clone(sim.Points)
	slices.SortFunc(pts, func(x, y Point) int { return cmp.Compare(y.Weight, x.Weight) })
	if len(pts) > maxPoints {
		pts = pts[:maxPoints]
	}
	heaviest := 1.0
	if len(pts) > 0 && pts[0].Weight > 0 {
		heaviest = pts[0].Weight
	}
	for _, p := range slices.Backward(pts) { // the heaviest on top
		x, y := project(p.Lat, p.Lon)
		r := 1.5 + 8*math.Sqrt(p.Weight/heaviest)
		fmt.Fprintf(b, `<circle cx="%.1f" cy="%.1f" r="%.1f" fill="%s" fill-opacity="0.7"/>`+"\n", x, y, r, colors[p.Answer])
	}
}

// project maps a place onto the map's rectangle.
func project(lat, lon float64) (x, y float64) {
	x = 20 + (lon+180)/360*float64(svgWidth-40)
	y = float64(mapTop) + (90-lat)/180*float64(mapHeight)
	return x, y
}

// short cuts a long answer for labels.
func short(s string) string {
	if len(s) > 60 {
		return s[:57] + "..."
	}
	return s
}

func esc(s string) string { return html.EscapeString(s) }
