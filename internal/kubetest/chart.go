// Copyright (c) The terraform-provider-eg Authors
// SPDX-License-Identifier: MPL-2.0

package kubetest

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// EnvoyGatewayVersion is the Envoy Gateway release the tests use; its chart
// comes from the module of the same version.
const EnvoyGatewayVersion = "v1.9.1"

// EnvoyGatewayChart copies Envoy Gateway's chart out of the module cache into
// a temporary directory and makes it installable: the module holds only
// values.tmpl.yaml and a placeholder version. The chart is never committed.
func EnvoyGatewayChart(t testing.TB) string {
	t.Helper()
	src := filepath.Join(ModuleDir(t, "github.com/envoyproxy/gateway", EnvoyGatewayVersion), "charts", "gateway-helm")
	dst := filepath.Join(t.TempDir(), "gateway-helm")
	err := filepath.WalkDir(src, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, path)
		target := filepath.Join(dst, rel)
		if d.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		return os.WriteFile(target, b, 0o644) // the module cache is read-only; the copy is not
	})
	if err != nil {
		t.Fatalf("copy chart: %v", err)
	}
	tmpl, err := os.ReadFile(filepath.Join(dst, "values.tmpl.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	values := strings.NewReplacer(
		"${GatewayImage}", "docker.io/envoyproxy/gateway:"+EnvoyGatewayVersion,
		"${GatewayImagePullPolicy}", "IfNotPresent",
	).Replace(string(tmpl))
	if err := os.WriteFile(filepath.Join(dst, "values.yaml"), []byte(values), 0o644); err != nil {
		t.Fatal(err)
	}
	chartYAML, err := os.ReadFile(filepath.Join(dst, "Chart.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	fixed := strings.NewReplacer(
		"version: v0.0.0-latest", "version: "+EnvoyGatewayVersion,
		`appVersion: "latest"`, `appVersion: "`+EnvoyGatewayVersion+`"`,
	).Replace(string(chartYAML))
	if err := os.WriteFile(filepath.Join(dst, "Chart.yaml"), []byte(fixed), 0o644); err != nil {
		t.Fatal(err)
	}
	return dst
}
