package cli

import (
	"bufio"
	"fmt"
	"io"
	"os"

	"github.com/storyline-news/storyline/internal/analyze/ner"
)

func init() {
	register("ner", "tag CoNLL-format tokens with the embedded named-entity model", runNER)
}

func runNER(e *env, args []string) error {
	fs := flags(e, "ner", "--conll FILE", `Reads CoNLL-format lines (only the first column, the token, is used; blank
lines separate sentences; -DOCSTART- lines pass through) and writes each line
back with the predicted IOB tag appended as the last column, so that any
CoNLL scorer can read it: on a gold file the last two columns are then gold
and predicted tag, as conlleval expects. FILE may be - for stdin.`)
	conll := fs.String("conll", "", "CoNLL `file` to tag (- for stdin)")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *conll == "" {
		return usageErrorf("missing --conll FILE")
	}
	if err := noArgs(fs); err != nil {
		return err
	}
	var r io.Reader = e.stdin
	if *conll != "-" {
		f, err := os.Open(*conll)
		if err != nil {
			return err
		}
		defer f.Close()
		r = f
	}
	m, err := ner.Default()
	if err != nil {
		return fmt.Errorf("load model: %w", err)
	}
	w := bufio.NewWriterSize(e.stdout, 1<<16)
	if err := ner.TagCoNLL(r, w, m); err != nil {
		return fmt.Errorf("%s: %w", *conll, err)
	}
	return w.Flush()
}
