// Copyright (c) The terraform-provider-eg Authors
// SPDX-License-Identifier: MPL-2.0

package resources

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strings"
	"sync"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/egplatform/terraform-provider-eg/internal/translate"
)

// planKeyPrivate is the private-state key under which a resource keeps its
// plan key between the two plans Terraform makes of a replacement.
const planKeyPrivate = "plan_key"

// privateState is what ModifyPlan's request and response offer of the
// resource's private state.
type privateState interface {
	GetKey(ctx context.Context, key string) ([]byte, diag.Diagnostics)
	SetKey(ctx context.Context, key string, value []byte) diag.Diagnostics
}

// planKeys mints the keys of resource instances planned in this process.
type planKeys struct {
	mu    sync.Mutex
	nonce string
	seq   int
}

// planKey returns the key of the resource instance being planned. Terraform
// plans each instance once per provider process, except a replacement: it
// is planned again as a create, with the private state the first plan
// returned. The key is kept there, so that the second plan replaces the
// first instead of looking like a second resource managing the same object.
// Keys hold a nonce of this process: a key stored by an earlier process (in
// the state's private data) never matches.
func (k *planKeys) planKey(ctx context.Context, kind translate.Kind, prior, next privateState) (string, diag.Diagnostics) {
	var diags diag.Diagnostics
	k.mu.Lock()
	if k.nonce == "" {
		b := make([]byte, 6)
		_, _ = rand.Read(b)
		k.nonce = hex.EncodeToString(b)
	}
	prefix := fmt.Sprintf("%s#%s-", kind, k.nonce)
	k.mu.Unlock()

	if prior != nil {
		raw, d := prior.GetKey(ctx, planKeyPrivate)
		diags.Append(d...)
		var key string
		if len(raw) > 0 && json.Unmarshal(raw, &key) == nil && strings.HasPrefix(key, prefix) {
			return key, diags
		}
	}
	k.mu.Lock()
	k.seq++
	key := fmt.Sprintf("%s%d", prefix, k.seq)
	k.mu.Unlock()
	if next != nil {
		raw, _ := json.Marshal(key)
		diags.Append(next.SetKey(ctx, planKeyPrivate, raw)...)
	}
	return key, diags
}
