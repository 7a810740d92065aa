// Command storyline follows the news as stories: it ingests articles, extracts
// clean text and metadata, and serves what it finds.
package main

import (
	"os"

	"github.com/storyline-news/storyline/internal/cli"
)

func main() {
	os.Exit(cli.Main(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}
