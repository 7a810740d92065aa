//go:build unix

package text

import "syscall"

// cpuSeconds returns the CPU time used by this process so far, so that
// benchmarks can report throughput per CPU-second, which stays meaningful
// on a machine shared with other work.
func cpuSeconds() float64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return float64(ru.Utime.Sec+ru.Stime.Sec) + float64(ru.Utime.Usec+ru.Stime.Usec)/1e6
}
