// Copyright (c) The terraform-provider-eg Authors
// SPDX-License-Identifier: MPL-2.0

package clients

import (
	"errors"
	"os"
)

// processAlive reports whether a process of this machine exists. Windows
// has no signal 0: opening the process answers instead, and a process we
// may not open exists all the same.
func processAlive(pid int) bool {
	if pid <= 0 {
		return false
	}
	p, err := os.FindProcess(pid)
	if err != nil {
		return errors.Is(err, os.ErrPermission)
	}
	_ = p.Release()
	return true
}
