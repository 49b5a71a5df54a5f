package console

import (
	"fmt"
	"html"
	"html/template"
	"math"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// Charts for the report, drawn here as SVG put inline in the page: no
// script, no style (the console's Content-Security-Policy allows
// neither inline), only presentation attributes. Each is an image
// (role="img") named by its <title> and described by its <desc>; the
// table after it gives the same numbers, for reading and for screen
// readers. A bar is in two parts, searches that found a group and those
// that found nothing, in a blue and an orange that each have more than
// 4.5:1 against the white page, parted by a white line, and named in a
// legend; each bar's number is written by it. The SVG takes the width
// of the page and scales with it, so it fits at 200 % zoom.

const (
	chartWidth   = 720.0
	chartFound   = "#0b4f9c" // 8.3:1 on white
	chartNothing = "#b35c00" // 4.7:1 on white
	chartInk     = "#1a1a1a"
	chartAxis    = "#6b6b6b"
	chartGrid    = "#c8c8c8"
	chartFont    = `font-family="system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif" font-size="14"`
)

// chartBar is one bar: searches that found a group, and that found
// nothing.
type chartBar struct {
	Label   string // what the bar counts, in full
	Short   string // under a column, when the label is long
	Found   int
	Nothing int
}

func (b chartBar) total() int { return b.Found + b.Nothing }

// says is the bar's numbers in words.
func (b chartBar) says() string {
	s := fmt.Sprintf("%s: %s", b.Label, chartPlural(b.total(), "search", "searches"))
	if b.Nothing > 0 {
		s += fmt.Sprintf(", %d found nothing", b.Nothing)
	}
	return s
}

func chartPlural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + many
}

// chartNum writes a coordinate: at most one decimal.
func chartNum(f float64) string { return strconv.FormatFloat(math.Round(f*10)/10, 'f', -1, 64) }

func chartEsc(s string) string { return html.EscapeString(s) }

// chartShorten cuts a label to n characters, with an ellipsis.
func chartShorten(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return strings.TrimSpace(string(r[:n-1])) + "…"
}

// chartOpen starts an SVG of height h with its title and description.
func chartOpen(b *strings.Builder, id, title, desc string, h float64) {
	fmt.Fprintf(b, `<svg xmlns="http://www.w3.org/2000/svg" id="%[1]s" class="chart" role="img" aria-labelledby="%[1]s-title" aria-describedby="%[1]s-desc" viewBox="0 0 %[2]s %[3]s" width="100%%" preserveAspectRatio="xMinYMin meet" %[4]s fill="%[5]s">`,
		chartEsc(id), chartNum(chartWidth), chartNum(h), chartFont, chartInk)
	fmt.Fprintf(b, `<title id="%[1]s-title">%[2]s</title><desc id="%[1]s-desc">%[3]s</desc>`, chartEsc(id), chartEsc(title), chartEsc(desc))
}

// chartLegend names the two colours, along the top.
func chartLegend(b *strings.Builder, x float64) {
	fmt.Fprintf(b, `<g class="legend"><rect x="%s" y="8" width="16" height="16" fill="%s"/><text x="%s" y="21">Found a group</text>`,
		chartNum(x), chartFound, chartNum(x+22))
	fmt.Fprintf(b, `<rect x="%s" y="8" width="16" height="16" fill="%s"/><text x="%s" y="21">Found nothing</text></g>`,
		chartNum(x+150), chartNothing, chartNum(x+172))
}

// chartParts draws a bar's two parts from (x, y), along x when across,
// else up from y; length is per search.
func chartParts(b *strings.Builder, bar chartBar, x, y, thick, per float64, across bool) {
	for _, part := range []struct {
		n    int
		fill string
	}{{bar.Found, chartFound}, {bar.Nothing, chartNothing}} {
		if part.n == 0 {
			continue
		}
		l := float64(part.n) * per
		if across {
			fmt.Fprintf(b, `<rect x="%s" y="%s" width="%s" height="%s" fill="%s" stroke="#ffffff" stroke-width="1"/>`, chartNum(x), chartNum(y), chartNum(l), chartNum(thick), part.fill)
			x += l
		} else {
			y -= l
			fmt.Fprintf(b, `<rect x="%s" y="%s" width="%s" height="%s" fill="%s" stroke="#ffffff" stroke-width="1"/>`, chartNum(x), chartNum(y), chartNum(thick), chartNum(l), part.fill)
		}
	}
}

// hbarChart draws a bar across for each of bars, in their order, its
// label on the left and its numbers on the right. No bars, no chart.
func hbarChart(id, title string, bars []chartBar) template.HTML {
	if len(bars) == 0 {
		return ""
	}
	const labelW, valueW, rowH, barH, top = 250.0, 190.0, 28.0, 18.0, 40.0
	plotW := chartWidth - labelW - valueW
	h := top + float64(len(bars))*rowH + 8
	most := 1
	var said []string
	for _, bar := range bars {
		most = max(most, bar.total())
		said = append(said, bar.says())
	}
	desc := fmt.Sprintf("%s, most first; the blue part of a bar found a group, the orange part found nothing. %s. The table after the chart gives the same numbers.",
		chartPlural(len(bars), "bar", "bars"), strings.Join(said, "; "))
	var b strings.Builder
	chartOpen(&b, id, title, desc, h)
	chartLegend(&b, labelW)
	per := plotW / float64(most)
	for i, bar := range bars {
		y := top + float64(i)*rowH
		fmt.Fprintf(&b, `<g class="bar"><title>%s</title>`, chartEsc(bar.says()))
		fmt.Fprintf(&b, `<text x="%s" y="%s" text-anchor="end">%s</text>`, chartNum(labelW-8), chartNum(y+rowH/2+5), chartEsc(chartShorten(bar.Label, 30)))
		chartParts(&b, bar, labelW, y+(rowH-barH)/2, barH, per, true)
		value := strconv.Itoa(bar.total())
		if bar.Nothing > 0 {
			value += fmt.Sprintf(" (%d found nothing)", bar.Nothing)
		}
		fmt.Fprintf(&b, `<text x="%s" y="%s">%s</text></g>`, chartNum(labelW+float64(bar.total())*per+6), chartNum(y+rowH/2+5), chartEsc(value))
	}
	fmt.Fprintf(&b, `<line x1="%[1]s" y1="%[2]s" x2="%[1]s" y2="%[3]s" stroke="%[4]s" stroke-width="1"/>`, chartNum(labelW), chartNum(top-2), chartNum(h-6), chartAxis)
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}

// columnChart draws a column for each of bars, in time order, on a
// scale of searches; step is what a column counts (day, week, month).
func columnChart(id, title, step string, bars []chartBar) template.HTML {
	if len(bars) == 0 {
		return ""
	}
	const left, right, top, plotH, bottom = 52.0, 12.0, 40.0, 220.0, 40.0
	plotW := chartWidth - left - right
	h := top + plotH + bottom
	most, busiest, total, nothing := 0, 0, 0, 0
	for i, bar := range bars {
		if bar.total() > most {
			most, busiest = bar.total(), i
		}
		total += bar.total()
		nothing += bar.Nothing
	}
	desc := fmt.Sprintf("A column for each %s, %s to %s: %s in all, %d of them found nothing.", step, bars[0].Label, bars[len(bars)-1].Label,
		chartPlural(total, "search", "searches"), nothing)
	if most > 0 {
		desc += fmt.Sprintf(" The most in one %s: %d, %s.", step, most, bars[busiest].Label)
	}
	desc += " The blue part of a column found a group, the orange part found nothing. The table after the chart gives each " + step + "'s numbers."
	// The scale: ticks at 1, 2 or 5 times a power of ten, four or so.
	tick := 1
	for _, m := range []int{1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000, 20000, 50000, 100000} {
		tick = m
		if most <= 4*m {
			break
		}
	}
	ceiling := max(tick, (most+tick-1)/tick*tick)
	for ceiling < most { // past the list's end
		ceiling += tick
	}
	per := plotH / float64(ceiling)
	base := top + plotH

	var b strings.Builder
	chartOpen(&b, id, title, desc, h)
	chartLegend(&b, left)
	for v := 0; v <= ceiling; v += tick {
		y := base - float64(v)*per
		colour := chartGrid
		if v == 0 {
			colour = chartAxis
		}
		fmt.Fprintf(&b, `<line x1="%[1]s" y1="%[2]s" x2="%[3]s" y2="%[2]s" stroke="%[4]s" stroke-width="1"/>`, chartNum(left), chartNum(y), chartNum(chartWidth-right), colour)
		fmt.Fprintf(&b, `<text x="%s" y="%s" text-anchor="end">%d</text>`, chartNum(left-6), chartNum(y+5), v)
	}
	slot := plotW / float64(len(bars))
	thick := min(slot*0.75, 40)
	every := (len(bars) + 7) / 8 // at most eight labels under the columns
	for i, bar := range bars {
		x := left + float64(i)*slot + (slot-thick)/2
		fmt.Fprintf(&b, `<g class="bar"><title>%s</title>`, chartEsc(bar.says()))
		chartParts(&b, bar, x, base, thick, per, false)
		b.WriteString(`</g>`)
		if i%every == 0 {
			label := bar.Short
			if label == "" {
				label = bar.Label
			}
			fmt.Fprintf(&b, `<text x="%s" y="%s" text-anchor="middle">%s</text>`, chartNum(left+(float64(i)+0.5)*slot), chartNum(base+22), chartEsc(label))
		}
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}

// chartTick is a column's label: "Nov 3", or "Nov 2026" for a month.
func chartTick(t time.Time, step string) string {
	if step == "month" {
		return t.Format("Jan 2006")
	}
	return t.Format("Jan 2")
}
