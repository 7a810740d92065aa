//go:build !unix

package ner

// cpuSeconds is unknown on this system; benchmarks then skip the metric.
func cpuSeconds() float64 { return 0 }
