// Copyright (c) The terraform-provider-eg Authors
// SPDX-License-Identifier: MPL-2.0

package main

import (
	"os"
	"os/exec"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"time"
)

// machine is what the figures depend on besides the code measured.
type machine struct {
	CPUs     int       `json:"cpus"`
	CPUModel string    `json:"cpu_model"`
	MemGiB   float64   `json:"mem_gib"`
	Kernel   string    `json:"kernel"`
	CLI      string    `json:"cli"`
	Load     loadStats `json:"load_1m"`
}

// loadStats summarises the 1-minute load average sampled during the run:
// other work on a shared machine shows here.
type loadStats struct {
	Min, Mean, Max float64
	Samples        int
}

func describeMachine(cli, cliConfig string) machine {
	m := machine{CPUs: runtime.NumCPU(), CPUModel: procField("/proc/cpuinfo", "model name")}
	if kib, err := strconv.ParseFloat(strings.Fields(procField("/proc/meminfo", "MemTotal") + " 0")[0], 64); err == nil {
		m.MemGiB = kib / (1 << 20)
	}
	if raw, err := os.ReadFile("/proc/sys/kernel/osrelease"); err == nil {
		m.Kernel = strings.TrimSpace(string(raw))
	}
	version := exec.Command(cli, "version")
	version.Env = append(cliEnv(), "TF_CLI_CONFIG_FILE="+cliConfig)
	if out, err := version.Output(); err == nil {
		m.CLI = strings.SplitN(strings.TrimSpace(string(out)), "\n", 2)[0]
	}
	return m
}

// procField is the value of the first "name: value" line of a /proc file.
func procField(file, name string) string {
	raw, err := os.ReadFile(file)
	if err != nil {
		return ""
	}
	for _, line := range strings.Split(string(raw), "\n") {
		k, v, ok := strings.Cut(line, ":")
		if ok && strings.TrimSpace(k) == name {
			return strings.TrimSpace(v)
		}
	}
	return ""
}

type loadSampler struct {
	done  chan struct{}
	mu    sync.Mutex
	stats loadStats
	sum   float64
}

// sampleLoad reads /proc/loadavg now and every interval until stop.
func sampleLoad(interval time.Duration) *loadSampler {
	s := &loadSampler{done: make(chan struct{})}
	s.sample()
	go func() {
		tick := time.NewTicker(interval)
		defer tick.Stop()
		for {
			select {
			case <-s.done:
				return
			case <-tick.C:
				s.sample()
			}
		}
	}()
	return s
}

func (s *loadSampler) sample() {
	raw, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return
	}
	v, err := strconv.ParseFloat(strings.Fields(string(raw))[0], 64)
	if err != nil {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.stats.Samples == 0 || v < s.stats.Min {
		s.stats.Min = v
	}
	s.stats.Max = max(s.stats.Max, v)
	s.sum += v
	s.stats.Samples++
	s.stats.Mean = s.sum / float64(s.stats.Samples)
}

func (s *loadSampler) stop() loadStats {
	s.sample()
	close(s.done)
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.stats
}
