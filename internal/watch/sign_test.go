package watch

import (
	"errors"
	"strings"
	"testing"
	"time"
)

func TestSignVerify(t *testing.T) {
	const secret = "6b1f0c2d9e8a7b6c5d4e3f2a1b0c9d8e7f6a5b4c3d2e1f0a9b8c7d6e5f4a3b2c"
	body := []byte(`{"watchlist":{"id":7},"hits":[]}`)
	sent := time.Date(2026, 3, 1, 9, 5, 0, 0, time.UTC)
	header := Sign(secret, sent, body)
	if !strings.HasPrefix(header, "t=1772355900,v1=") || len(header) != len("t=1772355900,v1=")+64 {
		t.Fatalf("Sign() = %q, want t=1772355900,v1=<64 hex>", header)
	}
	other := Sign("another secret", sent, body)
	sig := strings.TrimPrefix(header, "t=1772355900,")

	tests := []struct {
		name   string
		secret string
		header string
		body   string
		now    time.Time
		tol    time.Duration
		want   error // nil, or the sentinel the error must wrap
	}{
		{"round trip", secret, header, string(body), sent, DefaultTolerance, nil},
		{"a little later", secret, header, string(body), sent.Add(4 * time.Minute), DefaultTolerance, nil},
		{"receiver clock behind", secret, header, string(body), sent.Add(-4 * time.Minute), DefaultTolerance, nil},
		{"spaces after commas", secret, "t=1772355900, " + sig, string(body), sent, DefaultTolerance, nil},
		{"rotated secret", secret, other + "," + sig, string(body), sent, DefaultTolerance, nil},
		{"unknown scheme ignored", secret, header + ",v2=zzz", string(body), sent, DefaultTolerance, nil},
		{"no tolerance", secret, header, string(body), sent.Add(1000 * time.Hour), 0, nil},

		{"tampered body", secret, header, `{"watchlist":{"id":8},"hits":[]}`, sent, DefaultTolerance, ErrBadSignature},
		{"body with trailing newline", secret, header, string(body) + "\n", sent, DefaultTolerance, ErrBadSignature},
		{"wrong secret", "not the secret", header, string(body), sent, DefaultTolerance, ErrBadSignature},
		{"timestamp changed", secret, "t=1772355901," + sig, string(body), sent, DefaultTolerance, ErrBadSignature},
		{"stale", secret, header, string(body), sent.Add(6 * time.Minute), DefaultTolerance, ErrStaleSignature},
		{"from the future", secret, header, string(body), sent.Add(-6 * time.Minute), DefaultTolerance, ErrStaleSignature},

		{"empty header", secret, "", string(body), sent, DefaultTolerance, ErrMalformedSignature},
		{"no timestamp", secret, sig, string(body), sent, DefaultTolerance, ErrMalformedSignature},
		{"no signature", secret, "t=1772355900", string(body), sent, DefaultTolerance, ErrMalformedSignature},
		{"two timestamps", secret, "t=1,t=1772355900," + sig, string(body), sent, DefaultTolerance, ErrMalformedSignature},
		{"timestamp not a number", secret, "t=soon," + sig, string(body), sent, DefaultTolerance, ErrMalformedSignature},
		{"negative timestamp", secret, "t=-1," + sig, string(body), sent, DefaultTolerance, ErrMalformedSignature},
		{"signature not hex", secret, "t=1772355900,v1=xyz", string(body), sent, DefaultTolerance, ErrMalformedSignature},
		{"signature too short", secret, "t=1772355900,v1=abcd", string(body), sent, DefaultTolerance, ErrMalformedSignature},
		{"no equals sign", secret, "t=1772355900;" + sig, string(body), sent, DefaultTolerance, ErrMalformedSignature},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := Verify(tt.secret, tt.header, []byte(tt.body), tt.now, tt.tol)
			if tt.want == nil && err != nil {
				t.Fatalf("Verify() = %v, want nil", err)
			}
			if tt.want != nil && !errors.Is(err, tt.want) {
				t.Fatalf("Verify() = %v, want %v", err, tt.want)
			}
		})
	}
}

func TestVerifyEmptySecret(t *testing.T) {
	body := []byte("{}")
	now := time.Unix(1772355900, 0)
	if err := Verify("", Sign("", now, body), body, now, DefaultTolerance); err == nil {
		t.Fatal("Verify with an empty secret succeeded")
	}
}

// FuzzVerify checks that Verify never panics on a hostile header and
// that whatever Sign produces verifies.
func FuzzVerify(f *testing.F) {
	f.Add("secret", "t=1772355900,v1=00", []byte("{}"), int64(1772355900))
	f.Add("s", "t=,v1=,=,,", []byte(""), int64(0))
	f.Add("s", "t=99999999999999999999,v1="+strings.Repeat("ab", 32), []byte("x"), int64(-5))
	f.Fuzz(func(t *testing.T, secret, header string, body []byte, unix int64) {
		now := time.Unix(unix, 0)
		_ = Verify(secret, header, body, now, DefaultTolerance)
		if secret == "" || unix < 0 {
			return
		}
		if err := Verify(secret, Sign(secret, now, body), body, now, DefaultTolerance); err != nil {
			t.Fatalf("Verify(Sign()) = %v", err)
		}
	})
}
