//go:build !unix

package text

// cpuSeconds is unknown on this system; benchmarks then skip the metric.
func cpuSeconds() float64 { return 0 }
