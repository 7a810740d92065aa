package api

import (
	"encoding/json"
	"testing"
)

// TestValidator: the validator finds what it is meant to find, so that a
// clean TestOpenAPI means something.
func TestValidator(t *testing.T) {
	var vd validator
	if err := json.Unmarshal([]byte(`{
		"P": {"type": "object", "required": ["id", "tags"], "additionalProperties": false,
			"properties": {"id": {"type": "integer", "minimum": 1}, "name": {"type": ["string", "null"]},
				"kind": {"type": "string", "enum": ["a", "b"]}, "tags": {"type": "array", "items": {"type": "string"}},
				"child": {"$ref": "#/components/schemas/P"}}}
	}`), &vd.schemas); err != nil {
		t.Fatal(err)
	}
	root := &schema{Ref: "#/components/schemas/P"}
	for _, tt := range []struct {
		doc  string
		errs int
	}{
		{`{"id": 1, "tags": []}`, 0},
		{`{"id": 1, "tags": ["x"], "name": null, "kind": "a", "child": {"id": 2, "tags": []}}`, 0},
		{`{"id": 1.5, "tags": []}`, 1},
		{`{"id": 0, "tags": []}`, 1},
		{`{"tags": []}`, 1},
		{`{"id": 1, "tags": [1]}`, 1},
		{`{"id": 1, "tags": [], "kind": "c"}`, 1},
		{`{"id": 1, "tags": [], "extra": true}`, 1},
		{`{"id": 1, "tags": [], "child": {"id": "2", "tags": []}}`, 1},
		{`[]`, 1},
	} {
		if errs := vd.validateJSON(root, []byte(tt.doc)); len(errs) != tt.errs {
			t.Errorf("%s: %d errors %q, want %d", tt.doc, len(errs), errs, tt.errs)
		}
	}
}
