package cluster

import (
	"fmt"
	"reflect"
	"strconv"
	"strings"
)

// Config holds the clusterer's weights and thresholds. DefaultConfig gives
// values tuned on the ECB+ topics 1-22 (see EVAL.md) and checked across
// folds of its topics; EventSpanDays, SpanRecallSim and HubShare were set on
// a dated real stream (ECB+ has too few dated follow-ups to choose them; see
// docs/figures/events.md). None is specific to a topic.
type Config struct {
	// Feature weights: how much one occurrence counts, by where it is.
	TitleBoost   float64 // a word of the headline
	LeadBoost    float64 // a word among the first LeadWords of the text
	LeadWords    int
	EntityBoost  float64 // a word used as a name (capitalised mid-sentence)
	PhraseBoost  float64 // a multi-word name ("Tara Reid") in the entity vector
	NumberBoost  float64 // a number or year
	URLBoost     float64 // a word of the URL path
	TaggedBoost  float64 // a name given in Doc.Entities
	SpeakerBoost float64 // a name given in Doc.Speakers
	// PublishedYearBoost weighs the year of Doc.Published as a number of
	// the text (and a year among the names).
	PublishedYearBoost float64
	// NumberNameBoost also counts a number (not a year) among the names.
	NumberNameBoost float64

	// Event similarity: a weighted mean of three idf-weighted cosines, less a
	// penalty for dates far apart.
	WContent float64 // all words, names and numbers
	WEntity  float64 // names only: different people or places keep apart
	WTitle   float64 // headline words
	// JoinThreshold is the similarity above which an article joins an event.
	JoinThreshold float64
	// MergeThreshold is the similarity of two events' centroids above which
	// they are merged (one article bridged them, or one grew towards the other).
	MergeThreshold float64
	// BridgeThreshold is the (lower) centroid similarity at which two events
	// merge when one article passes the join threshold for both.
	BridgeThreshold float64
	// SingleJoinThreshold replaces JoinThreshold for an event of one
	// article: one text is thin evidence that a second tells the same
	// happening and not a sibling of it.
	SingleJoinThreshold float64
	// DateWindowDays is how far (in days) an article may lie outside an
	// event's date span without penalty; DatePenalty is subtracted at a gap
	// of DatePenaltyDays and more, proportionally (log scale) before.
	DateWindowDays  int
	DatePenalty     float64
	DatePenaltyDays int
	// RecallYears (1 = on): no date penalty for an article that names a
	// month or year of an older event's span ("convicted of the 2005
	// murder", "in March"): a follow-up recalls its happening, a repeat
	// does not.
	RecallYears int
	// EventSpanDays bounds an event in time: no article joins, and no
	// event merges with, an event when their dates together would span
	// more than this many days. 0 turns the bound off.
	EventSpanDays int
	// SpanRecall (1 = on): the bound does not hold for a later article
	// that names a month or year of the event's span (see RecallYears).
	SpanRecall int
	// SpanRecallSim is the least similarity (before date penalties) at
	// which SpanRecall lifts the bound: a trial that names the murder's
	// year and its killer, not a campaign report that names last month.
	SpanRecallSim float64
	// LearnedJoin chooses how an article joins an event. 0: the hand rule
	// (the weighted cosines against JoinThreshold and
	// SingleJoinThreshold). 1: the learned centroid model (learned.go):
	// the candidate the model finds most likely, when that likelihood
	// reaches its threshold. 2: likewise with the link model, which scores
	// an event by its articles one by one. 3 (the default): the hand rule
	// proposes and the link model may veto: a candidate whose likelihood
	// is under the link model's threshold cannot take the article. 1 and 2
	// do better on ECB+ but merge sibling statements a week apart (the
	// seeds) and blob the real stream; 3 keeps the hand rule's behaviour
	// there and removes some of its false joins (docs/figures/events.md).
	// Merges, corrections and storylines keep the hand rule in all modes.
	LearnedJoin int
	// LinkTop: the link model (LearnedJoin=2) scores an event by the mean
	// likelihood of its LinkTop best links.
	LinkTop int

	// Sizes that bound memory and time per article.
	CentroidTerms  int // content features kept per event
	CentroidNames  int // entity features kept per event
	QueryTerms     int // features of an article looked up in the index
	IndexTerms     int // features of an event posted in the index
	PostingCap     int // events kept per indexed feature (least recently updated evicted)
	MaxCandidates  int // events fully scored per article
	MaxEventTitles int // candidate headlines kept per event

	// Corrections. An event keeps its articles' vectors (exemplars) while it
	// has at most MaxExemplars originals and was updated within the last
	// ExemplarWindow articles; then, at each checkpoint, it may be split or
	// exchange members with its neighbours.
	MaxExemplars   int
	ExemplarWindow int
	// A split needs two groups of at least SplitMinPart originals whose
	// centroids are less similar than SplitMaxSim, each with an anchor name
	// whose share of its articles exceeds the other group's by SplitAnchor.
	SplitMinPart int
	SplitMaxSim  float64
	SplitAnchor  float64
	// SplitMethod chooses how split candidates are found: bit 0 (1) 2-means
	// from the least similar pair, bit 1 (2) the normalised spectral cut.
	// With both, a candidate that passes the test wins (the less similar
	// if both do).
	SplitMethod int
	// MergeVeto (1 = on) keeps apart two events that a split would
	// separate again.
	MergeVeto int
	// Relocation looks at up to RelocateEvents events at least
	// RelocateMinSim similar, and moves an article whose score elsewhere
	// beats its own event's (without it) by RelocateMargin.
	RelocateEvents int
	RelocateMinSim float64
	RelocateMargin float64
	// StraySize: at a checkpoint, a neighbouring event of at most this many
	// originals moves into the growing event when, arriving now, it would
	// join it (score at least the join bar it would face, its best event).
	// Early articles that opened an event alone because their happening's
	// event was still thin are gathered back, and so is a small part that a
	// split cut off wrongly (the split test is met by two halves of one
	// happening as well). 0 turns this off.
	StraySize   int
	StrayMargin float64

	// Near-duplicates: an estimated Jaccard similarity of NearJaccard, or a
	// containment of the shorter text of NearContainment (with Jaccard at
	// least MinContainJaccard, below which MinHash cannot tell), makes a copy.
	NearJaccard       float64
	NearContainment   float64
	MinContainJaccard float64
	MinShingles       int // shorter texts are compared only exactly
	// BoilerplateSeen drops, before anything else, the short lines of a
	// text already seen in that many earlier articles (site furniture that
	// extraction left); 0 turns this off.
	BoilerplateSeen int

	// Storylines: the similarity of an event to a storyline above which it
	// joins it; names count StoryEntityWeight, headline words
	// StoryTitleWeight, all words the rest.
	StoryThreshold    float64
	StoryEntityWeight float64
	// StoryTitleWeight is the weight of headline words: a storyline's
	// headlines keep naming its subject.
	StoryTitleWeight float64
	// StoryMinShared is the least number of distinct names an event and a
	// storyline must share (same key actors).
	StoryMinShared int
	// StoryNearDays: an event within this many days of a storyline's dates
	// may join it on shared places and subjects alone; one further away or
	// undated must share StoryMinActors people or organisations too.
	StoryNearDays  int
	StoryMinActors int
	// StoryBigEvent: when the event and the storyline's largest event both
	// have at least this many originals, one more shared actor is needed
	// across a date gap. 0 turns this off.
	StoryBigEvent int
	// StoryNearThreshold replaces StoryThreshold for an event within
	// StoryNearDays of the storyline: a follow-up days later is told in
	// other words by other sources.
	StoryNearThreshold float64
	// StoryNearNames: an event within StoryNearDays that shares no actor
	// with the storyline and fewer names than this (places and subjects)
	// must reach StoryThreshold, not StoryNearThreshold: two pages a week
	// apart that both name Japan and Kobe tell no common story; a demand
	// six days after another on Syria, Russia and the United States does.
	StoryNearNames int
	// HubShare: a name or actor named by more than this share of the
	// articles seen (once HubMinDocs have been) is a hub, which never
	// counts as shared between an event and a storyline. 0 turns this off.
	HubShare   float64
	HubMinDocs int

	// Retirement (retire.go) bounds the placement state by a time window.
	// An event idle for more than ExemplarWindow articles (so past
	// correction) whose latest date is more than RetireDays before the
	// stream's current day, or, undated, that has been idle for
	// RetireArticles articles, is retired: its articles are forgotten (the
	// store keeps their placements) and it is no longer joined, merged or
	// found as the original of a copy. A retired event of a storyline that
	// still has a live event stays as a summary (stub) that later events
	// link to; so do those of the RetireStories storylines without a live
	// event that were active most recently. 0 RetireDays turns retirement
	// off.
	RetireDays     int
	RetireArticles int
	RetireStories  int
	// RetireFeatures (1 = on): a pass also forgets the document frequency
	// of each feature that no article held and no event, stub or
	// storyline profile holds: otherwise the vocabulary of all time is
	// kept. A forgotten feature seen again counts as new, which moves the
	// idf weights of later articles a little.
	RetireFeatures int
}

// DefaultConfig returns the tuned configuration.
func DefaultConfig() Config {
	return Config{
		TitleBoost:         2,
		LeadBoost:          1.5,
		LeadWords:          50,
		EntityBoost:        1.5,
		PhraseBoost:        1,
		NumberBoost:        5,
		URLBoost:           1,
		TaggedBoost:        1,
		SpeakerBoost:       1,
		PublishedYearBoost: 5,
		NumberNameBoost:    2,

		WContent:            1,
		WEntity:             1.5,
		WTitle:              0.3,
		JoinThreshold:       0.2,
		MergeThreshold:      0.45,
		BridgeThreshold:     0.45,
		SingleJoinThreshold: 0.4,
		DateWindowDays:      3,
		DatePenalty:         0.5,
		DatePenaltyDays:     30,
		RecallYears:         1,
		EventSpanDays:       14,
		SpanRecall:          1,
		SpanRecallSim:       0.4,
		LearnedJoin:         3,
		LinkTop:             3,

		CentroidTerms:  160,
		CentroidNames:  64,
		QueryTerms:     24,
		IndexTerms:     16,
		PostingCap:     64,
		MaxCandidates:  32,
		MaxEventTitles: 8,

		MaxExemplars:   32,
		ExemplarWindow: 20000,
		SplitMinPart:   3,
		SplitMaxSim:    0.5,
		SplitAnchor:    0.7,
		SplitMethod:    3,
		MergeVeto:      1,
		RelocateEvents: 4,
		RelocateMinSim: 0.2,
		RelocateMargin: 0.02,
		StraySize:      3,
		StrayMargin:    0,

		NearJaccard:       0.6,
		NearContainment:   0.6,
		MinContainJaccard: 0.1,
		MinShingles:       8,
		BoilerplateSeen:   3,

		StoryThreshold:     0.2,
		StoryEntityWeight:  0.6,
		StoryTitleWeight:   0,
		StoryMinShared:     2,
		StoryNearDays:      60,
		StoryMinActors:     1,
		StoryBigEvent:      5,
		StoryNearThreshold: 0.15,
		StoryNearNames:     3,
		HubShare:           0.03,
		HubMinDocs:         100,

		// Past DatePenaltyDays an article takes the full date penalty and
		// past EventSpanDays it is barred, so joins this late come only
		// through a recalled date; past StoryNearDays a storyline link
		// needs a shared actor, which the stubs keep.
		RetireDays:     60,
		RetireArticles: 1000000,
		RetireStories:  20000,
		RetireFeatures: 1,
	}
}

// Set sets the field called name from its text form, for command-line
// overrides ("JoinThreshold", "0.3").
func (c *Config) Set(name, value string) error {
	v := reflect.ValueOf(c).Elem()
	f := v.FieldByName(name)
	if !f.IsValid() || !f.CanSet() {
		return fmt.Errorf("cluster config: no field %q", name)
	}
	switch f.Kind() {
	case reflect.Float64:
		x, err := strconv.ParseFloat(value, 64)
		if err != nil {
			return fmt.Errorf("cluster config %s: %w", name, err)
		}
		f.SetFloat(x)
	case reflect.Int:
		x, err := strconv.Atoi(value)
		if err != nil {
			return fmt.Errorf("cluster config %s: %w", name, err)
		}
		f.SetInt(int64(x))
	default:
		return fmt.Errorf("cluster config %s: unsupported kind %s", name, f.Kind())
	}
	return nil
}

// SetList applies "Name=value,Name=value" overrides.
func (c *Config) SetList(s string) error {
	if strings.TrimSpace(s) == "" {
		return nil
	}
	for _, kv := range strings.Split(s, ",") {
		name, val, ok := strings.Cut(strings.TrimSpace(kv), "=")
		if !ok {
			return fmt.Errorf("cluster config: %q is not Name=value", kv)
		}
		if err := c.Set(name, val); err != nil {
			return err
		}
	}
	return nil
}
