// Copyright (c) The terraform-provider-eg Authors
// SPDX-License-Identifier: MPL-2.0

// Command terraform-provider-eg serves the eg provider over protocol 6.
package main

import (
	"context"
	"flag"
	"log"
	"os"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"

	"github.com/egplatform/terraform-provider-eg/internal/provider"
)

// version is set by the release build (-ldflags "-X main.version=...").
var version = "dev"

func main() {
	var debug bool
	flag.BoolVar(&debug, "debug", false, "run with support for debuggers like delve")
	flag.Parse()
	if !debug {
		logsOffUnlessAsked(os.Environ(), os.Setenv)
	}

	err := providerserver.Serve(context.Background(), provider.New(version), providerserver.ServeOpts{
		Address: "registry.terraform.io/egplatform/eg",
		Debug:   debug,
	})
	if err != nil {
		log.Fatal(err)
	}
}

// quietLoggers are the variables that set the levels of the plugin SDK's
// loggers (root, protocol, framework) and of the provider's own: the plugin
// SDK names that one after the provider's address, TF_LOG_PROVIDER_EG (the
// CLI's TF_LOG_PROVIDER only filters what it receives).
var quietLoggers = []string{"TF_LOG_SDK", "TF_LOG_SDK_PROTO", "TF_LOG_SDK_FRAMEWORK", "TF_LOG_PROVIDER_EG"}

// logsOffUnlessAsked turns those loggers off when no TF_LOG* variable is
// set. Unset, they default to TRACE and send every line, JSON-encoded, to
// the CLI, which drops them all unless TF_LOG or TF_LOG_PROVIDER asks for
// them (the CLI's environment is the provider's): on a no-change plan of 400
// Gateways writing them cost a quarter of the provider's CPU time.
func logsOffUnlessAsked(environ []string, setenv func(name, value string) error) {
	for _, kv := range environ {
		if strings.HasPrefix(kv, "TF_LOG") {
			return
		}
	}
	for _, name := range quietLoggers {
		_ = setenv(name, "OFF")
	}
}
