// Package browser holds Storyline's browser tests and nothing else: headless
// Chromium, driven with chromedp, reads the web pages (package web, with the
// JSON API mounted) of a real SQLite store with the sample and a hostile
// article ingested through the pipeline. The tests follow a reader's way
// through the pages at desktop and phone widths, check that markup in an
// article never runs, and run axe-core on every page they visit.
//
// They need Chromium (STORYLINE_CHROMIUM, else /usr/bin/chromium, else
// chromium in PATH) and axe-core's axe.min.js (STORYLINE_AXE). Without them
// the tests skip, except under CI (STORYLINE_CI=1, set by .ci/run), where
// they fail. With -screenshots they write docs/screenshots/*.png.
package browser
