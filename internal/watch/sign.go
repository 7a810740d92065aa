package watch

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Header names and the event a delivery carries.
const (
	HeaderSignature = "X-Storyline-Signature"
	HeaderDelivery  = "X-Storyline-Delivery"
	HeaderEvent     = "X-Storyline-Event"
	EventHits       = "hits"
)

// DefaultTolerance is how far a signature's timestamp may be from the
// receiver's clock: long enough for clock skew and a slow network,
// short enough that a captured request cannot be replayed for long.
const DefaultTolerance = 5 * time.Minute

// Errors from Verify. A malformed header wraps ErrMalformedSignature.
var (
	ErrMalformedSignature = errors.New("watch: malformed signature header")
	ErrBadSignature       = errors.New("watch: signature does not match")
	ErrStaleSignature     = errors.New("watch: signature timestamp outside tolerance")
)

// Sign returns the X-Storyline-Signature value for body sent at time t:
// "t=UNIX,v1=HEX", where HEX is the hex HMAC-SHA256, keyed with secret
// as a string, of the decimal UNIX time, ".", and body. Signing the
// time with the body is what lets a receiver refuse replays.
func Sign(secret string, t time.Time, body []byte) string {
	ts := strconv.FormatInt(t.Unix(), 10)
	return "t=" + ts + ",v1=" + hex.EncodeToString(mac(secret, ts, body))
}

func mac(secret, ts string, body []byte) []byte {
	m := hmac.New(sha256.New, []byte(secret))
	m.Write([]byte(ts))
	m.Write([]byte{'.'})
	m.Write(body)
	return m.Sum(nil)
}

// Verify checks header, an X-Storyline-Signature value, against body:
// one of its v1 signatures must match (several are allowed so that a
// secret can be rotated), compared in constant time, and its timestamp
// must be within tolerance of now, in either direction. A tolerance of
// zero or less skips the time check; receivers should use
// DefaultTolerance or similar. Keys other than t and v1 are ignored, so
// a later scheme can be added beside v1.
func Verify(secret, header string, body []byte, now time.Time, tolerance time.Duration) error {
	if secret == "" {
		return errors.New("watch: verify: empty secret")
	}
	ts, sigs, err := parseSignature(header)
	if err != nil {
		return err
	}
	want := mac(secret, ts, body)
	ok := false
	for _, sig := range sigs {
		// No early exit: the time taken should not depend on which
		// signature, if any, matched.
		if hmac.Equal(sig, want) {
			ok = true
		}
	}
	if !ok {
		return ErrBadSignature
	}
	// The signature is checked first so that a stale error means an
	// authentic but old request, which a receiver may want to log
	// differently from a forged one.
	if tolerance > 0 {
		unix, _ := strconv.ParseInt(ts, 10, 64) // parseSignature checked it
		if d := now.Sub(time.Unix(unix, 0)).Abs(); d > tolerance {
			return fmt.Errorf("%w: %s off", ErrStaleSignature, d.Round(time.Second))
		}
	}
	return nil
}

// parseSignature splits "t=UNIX,v1=HEX[,v1=HEX...]" into its timestamp,
// as written, and decoded v1 signatures.
func parseSignature(header string) (ts string, sigs [][]byte, err error) {
	malformed := func(why string) error {
		return fmt.Errorf("%w: %s", ErrMalformedSignature, why)
	}
	for part := range strings.SplitSeq(header, ",") {
		k, v, ok := strings.Cut(strings.TrimSpace(part), "=")
		if !ok {
			return "", nil, malformed("part without '='")
		}
		switch k {
		case "t":
			if ts != "" {
				return "", nil, malformed("two timestamps")
			}
			if _, err := strconv.ParseUint(v, 10, 63); err != nil {
				return "", nil, malformed("timestamp is not a number")
			}
			ts = v
		case "v1":
			sig, err := hex.DecodeString(v)
			if err != nil || len(sig) != sha256.Size {
				return "", nil, malformed("v1 is not a hex SHA-256 HMAC")
			}
			sigs = append(sigs, sig)
		}
	}
	switch {
	case ts == "":
		return "", nil, malformed("no timestamp")
	case len(sigs) == 0:
		return "", nil, malformed("no v1 signature")
	}
	return ts, sigs, nil
}
