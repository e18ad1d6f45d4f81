// Copyright (c) The terraform-provider-eg Authors
// SPDX-License-Identifier: MPL-2.0

package kubetest

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// EnvoyGatewayVersion is the Envoy Gateway release the tests use; its chart
// comes from the module of the same version.
const EnvoyGatewayVersion = "v1.9.1"

// EnvoyGatewayChart prepares an installable copy of Envoy Gateway's chart
// (PrepareChart) in a temporary directory and returns its path.
func EnvoyGatewayChart(t testing.TB) string {
	t.Helper()
	dst, err := PrepareChart(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	return dst
}

// PrepareChart copies Envoy Gateway's chart out of the Go module cache
// (downloading the module from the module proxy when missing) into
// dir/gateway-helm and makes it installable: the module holds only
// values.tmpl.yaml and a placeholder version. It returns the chart's
// directory, absolute. The chart is never committed.
func PrepareChart(dir string) (string, error) {
	dir, err := filepath.Abs(dir)
	if err != nil {
		return "", err
	}
	mod, err := moduleDir("github.com/envoyproxy/gateway", EnvoyGatewayVersion)
	if err != nil {
		return "", err
	}
	src, dst := filepath.Join(mod, "charts", "gateway-helm"), filepath.Join(dir, "gateway-helm")
	if err := os.RemoveAll(dst); err != nil {
		return "", err
	}
	if err := copyTree(src, dst); err != nil {
		return "", fmt.Errorf("copy chart: %w", err)
	}
	values := strings.NewReplacer(
		"${GatewayImage}", "docker.io/envoyproxy/gateway:"+EnvoyGatewayVersion,
		"${GatewayImagePullPolicy}", "IfNotPresent",
	)
	if err := rewrite(filepath.Join(dst, "values.tmpl.yaml"), filepath.Join(dst, "values.yaml"), values); err != nil {
		return "", err
	}
	version := strings.NewReplacer(
		"version: v0.0.0-latest", "version: "+EnvoyGatewayVersion,
		`appVersion: "latest"`, `appVersion: "`+EnvoyGatewayVersion+`"`,
	)
	chartYAML := filepath.Join(dst, "Chart.yaml")
	return dst, rewrite(chartYAML, chartYAML, version)
}

// copyTree copies the files under src to dst, writable: the module cache is
// read-only; the copy is not.
func copyTree(src, dst string) error {
	return filepath.WalkDir(src, func(path string, d fs.DirEntry, err error) error {
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
		return os.WriteFile(target, b, 0o644)
	})
}

// rewrite writes the file from, with r's replacements, to to.
func rewrite(from, to string, r *strings.Replacer) error {
	b, err := os.ReadFile(from)
	if err != nil {
		return err
	}
	return os.WriteFile(to, []byte(r.Replace(string(b))), 0o644)
}
