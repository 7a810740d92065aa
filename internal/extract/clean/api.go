package clean

// Site returns the registrable domain of a URL ("newsweek.com" for
// "https://www.newsweek.com/a"), "" when it has no usable host.
func Site(rawURL string) string { return siteOf(rawURL) }

// Language returns the ISO 639-1 code of the language text is written in,
// "" when the text is too short or the guess is weak.
func Language(text string) string { return detectLanguage(text) }
