package api

import (
	_ "embed"
	"encoding/json"
	"net/http"
)

// openAPIDoc is the OpenAPI 3.1 description of this API, written by hand;
// TestOpenAPI checks the real responses against it.
//
//go:embed openapi.json
var openAPIDoc []byte

func (s *server) openAPI(r *http.Request) (any, error) {
	if _, err := query(r); err != nil {
		return nil, err
	}
	return json.RawMessage(openAPIDoc), nil
}
