package postgres

import (
	"strings"
	"testing"
)

func TestRedact(t *testing.T) {
	for _, in := range []string{
		"postgres://u:s3cret@127.0.0.1:5432/x",
		"postgres://u@127.0.0.1:5432/x?password=s3cret",
		"postgres://u@127.0.0.1:5432/x?sslmode=disable&PASSWORD=s3cret",
		"postgres://u@h/x?sslpassword=s3cret",
	} {
		if got := Redact(in); strings.Contains(got, "s3cret") {
			t.Errorf("Redact(%q) = %q keeps the password", in, got)
		}
	}
	if got := Redact("postgres://u@h:1/x?sslmode=disable"); !strings.Contains(got, "sslmode=disable") {
		t.Errorf("Redact dropped other parameters: %q", got)
	}
}
