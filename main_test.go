// Copyright (c) The terraform-provider-eg Authors
// SPDX-License-Identifier: MPL-2.0

package main

import (
	"maps"
	"slices"
	"testing"
)

func TestLogsOffUnlessAsked(t *testing.T) {
	for name, tc := range map[string]struct {
		environ []string
		wantOff bool
	}{
		"nothing asked":               {environ: []string{"HOME=/root", "TF_CLI_CONFIG_FILE=x", "MY_TF_LOG=1"}, wantOff: true},
		"TF_LOG":                      {environ: []string{"TF_LOG=DEBUG"}},
		"TF_LOG_PROVIDER":             {environ: []string{"TF_LOG_PROVIDER=TRACE"}},
		"TF_LOG_PATH alone":           {environ: []string{"TF_LOG_PATH=/tmp/tf.log"}},
		"TF_LOG_SDK_FRAMEWORK, empty": {environ: []string{"TF_LOG_SDK_FRAMEWORK="}},
		"TF_LOG_CORE":                 {environ: []string{"TF_LOG_CORE=WARN"}},
	} {
		t.Run(name, func(t *testing.T) {
			set := map[string]string{}
			logsOffUnlessAsked(tc.environ, func(k, v string) error { set[k] = v; return nil })
			if !tc.wantOff {
				if len(set) != 0 {
					t.Fatalf("a TF_LOG variable is set, yet the loggers were changed: %v", set)
				}
				return
			}
			if got := slices.Sorted(maps.Keys(set)); !slices.Equal(got, slices.Sorted(slices.Values(quietLoggers))) {
				t.Fatalf("set %v, want each of %v", got, quietLoggers)
			}
			for k, v := range set {
				if v != "OFF" {
					t.Errorf("%s = %q, want OFF", k, v)
				}
			}
		})
	}
}
