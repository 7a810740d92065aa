package ingest

import (
	"bufio"
	"bytes"
	"errors"
	"io"
	"strings"
	"testing"
)

func TestSniff(t *testing.T) {
	for _, tc := range []struct {
		name, head, file string
		want             kind
	}{
		{"gzip", "\x1f\x8b\x08\x00", "x.txt", kindGzip},
		{"utf16 bom", "\xff\xfe<\x00h\x00", "", kindUTF16},
		{"utf16 no bom", "<\x00h\x00t\x00m\x00l\x00>\x00", "", kindUTF16},
		{"warc", "WARC/1.0\r\nWARC-Type: warcinfo\r\n", "x.txt", kindWARC},
		{"warc after bom", "\xef\xbb\xbfWARC/1.1\r\n", "", kindWARC},
		{"arc", "filedesc://crawl.arc 127.0.0.1 20140216050221 text/plain 75\n1 0 x\n", "crawl.txt", kindARC},
		{"not arc", "filedesc: the file's description\n", "", kindText},
		{"jsonl", `{"id": 1}`, "", kindJSONL},
		{"jsonl leading space", "\n  {\"id\": 1}", "x.txt", kindJSONL},
		{"json feed", "{\n \"version\": \"https://jsonfeed.org/version/1.1\",", "", kindFeed},
		{"json array", "[\n {\"id\": 1}]", "", kindBad},
		{"bracket text", "[Updated] The council met.", "", kindText},
		{"rss", `<?xml version="1.0"?><rss version="2.0">`, "", kindFeed},
		{"rss after comment and stylesheet", `<?xml version="1.0"?><!-- c --><?xml-stylesheet href="s.xsl"?><rss>`, "", kindFeed},
		{"atom", `<feed xmlns="http://www.w3.org/2005/Atom">`, "", kindFeed},
		{"rdf", `<?xml version="1.0"?><rdf:RDF xmlns:rdf="x">`, "", kindFeed},
		{"doctype", "<!DOCTYPE html><p>x", "", kindHTML},
		{"doctype upper", "<!DOCTYPE HTML PUBLIC \"-//W3C//DTD HTML 4.01//EN\">", "", kindHTML},
		{"xhtml", `<?xml version="1.0"?><!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN"><html>`, "", kindHTML},
		{"head", "<head><title>t</title>", "", kindHTML},
		{"fragment", "<p>Just a paragraph.</p>", "", kindHTML},
		{"xml other", `<?xml version="1.0"?><urlset>`, "", kindBad},
		{"xml other named html", `<?xml version="1.0"?><root>`, "page.html", kindHTML},
		{"text", "Russia Tells U.S. Military to Get Out of Syria\n\nby someone", "", kindText},
		{"text with html ext", "Leading junk then <b>tags</b>", "x.htm", kindHTML},
		{"text mentioning html late", "junk <html><body>", "", kindHTML},
		{"pdf", "%PDF-1.4\n", "", kindBad},
		{"bzip2", "BZh91AY&SY", "x.bz2", kindBad},
		{"BZh text", "BZh is not bzip2 here", "", kindText},
		{"nul", "text\x00more", "", kindBad},
		{"control chars", strings.Repeat("\x01\x02\x03a", 10), "", kindBad},
		{"whitespace only", " \n\t ", "", kindBad},
		{"latin1 text", "Caf\xe9 cr\xe8me", "", kindText},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, why := sniff([]byte(tc.head), tc.file)
			if got != tc.want {
				t.Errorf("sniff(%q, %q) = %v (%s), want %v", tc.head, tc.file, got, why, tc.want)
			}
			if got == kindBad && why == "" {
				t.Error("kindBad without a reason")
			}
		})
	}
}

// TestBOM checks that a UTF-8 byte-order mark is dropped before every
// format reader.
func TestBOM(t *testing.T) {
	bom := "\xef\xbb\xbf"
	warc := string(testWARC()[2])
	for _, tc := range []struct{ name, in string }{
		{"jsonl", bom + `{"id": "b", "text": "x"}`},
		{"warc", bom + warc},
		{"rss", bom + `<rss><channel><title>T</title><item><description>x</description></item></channel></rss>`},
		{"text", bom + "x"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := scanAll(t, []string{"-"}, Options{Stdin: strings.NewReader(tc.in)})
			if len(r.Docs) != 1 || len(r.Errors) != 0 || strings.HasPrefix(r.Docs[0].Content, bom) {
				t.Errorf("got %+v", r)
			}
		})
	}
}

func TestDecodeHTML(t *testing.T) {
	for _, tc := range []struct {
		name, in, contentType, want string
	}{
		{"utf8 kept despite declaration", `<meta charset="iso-8859-1"><p>café`, "", `<meta charset="iso-8859-1"><p>café`},
		{"bom dropped", "\xef\xbb\xbf<p>x", "", "<p>x"},
		{"http charset", "<p>caf\xe9", "text/html; charset=ISO-8859-1", "<p>café"},
		{"http charset wins over meta", "<meta charset=utf-8><p>caf\xe9", "text/html; charset=windows-1252", "<meta charset=utf-8><p>café"},
		{"meta charset", "<meta charset=\"windows-1251\"><p>\xcf\xf0\xe8\xe2\xe5\xf2", "", "<meta charset=\"windows-1251\"><p>Привет"},
		{"http-equiv", `<meta http-equiv="Content-Type" content="text/html; charset=koi8-r"><p>` + "\xf0\xd2\xc9\xd7\xc5\xd4", "", `<meta http-equiv="Content-Type" content="text/html; charset=koi8-r"><p>Привет`},
		{"declared utf8, stray byte", "<meta charset=utf-8>" + strings.Repeat("<p>ok</p>", 200) + "\xff", "", "<meta charset=utf-8>" + strings.Repeat("<p>ok</p>", 200) + "\uFFFD"},
		{"declared utf8, is latin1", "<meta charset=utf-8><p>caf\xe9 na\xefve \xe0 \xe8 \xec \xf2 \xf9", "", "<meta charset=utf-8><p>café naïve à è ì ò ù"},
		{"undeclared mostly utf8", "<p>café crème brûlée \xff", "", "<p>café crème brûlée \uFFFD"},
		{"undeclared latin1", "<p>caf\xe9", "", "<p>café"},
		{"unknown label", "<meta charset=no-such-charset><p>caf\xe9", "", "<meta charset=no-such-charset><p>café"},
		{"utf16 bom", "\xff\xfe<\x00p\x00>\x00\xe9\x00", "", "<p>é"},
		{"utf16 declared but not", "<meta charset=utf-16><p>caf\xe9", "", "<meta charset=utf-16><p>caf\uFFFD"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := decodeHTML([]byte(tc.in), tc.contentType); got != tc.want {
				t.Errorf("decodeHTML(%q, %q) = %q, want %q", tc.in, tc.contentType, got, tc.want)
			}
		})
	}
}

func TestReadLine(t *testing.T) {
	br := bufio.NewReaderSize(strings.NewReader("short\n"+strings.Repeat("y", 100)+"\nlast"), 16)
	var got []string
	for {
		line, tooLong, err := readLine(br, nil, 20)
		if tooLong {
			got = append(got, "TOO LONG")
		} else {
			got = append(got, string(line))
		}
		if err != nil {
			if !errors.Is(err, io.EOF) {
				t.Fatal(err)
			}
			break
		}
	}
	if strings.Join(got, "|") != "short|TOO LONG|last" {
		t.Errorf("got %q", got)
	}
}

// TestMemberReader checks the gzip layer: members joined, zero padding
// tolerated, garbage between members and damaged members skipped with an
// error in the stream, truncation such an error and the end.
func TestMemberReader(t *testing.T) {
	a, b := gz([]byte("first member\n")), gz([]byte("second member\n"))
	damaged := append([]byte(nil), gz([]byte(strings.Repeat("lost data ", 50)))...)
	for i := 12; i < len(damaged)-8; i += 5 {
		damaged[i] ^= 0xff
	}
	for _, tc := range []struct {
		name    string
		in      []byte
		want    string
		damages int
		errWant error
	}{
		{"members", cat(a, b), "first member\nsecond member\n", 0, nil},
		{"zero padding", cat(a, make([]byte, 512)), "first member\n", 0, nil},
		{"garbage between", cat(a, []byte("garbage!"), b), "first member\nsecond member\n", 1, nil},
		{"damaged member", cat(a, damaged, b), "first member\n", 1, nil},
		{"bad checksum", cat(a, badCRC(b), a), "first member\nsecond member\nfirst member\n", 1, nil},
		{"truncated", cat(a, b[:len(b)-5]), "first member\n", 1, errTruncated},
		{"truncated header", cat(a, b[:5]), "first member\n", 1, errTruncated},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := &memberReader{}
			m.src.r = bufio.NewReader(bytes.NewReader(tc.in))
			// Damage comes in the stream, once each; reading goes on.
			var out []byte
			var err error
			damages := 0
			buf := make([]byte, 7)
			for {
				n, rerr := m.Read(buf)
				out = append(out, buf[:n]...)
				if d := asDamage(rerr); d != nil {
					damages++
					if errors.Is(d, errTruncated) {
						err = d
					}
					continue
				}
				if rerr != nil {
					if rerr != io.EOF {
						err = rerr
					}
					break
				}
			}
			if !errors.Is(err, tc.errWant) && !(tc.errWant == nil && err == nil) {
				t.Errorf("err = %v, want %v", err, tc.errWant)
			}
			if !strings.HasPrefix(string(out), tc.want) {
				t.Errorf("out = %q, want prefix %q", out, tc.want)
			}
			if tc.name == "damaged member" && !strings.HasSuffix(string(out), "second member\n") {
				t.Errorf("no resync after damage: %q", out)
			}
			if damages != tc.damages {
				t.Errorf("%d damage reports, want %d", damages, tc.damages)
			}
		})
	}
}

func cat(parts ...[]byte) []byte { return bytes.Join(parts, nil) }
