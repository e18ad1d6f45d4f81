// Copyright (c) The terraform-provider-eg Authors
// SPDX-License-Identifier: MPL-2.0

package reliability

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
)

// pathRanges finds, in a case's HCL, the block an expectation is about
// ("eg_gateway.NAME", "provider.ALIAS"; "" for the first block) and the
// source ranges of an attribute path in it: the top-level attribute's
// (name and value), and the deepest one the literal expressions lead to (a
// list element, an object's attribute). A diagnostic from the CLI itself
// (not the provider) is on the path when it lies inside the first and, for
// a nested path, covers the second.
func pathRanges(src []byte, file, block, path string) (blockRange, top, deepest hcl.Range, err error) {
	f, diags := hclsyntax.ParseConfig(src, file, hcl.InitialPos)
	if diags.HasErrors() {
		return hcl.Range{}, hcl.Range{}, hcl.Range{}, diags
	}
	body, ok := f.Body.(*hclsyntax.Body)
	if !ok {
		return hcl.Range{}, hcl.Range{}, hcl.Range{}, fmt.Errorf("%s: the native syntax parser gave a %T body", file, f.Body)
	}
	var b *hclsyntax.Block
	for _, candidate := range body.Blocks {
		if block == "" || blockAddress(candidate) == block {
			b = candidate
			break
		}
	}
	if b == nil {
		return hcl.Range{}, hcl.Range{}, hcl.Range{}, fmt.Errorf("no block %s in %s", block, file)
	}
	blockRange = b.Range()
	steps := splitPath(path)
	if len(steps) == 0 {
		return blockRange, blockRange, blockRange, nil
	}
	attr, ok := b.Body.Attributes[steps[0]]
	if !ok {
		return blockRange, blockRange, blockRange, nil // a missing attribute: the block is all there is
	}
	top, deepest = attr.SrcRange, attr.SrcRange
	if len(steps) > 1 {
		deepest = descend(attr.Expr, steps[1:])
	}
	return blockRange, top, deepest, nil
}

func blockAddress(b *hclsyntax.Block) string {
	switch {
	case b.Type == "resource" && len(b.Labels) == 2:
		return b.Labels[0] + "." + b.Labels[1]
	case b.Type == "provider":
		if a, ok := b.Body.Attributes["alias"]; ok {
			if v, diags := a.Expr.Value(nil); !diags.HasErrors() && v.Type() == cty.String {
				return "provider." + v.AsString()
			}
		}
		return "provider"
	}
	return b.Type
}

// descend follows path steps through object and tuple constructors as far
// as they go.
func descend(expr hclsyntax.Expression, steps []string) hcl.Range {
	for _, step := range steps {
		next := childExpr(expr, step)
		if next == nil {
			break
		}
		expr = next
	}
	return expr.Range()
}

func childExpr(expr hclsyntax.Expression, step string) hclsyntax.Expression {
	switch e := expr.(type) {
	case *hclsyntax.TupleConsExpr:
		if !strings.HasPrefix(step, "[") || strings.HasPrefix(step, `["`) {
			return nil
		}
		i, err := strconv.Atoi(strings.Trim(step, "[]"))
		if err != nil || i < 0 || i >= len(e.Exprs) {
			return nil
		}
		return e.Exprs[i]
	case *hclsyntax.ObjectConsExpr:
		name := step
		if strings.HasPrefix(step, `["`) {
			name, _ = strconv.Unquote(strings.TrimSuffix(strings.TrimPrefix(step, "["), "]"))
		}
		for _, item := range e.Items {
			key := hcl.ExprAsKeyword(item.KeyExpr)
			if key == "" {
				if v, diags := item.KeyExpr.Value(nil); !diags.HasErrors() && v.Type() == cty.String {
					key = v.AsString()
				}
			}
			if key == name {
				return item.ValueExpr
			}
		}
	}
	return nil
}

// within reports whether inner lies inside outer.
func within(inner, outer hcl.Range) bool {
	return inner.Start.Byte >= outer.Start.Byte && inner.End.Byte <= outer.End.Byte
}

func toHCLRange(r *cliRange) hcl.Range {
	return hcl.Range{Filename: r.Filename,
		Start: hcl.Pos{Line: r.Start.Line, Column: r.Start.Column, Byte: r.Start.Byte},
		End:   hcl.Pos{Line: r.End.Line, Column: r.End.Column, Byte: r.End.Byte}}
}
