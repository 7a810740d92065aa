package scaletest

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"time"
)

// Material of the generated stories: each story is one happening (a
// person, an organisation, a place, a subject, a date) reported by several
// outlets in their own words, so that the clusterer has events to find and
// storylines to join.
var (
	storyFirst      = []string{"Amina", "Boris", "Carla", "Dmitri", "Emeka", "Fatima", "Gustavo", "Hiroshi", "Ingrid", "Jamal", "Katarina", "Luis"}
	storyLast       = []string{"Achebe", "Bergström", "Castillo", "Demir", "Eriksen", "Fujimoto", "Gallagher", "Hosseini", "Iwu", "Jovanović", "Kowalski", "Lindqvist"}
	storyOrgs       = []string{"the World Health Organization", "the European Commission", "the International Monetary Fund", "the Red Cross", "Greenpeace", "the African Union", "NATO", "the World Bank", "Amnesty International", "the United Nations"}
	storyPlaces     = []string{"Nairobi", "Lisbon", "Manila", "Quito", "Tbilisi", "Hanoi", "Accra", "Oslo", "Lima", "Dhaka", "Tunis", "Krakow", "Medellín", "Osaka"}
	storyTopics     = []string{"flood relief", "vaccine supplies", "a fishing ban", "the port strike", "a drought", "the bridge collapse", "wildfire evacuations", "the election recount", "a debt restructuring", "refugee housing", "a teachers' walkout", "the oil spill"}
	storyVerbs      = []string{"announced", "criticised", "defended", "rejected", "welcomed", "questioned"}
	storyAdjectives = []string{"tense", "calm", "cautious", "hopeful", "bitter", "unusual", "sharp", "modest", "steady", "chaotic", "quiet", "angry", "careful", "grim", "brisk", "uneasy"}
	storyOutlets    = []string{"Daily Ledger", "Morning Wire", "City Courier", "The Observer Post", "Evening Star", "Coastal Herald", "Metro Tribune"}
)

// storyDocs returns n stories of per articles each, in publication order
// (shuffled within a few days), as JSONL lines.
func storyDocs(n, per int) []map[string]any {
	r := rand.New(rand.NewPCG(7, 11))
	type art struct {
		day  time.Time
		line map[string]any
	}
	var arts []art
	base := time.Date(2023, 3, 1, 0, 0, 0, 0, time.UTC)
	for k := 0; k < n; k++ {
		person := storyFirst[r.IntN(len(storyFirst))] + " " + storyLast[r.IntN(len(storyLast))]
		org := storyOrgs[r.IntN(len(storyOrgs))]
		place := storyPlaces[r.IntN(len(storyPlaces))]
		topic := storyTopics[r.IntN(len(storyTopics))]
		// Some stories continue an earlier one: the same person, place and
		// subject weeks later (a storyline of several events).
		day := base.AddDate(0, 0, r.IntN(120))
		if k > 0 && k%5 == 0 {
			prev := arts[len(arts)-1].line["_story"].([4]string)
			person, org, place, topic = prev[0], prev[1], prev[2], prev[3]
			day = arts[len(arts)-1].day.AddDate(0, 0, 10+r.IntN(10))
		}
		figure := 100 + r.IntN(9000)
		for j := 0; j < per; j++ {
			outlet := storyOutlets[(k+j)%len(storyOutlets)]
			d := day.AddDate(0, 0, r.IntN(3))
			verb := storyVerbs[r.IntN(len(storyVerbs))]
			title := fmt.Sprintf("%s %s plan on %s in %s", person, verb, topic, place)
			var b strings.Builder
			fmt.Fprintf(&b, "%s\n\nBy %s %s - %s\n%s\n\n", title, storyFirst[r.IntN(len(storyFirst))], storyLast[r.IntN(len(storyLast))], outlet, d.Format("2 January, 2006"))
			fmt.Fprintf(&b, "%s (%s) - %s, a senior official of %s, %s on %s a plan on %s that would affect %d people in the region.\n\n",
				strings.ToUpper(place), outlet, person, org, verb, d.Format("Monday"), topic, figure)
			fmt.Fprintf(&b, "\"We cannot wait any longer on %s,\" %s told reporters in %s, adding that %s would send a team within days.\n\n",
				topic, person, place, org)
			adj := func() string { return storyAdjectives[r.IntN(len(storyAdjectives))] }
			who := func() string {
				return storyFirst[r.IntN(len(storyFirst))] + " " + storyLast[r.IntN(len(storyLast))]
			}
			sentences := []string{
				fmt.Sprintf("A spokesperson, speaking to the %s, described the mood as %s and the talks as %s.", outlet, adj(), adj()),
				fmt.Sprintf("%s, who leads a %s group of volunteers, said %d families had already left.", who(), adj(), 10+r.IntN(500)),
				fmt.Sprintf("The %s figures published on %s showed a %s rise in complaints.", adj(), d.Format("Monday"), adj()),
				fmt.Sprintf("Opposition lawmaker %s called the decision %s and %s.", who(), adj(), adj()),
				fmt.Sprintf("Schools in %d districts stayed closed, and %d buses were sent from the capital.", 2+r.IntN(30), 5+r.IntN(80)),
				fmt.Sprintf("Economists at a %s bank put the cost at %d million dollars.", adj(), 5+r.IntN(900)),
				fmt.Sprintf("The %s weather of the past %d days made matters worse, forecasters said.", adj(), 2+r.IntN(20)),
				fmt.Sprintf("Local officials in %s said the response to %s had been slow.", place, topic),
				fmt.Sprintf("Critics of %s said the plan came too late for the %d people concerned.", org, figure),
				fmt.Sprintf("According to %s, talks on %s will resume next week.", org, topic),
				fmt.Sprintf("Residents of %s gathered outside the ministry on %s.", place, d.Format("2 January")),
				fmt.Sprintf("%s has faced questions over %s before.", person, topic),
			}
			r.Shuffle(len(sentences), func(a, b int) { sentences[a], sentences[b] = sentences[b], sentences[a] })
			b.WriteString(strings.Join(sentences[:4], " "))
			b.WriteString("\n\n")
			b.WriteString(strings.Join(sentences[4:7], " "))
			b.WriteString("\n")
			line := map[string]any{"id": fmt.Sprintf("story-%d-%d", k, j), "outlet": outlet,
				"url":  fmt.Sprintf("https://%s.example/%s/story-%d-%d", strings.ToLower(strings.ReplaceAll(outlet, " ", "")), d.Format("2006/01/02"), k, j),
				"text": b.String(), "_story": [4]string{person, org, place, topic}}
			arts = append(arts, art{d, line})
		}
	}
	// Arrival roughly by date, so that events grow side by side.
	for i := range arts {
		arts[i].day = arts[i].day.Add(time.Duration(r.IntN(48)) * time.Hour)
	}
	sortByDay := func(a, b art) int { return a.day.Compare(b.day) }
	slices.SortStableFunc(arts, sortByDay)
	out := make([]map[string]any, len(arts))
	for i, a := range arts {
		delete(a.line, "_story")
		out[i] = a.line
	}
	return out
}
