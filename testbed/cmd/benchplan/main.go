// Copyright (c) The terraform-provider-eg Authors
// SPDX-License-Identifier: MPL-2.0

// Command benchplan times plans and applies of generated eg configurations
// against the same configurations written with terraform_data (the CLI's own
// floor) and served by a provider of the same schema that does nothing (the
// plugin floor, echo.go), on one cluster, and prints tables: per N merged
// Gateways the times of plan from empty, apply and a no-change plan, eg over
// each floor, the growth per 4× N, the provider's API requests (counted by a loopback
// proxy), its peak RSS (from wait4, through a wrapper the CLI starts in its
// place), and the state size per Gateway. `make bench-plan` runs it on the
// test bed (testbed/bench-plan.sh); the configurations and logs stay under
// -dir.
//
//	benchplan -cli TOFU -provider BIN -chart DIR -kubeconfig FILE [-n 100,400,1600] [-first] [-test-bed]
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"k8s.io/client-go/tools/clientcmd"
)

type options struct {
	cli, provider, chart, kubeconfig, dir, out string
	ns                                         []int
	repeat                                     int
	first, testBed                             bool
	timeout                                    time.Duration
}

func main() {
	if os.Getenv(envServeEcho) != "" {
		if err := serveEcho(); err != nil {
			fmt.Fprintf(os.Stderr, "benchplan echo provider: %v\n", err)
			os.Exit(1)
		}
		return
	}
	if realProvider := os.Getenv(envRealProvider); realProvider != "" {
		runAsProviderWrapper(realProvider) // started by the CLI in the provider's place
		return
	}
	o, err := parseFlags()
	if err == nil {
		err = run(o)
	}
	if err != nil {
		fmt.Fprintf(os.Stderr, "benchplan: %v\n", err)
		os.Exit(1)
	}
}

func parseFlags() (options, error) {
	var o options
	var ns string
	flag.StringVar(&o.cli, "cli", "", "the Terraform-compatible CLI (the test bed's OpenTofu)")
	flag.StringVar(&o.provider, "provider", "", "the provider binary to measure")
	flag.StringVar(&o.chart, "chart", "", "Envoy Gateway's chart (a local directory)")
	flag.StringVar(&o.kubeconfig, "kubeconfig", os.Getenv("KUBECONFIG"), "the cluster to measure against")
	flag.StringVar(&o.dir, "dir", ".testbed/bench", "working directory: configurations, state, logs, results")
	flag.StringVar(&o.out, "out", "", "also write the table (Markdown) to this file; the JSON goes beside it")
	flag.StringVar(&ns, "n", "100,400,1600", "the numbers of merged Gateways, comma-separated")
	flag.BoolVar(&o.first, "first", true, "also measure the first configuration (2 tenants, 3 classes, 5 Gateways, 1 merged proxy), first")
	flag.BoolVar(&o.testBed, "test-bed", true, "the cluster runs no pods: tenants install without hooks and without waiting")
	flag.IntVar(&o.repeat, "repeat", 1, "measure each configuration this many times and keep each command's fastest run")
	flag.DurationVar(&o.timeout, "timeout", 30*time.Minute, "stop one CLI command after this long")
	flag.Parse()
	for _, s := range strings.Split(ns, ",") {
		if s = strings.TrimSpace(s); s == "" {
			continue
		}
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 {
			return o, fmt.Errorf("-n: %q is not a positive number", s)
		}
		o.ns = append(o.ns, n)
	}
	for name, v := range map[string]string{"-cli": o.cli, "-provider": o.provider, "-chart": o.chart, "-kubeconfig": o.kubeconfig} {
		if v == "" {
			return o, fmt.Errorf("%s is required", name)
		}
	}
	if o.repeat < 1 {
		return o, fmt.Errorf("-repeat: %d is not a positive number", o.repeat)
	}
	if len(o.ns) == 0 && !o.first {
		return o, fmt.Errorf("nothing to measure: -n is empty and -first=false")
	}
	if o.out == "" {
		o.out = filepath.Join(o.dir, "results.md")
	}
	return o, nil
}

func run(o options) error {
	restCfg, err := clientcmd.BuildConfigFromFlags("", o.kubeconfig)
	if err != nil {
		return fmt.Errorf("kubeconfig %s: %w", o.kubeconfig, err)
	}
	proxy, err := startCountingProxy(restCfg)
	if err != nil {
		return err
	}
	defer proxy.Close()
	if err := os.MkdirAll(o.dir, 0o755); err != nil {
		return err
	}
	dir, _ := filepath.Abs(o.dir)
	cliConfig := filepath.Join(dir, "cli.tfrc")
	if err := writeCLIConfig(cliConfig, filepath.Join(dir, "wrap")); err != nil {
		return fmt.Errorf("the provider wrapper: %w", err)
	}
	t := tofu{bin: o.cli, cliConfig: cliConfig, realProvider: o.provider, proxy: proxy, timeout: o.timeout}
	conn := connection{Host: proxy.URL, CAPEM: proxy.CAPEM, Chart: o.chart, TestBed: o.testBed}
	load := sampleLoad(5 * time.Second)
	res := results{Machine: describeMachine(o.cli, cliConfig), Repeat: o.repeat, Started: time.Now().UTC().Format(time.RFC3339)}
	start := time.Now()
	if o.first {
		res.First = measureRepeated(t, dir, firstConfig(), conn, o.repeat)
	}
	for _, n := range o.ns {
		res.Merged = append(res.Merged, measureRepeated(t, dir, mergedConfig(n), conn, o.repeat))
	}
	res.TotalSeconds = time.Since(start).Seconds()
	res.Machine.Load = load.stop()
	table := res.markdown()
	fmt.Print(table)
	return writeResults(o.out, table, res)
}

// measureRepeated measures a configuration `repeat` times and keeps, for
// each command, its fastest run: on a shared machine the minimum is the
// figure least disturbed by other work.
func measureRepeated(t tofu, dir string, cfg benchConfig, conn connection, repeat int) *configResult {
	best := measureConfig(t, dir, cfg, conn)
	best.FirstRunApply = best.EG[applyAll.Name]
	for i := 1; i < repeat && best.Failure == ""; i++ {
		next := measureConfig(t, dir, cfg, conn)
		best.Failure = next.Failure
		keepFastest(best.EG, next.EG)
		keepFastest(best.Floor, next.Floor)
		keepFastest(best.Echo, next.Echo)
	}
	return best
}

// keepFastest replaces each of best's measurements by next's when next's
// is faster, or failed (a failure must show).
func keepFastest(best, next map[string]*measurement) {
	for name, m := range next {
		b := best[name]
		if b == nil || m.Failure != "" || (b.Failure == "" && m.Seconds < b.Seconds) {
			best[name] = m
		}
	}
}

// measureConfig runs plan from empty, apply and a no-change plan for the eg
// configuration and its floor, then destroys what eg created, so that the
// next configuration starts from the same cluster.
func measureConfig(t tofu, dir string, cfg benchConfig, conn connection) *configResult {
	res := &configResult{Name: cfg.Name, Gateways: len(cfg.Gateways), EG: map[string]*measurement{}, Floor: map[string]*measurement{},
		Echo: map[string]*measurement{}}
	egDir, floorDir, echoDir := filepath.Join(dir, cfg.Name, "eg"), filepath.Join(dir, cfg.Name, "floor"), filepath.Join(dir, cfg.Name, "echo")
	for d, hcl := range map[string]string{egDir: cfg.egHCL(conn), floorDir: cfg.floorHCL(), echoDir: cfg.egHCL(conn)} {
		if err := writeConfig(d, hcl); err != nil {
			res.Failure = err.Error()
			return res
		}
	}
	progress("%s: %d resources", cfg.Name, len(cfg.Tenants)+len(cfg.Proxies)+len(cfg.Classes)+len(cfg.Gateways))
	for _, c := range []command{planFromEmpty, applyAll, noChangePlan} {
		res.EG[c.Name] = t.run(egDir, c)
		progress("%s: eg %s %.1f s %s", cfg.Name, c.Name, res.EG[c.Name].Seconds, res.EG[c.Name].Failure)
		if res.EG[c.Name].Failure != "" && c.Name != noChangePlan.Name {
			break // nothing after a failed plan or apply means anything
		}
	}
	for _, c := range []command{planFromEmpty, applyAll, noChangePlan} {
		res.Floor[c.Name] = t.run(floorDir, c)
		progress("%s: floor %s %.1f s %s", cfg.Name, c.Name, res.Floor[c.Name].Seconds, res.Floor[c.Name].Failure)
	}
	echo := t
	echo.realProvider = echoProviderName
	for _, c := range []command{planFromEmpty, applyAll, noChangePlan} {
		res.Echo[c.Name] = echo.run(echoDir, c)
		progress("%s: plugin floor %s %.1f s %s", cfg.Name, c.Name, res.Echo[c.Name].Seconds, res.Echo[c.Name].Failure)
	}
	res.StateBytes = fileSize(filepath.Join(egDir, "terraform.tfstate"))
	res.FloorStateBytes = fileSize(filepath.Join(floorDir, "terraform.tfstate"))
	res.EG[destroyAll.Name] = t.run(egDir, destroyAll)
	progress("%s: eg destroy %.1f s %s", cfg.Name, res.EG[destroyAll.Name].Seconds, res.EG[destroyAll.Name].Failure)
	return res
}

// writeConfig starts a configuration directory afresh: no state or plan of
// an earlier run may leak into this one.
func writeConfig(dir, hcl string) error {
	if err := os.RemoveAll(dir); err != nil {
		return err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, "main.tf"), []byte(hcl), 0o644)
}

func writeResults(mdFile, table string, res results) error {
	if err := os.MkdirAll(filepath.Dir(mdFile), 0o755); err != nil {
		return err
	}
	if err := os.WriteFile(mdFile, []byte(table), 0o644); err != nil {
		return err
	}
	raw, err := json.MarshalIndent(res, "", "  ")
	if err != nil {
		return err
	}
	jsonFile := strings.TrimSuffix(mdFile, filepath.Ext(mdFile)) + ".json"
	fmt.Fprintf(os.Stderr, "benchplan: wrote %s and %s\n", mdFile, jsonFile)
	return os.WriteFile(jsonFile, raw, 0o644)
}

func fileSize(path string) int64 {
	st, err := os.Stat(path)
	if err != nil {
		return 0
	}
	return st.Size()
}

func progress(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "benchplan: "+format+"\n", args...)
}
