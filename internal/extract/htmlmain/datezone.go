package htmlmain

import (
	"regexp"
	"strconv"
	"time"

	"golang.org/x/net/html"
)

// zoneOffset is an ISO 8601 date-time's offset from UTC: the "+02:00" of
// "2020-12-24T23:59:50+02:00".
var zoneOffset = regexp.MustCompile(`\d{4}-\d\d-\d\dT\d\d:\d\d(?::\d\d(?:[.,]\d+)?)?([+-])(\d\d):?(\d\d)`)

// maxZoneScan bounds the attribute and script text pageZone reads.
const maxZoneScan = 1 << 20

// pageZone returns the UTC offset the page writes its other timestamps
// in, the most frequent non-zero one among the date-times of its
// attributes, scripts and text (ties: the first seen); false when the
// page writes none.
func pageZone(root *html.Node) (*time.Location, bool) {
	counts := map[string]int{}
	var order []string
	read := 0
	scan := func(s string) {
		if read >= maxZoneScan {
			return
		}
		if len(s) > maxZoneScan-read {
			s = s[:maxZoneScan-read]
		}
		read += len(s)
		for _, m := range zoneOffset.FindAllStringSubmatch(s, -1) {
			if m[2] == "00" && m[3] == "00" || m[2] > "14" || m[3] > "59" {
				continue // UTC itself, or no offset any zone has
			}
			k := m[1] + m[2] + m[3]
			if counts[k] == 0 {
				order = append(order, k)
			}
			counts[k]++
		}
	}
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		switch n.Type {
		case html.ElementNode:
			for _, a := range n.Attr {
				scan(a.Val)
			}
		case html.TextNode:
			scan(n.Data)
		}
		for c := n.FirstChild; c != nil && read < maxZoneScan; c = c.NextSibling {
			walk(c)
		}
	}
	walk(root)
	best := ""
	for _, k := range order {
		if counts[k] > counts[best] {
			best = k
		}
	}
	if best == "" {
		return nil, false
	}
	h, _ := strconv.Atoi(best[1:3])
	m, _ := strconv.Atoi(best[3:5])
	off := h*3600 + m*60
	if best[0] == '-' {
		off = -off
	}
	return time.FixedZone(best, off), true
}
