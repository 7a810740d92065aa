package fetch

import (
	"net/http"
	"testing"
	"time"
)

func TestParseMaxAge(t *testing.T) {
	tests := []struct {
		in   string
		want time.Duration
	}{
		{"", 0},
		{"max-age=60", 60 * time.Second},
		{"public, max-age=300", 300 * time.Second},
		{"MAX-AGE=5", 5 * time.Second},
		{`max-age="120"`, 120 * time.Second},
		{"max-age=60, no-cache", 0},
		{"no-store, max-age=60", 0},
		{"private", 0},
		{"max-age=abc", 0},
		{"max-age=-1", 0},
		{"max-age=99999999999999999999", 0},
		{"max-age=9999999999", maxWait},
	}
	for _, tt := range tests {
		if got := parseMaxAge(tt.in); got != tt.want {
			t.Errorf("parseMaxAge(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

func TestParseRetryAfter(t *testing.T) {
	now := time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		in   string
		want time.Duration
	}{
		{"", 0},
		{"120", 2 * time.Minute},
		{" 7 ", 7 * time.Second},
		{"0", 0},
		{"-5", 0},
		{"soon", 0},
		{now.Add(90 * time.Second).Format(http.TimeFormat), 90 * time.Second},
		{now.Add(-time.Hour).Format(http.TimeFormat), 0},
		{now.Add(100 * 24 * time.Hour).Format(http.TimeFormat), maxWait},
		{"31536000", maxWait},
	}
	for _, tt := range tests {
		if got := parseRetryAfter(tt.in, now); got != tt.want {
			t.Errorf("parseRetryAfter(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

func TestUserAgent(t *testing.T) {
	tests := []struct {
		ua, contact, want, token string
	}{
		{"", "", defaultUserAgent, "Storyline"},
		{"", "mailto:ops@example.org", "Storyline/1.0 (+mailto:ops@example.org)", "Storyline"},
		{"", "https://example.org/bot\r\nX-Evil: 1", "Storyline/1.0 (+https://example.org/botX-Evil: 1)", "Storyline"},
		{"MyBot/2.0", "ops@example.org", "MyBot/2.0", "MyBot"},
	}
	for _, tt := range tests {
		got := userAgent(tt.ua, tt.contact)
		if got != tt.want {
			t.Errorf("userAgent(%q, %q) = %q, want %q", tt.ua, tt.contact, got, tt.want)
		}
		if tok := productToken(got); tok != tt.token {
			t.Errorf("productToken(%q) = %q, want %q", got, tok, tt.token)
		}
	}
}
