package watch

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
)

func TestPayloadGolden(t *testing.T) {
	wl, hits := fixture()
	body, err := Payload(wl, hits, testBase)
	if err != nil {
		t.Fatal(err)
	}
	var pretty bytes.Buffer
	if err := json.Indent(&pretty, body, "", "  "); err != nil {
		t.Fatalf("payload is not JSON: %v", err)
	}
	pretty.WriteByte('\n')
	golden(t, "payload.json.golden", pretty.Bytes())

	if bytes.Contains(body, []byte(wl.Secret)) {
		t.Error("payload contains the secret")
	}
	var got struct {
		Watchlist map[string]any   `json:"watchlist"`
		Hits      []map[string]any `json:"hits"`
	}
	if err := json.Unmarshal(body, &got); err != nil {
		t.Fatal(err)
	}
	if got.Watchlist["feed"] != "http://127.0.0.1:8080/watchlists/7.atom" {
		t.Errorf("feed %v", got.Watchlist["feed"])
	}
	if len(got.Hits) != 3 || got.Hits[0]["id"] != float64(101) {
		t.Fatalf("hits %v, want 3 in the order given", got.Hits)
	}
	if v, ok := got.Hits[1]["published"]; !ok || v != nil {
		t.Errorf("unknown published = %v (present %t), want null", v, ok)
	}
	if got.Hits[1]["url"] != "" {
		t.Errorf("javascript: source URL kept: %v", got.Hits[1]["url"])
	}
	if got.Hits[2]["link"] != "http://127.0.0.1:8080/articles/311" {
		t.Errorf("link %v", got.Hits[2]["link"])
	}
}

func TestPayloadCriterion(t *testing.T) {
	tests := []struct {
		wl   Watchlist
		want string
	}{
		{Watchlist{ID: 1, Query: "grain"}, `"criterion":{"kind":"query","query":"grain"}`},
		{Watchlist{ID: 1, Entity: "Maria Zakharova"}, `"criterion":{"kind":"entity","entity":"Maria Zakharova"}`},
		{Watchlist{ID: 1, Storyline: 12}, `"criterion":{"kind":"storyline","storyline":12}`},
	}
	for _, tt := range tests {
		body, err := Payload(tt.wl, nil, testBase)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(body), tt.want) {
			t.Errorf("Payload(%+v) = %s, want it to contain %s", tt.wl, body, tt.want)
		}
		if !strings.HasSuffix(string(body), `"hits":[]}`) {
			t.Errorf("Payload with no hits = %s, want an empty hits array", body)
		}
	}
}

func TestPayloadErrors(t *testing.T) {
	wl, hits := fixture()
	other := hits[0]
	other.Watch = 9
	tests := []struct {
		name string
		wl   Watchlist
		hits []Hit
		base string
		want string
	}{
		{"relative base", wl, hits, "articles", "base URL"},
		{"invalid watchlist", Watchlist{ID: 7}, nil, testBase, "needs a query"},
		{"hit of another watchlist", wl, []Hit{other}, testBase, "belongs to watchlist 9"},
	}
	for _, tt := range tests {
		if _, err := Payload(tt.wl, tt.hits, tt.base); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: Payload() = %v, want error containing %q", tt.name, err, tt.want)
		}
	}
}
