package quote

import (
	"testing"
	"unicode/utf8"
)

// FuzzExtract checks that Extract never panics and keeps its promises on
// offsets for any input.
func FuzzExtract(f *testing.F) {
	for _, s := range []string{
		"“We will stay,” she said.",
		"\"The first part,\" Anna Berg said, \"and the second.\"",
		"Mayor Lisa Kent said: “The first paragraph.\n\n“And the second.”",
		"According to the ministry, the convoy left. It left, according to Ana Silva.",
		"A US official told AFP that the withdrawal would be a token one.",
		"Trey Gowdy: Benghazi Investigation\n\n'Single quoted,' he said. ''NYT style,'' Mr. Doe said.",
		"«Nous restons», dit-il. ” ” “ “ ' ' ‘ ’ , said , said .",
		"said said said \"",
		"Foreign Ministry Spokeswoman Maria Zakharova, who (R-Ohio), said on December 27 that it was Thursday.",
		"\xff\xfe“broken\x80 utf8,” he said.",
	} {
		f.Add(s, "2017-12-22")
	}
	f.Fuzz(func(t *testing.T, body, published string) {
		qs := Options{Beliefs: true}.Extract(body, published, nil)
		for i, q := range qs {
			if q.Start < 0 || q.End > len(body) || q.Start > q.End {
				t.Fatalf("quote %d: span %d..%d of %d bytes", i, q.Start, q.End, len(body))
			}
			for _, p := range q.Pieces {
				if p.Start < q.Start || p.End > q.End {
					t.Fatalf("quote %d: piece outside its quote", i)
				}
			}
			if q.SpeakerStart >= 0 && (q.SpeakerEnd > len(body) || body[q.SpeakerStart:q.SpeakerEnd] != q.SpeakerMention) {
				t.Fatalf("quote %d: speaker span does not hold the mention", i)
			}
			if utf8.ValidString(body) && !utf8.ValidString(q.Text) {
				t.Fatalf("quote %d: text is not valid UTF-8", i)
			}
		}
	})
}
