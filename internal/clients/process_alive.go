// Copyright (c) The terraform-provider-eg Authors
// SPDX-License-Identifier: MPL-2.0

//go:build !windows

package clients

import (
	"errors"
	"syscall"
)

// processAlive reports whether a process of this machine exists (a zombie
// counts as alive: its parent has not reaped it).
func processAlive(pid int) bool {
	if pid <= 0 {
		return false
	}
	err := syscall.Kill(pid, 0)
	return err == nil || errors.Is(err, syscall.EPERM)
}
