package ingest

// DecodeHTML returns a fetched page as UTF-8 text, decoded as the file
// readers decode HTML: the HTTP Content-Type, a <meta> declaration or the
// bytes themselves decide the encoding.
func DecodeHTML(data []byte, contentType string) string { return decodeHTML(data, contentType) }
