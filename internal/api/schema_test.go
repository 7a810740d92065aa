package api

import (
	"encoding/json"
	"fmt"
	"math"
	"regexp"
	"slices"
	"sort"
	"strings"
)

// schema is the subset of JSON Schema (2020-12, as OpenAPI 3.1 has it)
// that openapi.json uses: type (a name or a list of names, which is how
// 3.1 says nullable), properties, required, additionalProperties: false,
// items, enum, minimum, pattern and $ref to #/components/schemas/.
type schema struct {
	Ref                  string             `json:"$ref"`
	Type                 any                `json:"type"`
	Properties           map[string]*schema `json:"properties"`
	Required             []string           `json:"required"`
	AdditionalProperties *bool              `json:"additionalProperties"`
	Items                *schema            `json:"items"`
	Enum                 []any              `json:"enum"`
	Minimum              *float64           `json:"minimum"`
	Pattern              string             `json:"pattern"`
}

// validator checks JSON values against the schemas of one document.
type validator struct {
	schemas map[string]*schema
}

func (s *schema) types() []string {
	switch t := s.Type.(type) {
	case string:
		return []string{t}
	case []any:
		var out []string
		for _, x := range t {
			out = append(out, fmt.Sprint(x))
		}
		return out
	}
	return nil
}

// typeOf names a decoded JSON value's type as JSON Schema does.
func typeOf(v any) string {
	switch x := v.(type) {
	case nil:
		return "null"
	case bool:
		return "boolean"
	case float64:
		if x == math.Trunc(x) {
			return "integer"
		}
		return "number"
	case string:
		return "string"
	case []any:
		return "array"
	case map[string]any:
		return "object"
	}
	return fmt.Sprintf("%T", v)
}

// validate returns every way v (decoded by encoding/json into any) breaks
// s, each with the path to the value.
func (vd *validator) validate(s *schema, v any, path string) []string {
	if s.Ref != "" {
		name, ok := strings.CutPrefix(s.Ref, "#/components/schemas/")
		target := vd.schemas[name]
		if !ok || target == nil {
			return []string{path + ": unresolved $ref " + s.Ref}
		}
		return vd.validate(target, v, path)
	}
	var errs []string
	if ts := s.types(); ts != nil {
		t := typeOf(v)
		if !slices.Contains(ts, t) && !(t == "integer" && slices.Contains(ts, "number")) {
			return []string{fmt.Sprintf("%s: %s, want %v", path, t, ts)}
		}
	}
	if s.Enum != nil && !slices.ContainsFunc(s.Enum, func(e any) bool { return e == v }) {
		errs = append(errs, fmt.Sprintf("%s: %v not in %v", path, v, s.Enum))
	}
	if f, ok := v.(float64); ok && s.Minimum != nil && f < *s.Minimum {
		errs = append(errs, fmt.Sprintf("%s: %v below %v", path, f, *s.Minimum))
	}
	if str, ok := v.(string); ok && s.Pattern != "" && !regexp.MustCompile(s.Pattern).MatchString(str) {
		errs = append(errs, fmt.Sprintf("%s: %q does not match %s", path, str, s.Pattern))
	}
	switch x := v.(type) {
	case map[string]any:
		for _, k := range s.Required {
			if _, ok := x[k]; !ok {
				errs = append(errs, fmt.Sprintf("%s: missing %q", path, k))
			}
		}
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			ps, ok := s.Properties[k]
			if !ok {
				if s.AdditionalProperties != nil && !*s.AdditionalProperties {
					errs = append(errs, fmt.Sprintf("%s: undocumented property %q", path, k))
				}
				continue
			}
			errs = append(errs, vd.validate(ps, x[k], path+"."+k)...)
		}
	case []any:
		if s.Items != nil {
			for i, e := range x {
				errs = append(errs, vd.validate(s.Items, e, fmt.Sprintf("%s[%d]", path, i))...)
			}
		}
	}
	return errs
}

// validateJSON decodes body and validates it.
func (vd *validator) validateJSON(s *schema, body []byte) []string {
	var v any
	if err := json.Unmarshal(body, &v); err != nil {
		return []string{"not JSON: " + err.Error()}
	}
	return vd.validate(s, v, "$")
}
