package watch

import (
	"encoding/hex"
	"strings"
	"testing"
)

func TestValidate(t *testing.T) {
	long := strings.Repeat("é", MaxQuery) // runes, not bytes, are counted
	tests := []struct {
		name    string
		wl      Watchlist
		wantErr string // "" for valid
	}{
		{"query", Watchlist{Query: "grain AND Odesa"}, ""},
		{"entity", Watchlist{Entity: "Maria Zakharova"}, ""},
		{"storyline", Watchlist{Storyline: 12}, ""},
		{"query at limit", Watchlist{Query: long}, ""},
		{"https webhook", Watchlist{Query: "x", Webhook: "https://hooks.example.com/in/abc?k=v"}, ""},
		{"http webhook with port", Watchlist{Entity: "x", Webhook: "http://127.0.0.1:9000/hook"}, ""},
		{"upper-case scheme", Watchlist{Entity: "x", Webhook: "HTTPS://example.com/"}, ""},

		{"nothing", Watchlist{Name: "empty"}, "needs a query"},
		{"query and entity", Watchlist{Query: "a", Entity: "b"}, "only one"},
		{"entity and storyline", Watchlist{Entity: "b", Storyline: 3}, "only one"},
		{"all three", Watchlist{Query: "a", Entity: "b", Storyline: 3}, "only one"},
		{"blank query", Watchlist{Query: " \t"}, "blank"},
		{"blank entity", Watchlist{Entity: "  "}, "blank"},
		{"query too long", Watchlist{Query: long + "x"}, "longer than 500"},
		{"negative storyline", Watchlist{Storyline: -1}, "not a valid id"},
		{"relative webhook", Watchlist{Query: "x", Webhook: "/hook"}, "scheme"},
		{"no host", Watchlist{Query: "x", Webhook: "https:///hook"}, "no host"},
		{"ftp webhook", Watchlist{Query: "x", Webhook: "ftp://example.com/"}, "scheme"},
		{"javascript webhook", Watchlist{Query: "x", Webhook: "javascript:alert(1)"}, "scheme"},
		{"userinfo", Watchlist{Query: "x", Webhook: "https://user:pw@example.com/"}, "user name"},
		{"user only", Watchlist{Query: "x", Webhook: "https://user@example.com/"}, "user name"},
		{"control character", Watchlist{Query: "x", Webhook: "https://example.com/\n"}, "webhook URL"},
		{"webhook too long", Watchlist{Query: "x", Webhook: "https://example.com/" + strings.Repeat("a", MaxWebhook)}, "longer than"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.wl.Validate()
			switch {
			case tt.wantErr == "" && err != nil:
				t.Fatalf("Validate() = %v, want nil", err)
			case tt.wantErr != "" && err == nil:
				t.Fatalf("Validate() = nil, want error containing %q", tt.wantErr)
			case tt.wantErr != "" && !strings.Contains(err.Error(), tt.wantErr):
				t.Fatalf("Validate() = %v, want error containing %q", err, tt.wantErr)
			}
		})
	}
}

func TestDescribe(t *testing.T) {
	tests := []struct {
		wl   Watchlist
		want string
	}{
		{Watchlist{Query: `grain "deal"`}, `query "grain \"deal\""`},
		{Watchlist{Query: "Одесса"}, `query "Одесса"`},
		{Watchlist{Entity: " Maria Zakharova "}, "entity Maria Zakharova"},
		{Watchlist{Storyline: 12}, "storyline 12"},
		{Watchlist{Name: "only a name"}, "nothing"},
	}
	for _, tt := range tests {
		if got := tt.wl.Describe(); got != tt.want {
			t.Errorf("%+v.Describe() = %q, want %q", tt.wl, got, tt.want)
		}
	}
}

func TestNewSecret(t *testing.T) {
	a, err := NewSecret()
	if err != nil {
		t.Fatal(err)
	}
	b, err := NewSecret()
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{a, b} {
		raw, err := hex.DecodeString(s)
		if err != nil || len(raw) != 32 {
			t.Errorf("NewSecret() = %q: want 64 hex characters (%v)", s, err)
		}
	}
	if a == b {
		t.Errorf("two calls of NewSecret returned %q", a)
	}
}
