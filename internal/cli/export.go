package cli

import (
	"bufio"
	"encoding/csv"
	"encoding/json"

	"github.com/storyline-news/storyline/internal/export"
	"github.com/storyline-news/storyline/internal/news"
	"github.com/storyline-news/storyline/internal/store"
)

func init() {
	register("export", "write stored articles as JSONL or CSV (schema: docs/export.md)", runExport)
}

// record is the export schema's record (package export).
type record = export.Record

func runExport(e *env, args []string) error {
	fs := flags(e, "export", "[flags]", "Writes every stored article to stdout, one JSON object a line (jsonl)\nor one CSV row (csv, with a header). The fields are documented in docs/export.md.")
	db := dbFlag(fs)
	format := fs.String("format", "jsonl", "output format: jsonl or csv")
	outlet := fs.String("outlet", "", "only articles of this outlet")
	if err := parse(fs, args); err != nil {
		return err
	}
	if err := noArgs(fs); err != nil {
		return err
	}
	if *format != "jsonl" && *format != "csv" {
		return usageErrorf("unknown format %q (want jsonl or csv)", *format)
	}
	st, err := openReadOnly(e.ctx, *db)
	if err != nil {
		return err
	}
	defer st.Close()
	bw := bufio.NewWriterSize(e.stdout, 1<<16)
	var write func(record) error
	var cw *csv.Writer
	if *format == "jsonl" {
		enc := json.NewEncoder(bw)
		enc.SetEscapeHTML(false)
		write = func(r record) error { return enc.Encode(r) }
	} else {
		cw = csv.NewWriter(bw)
		if err := cw.Write(export.CSVHeader); err != nil {
			return err
		}
		write = func(r record) error { cw.Write(r.CSV()); return cw.Error() }
	}
	err = st.Each(e.ctx, store.Query{Outlet: *outlet}, func(a *news.Article) error { return write(export.FromArticle(a)) })
	if err != nil {
		return err
	}
	if cw != nil {
		if cw.Flush(); cw.Error() != nil {
			return cw.Error()
		}
	}
	return bw.Flush()
}
