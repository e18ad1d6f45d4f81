// Copyright (c) The terraform-provider-eg Authors
// SPDX-License-Identifier: MPL-2.0

package clients

import (
	"context"
	"errors"
	"testing"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime/schema"
	gwapiv1 "sigs.k8s.io/gateway-api/apis/v1"
)

// The create protocol's error paths, with the API server's answers made up:
// a failed read is never "absent", and a lost answer is checked by a read.
func TestCreateNew(t *testing.T) {
	gr := schema.GroupResource{Group: "gateway.networking.k8s.io", Resource: "gateways"}
	notFound := apierrors.NewNotFound(gr, "eg")
	lost := apierrors.NewServerTimeout(gr, "apply", 0)
	ours := &gwapiv1.Gateway{ObjectMeta: metav1.ObjectMeta{Name: "eg", Labels: managedLabels(),
		ManagedFields: []metav1.ManagedFieldsEntry{{Manager: FieldManager, Operation: metav1.ManagedFieldsOperationApply}}}}
	now := metav1.Now()
	oursRecent := &gwapiv1.Gateway{ObjectMeta: metav1.ObjectMeta{Name: "eg", Labels: managedLabels(),
		ManagedFields: []metav1.ManagedFieldsEntry{{Manager: FieldManager, Operation: metav1.ManagedFieldsOperationApply, Time: &now}}}}
	streamReset := errors.New("http2: stream error: stream ID 3; INTERNAL_ERROR; received from peer")
	theirs := &gwapiv1.Gateway{ObjectMeta: metav1.ObjectMeta{Name: "eg",
		ManagedFields: []metav1.ManagedFieldsEntry{{Manager: "kubectl", Operation: metav1.ManagedFieldsOperationApply}}}}
	type answer struct {
		obj *gwapiv1.Gateway
		err error
	}
	cases := []struct {
		name      string
		gets      []answer
		apply     answer
		wantApply bool
		wantErr   func(error) bool
	}{
		{"absent: created", []answer{{nil, notFound}}, answer{ours, nil}, true, func(err error) bool { return err == nil }},
		{"exists: import instead", []answer{{theirs, nil}}, answer{}, false, func(err error) bool {
			var e *ExistsError
			return errors.As(err, &e)
		}},
		{"the read fails: no write", []answer{{nil, apierrors.NewForbidden(gr, "eg", errors.New("rbac"))}}, answer{}, false,
			func(err error) bool { return apierrors.IsForbidden(err) }},
		{"answer lost, the write went through: adopted", []answer{{nil, notFound}, {ours, nil}}, answer{nil, lost}, true,
			func(err error) bool { return err == nil }},
		{"answer lost, someone else's object: error", []answer{{nil, notFound}, {theirs, nil}}, answer{nil, lost}, true,
			func(err error) bool { return apierrors.IsServerTimeout(err) }},
		{"answer lost to a reset stream, the write went through: adopted", []answer{{nil, notFound}, {ours, nil}}, answer{nil, streamReset}, true,
			func(err error) bool { return err == nil }},
		{"ours, applied long ago (another configuration's, maybe): import instead", []answer{{ours, nil}}, answer{}, false, func(err error) bool {
			var e *ExistsError
			return errors.As(err, &e)
		}},
		{"ours, applied moments ago (the retry of a lost answer): adopted", []answer{{oursRecent, nil}}, answer{oursRecent, nil}, true,
			func(err error) bool { return err == nil }},
		{"refused: error, no second read", []answer{{nil, notFound}}, answer{nil, apierrors.NewBadRequest("bad")}, true,
			func(err error) bool { return apierrors.IsBadRequest(err) }},
	}
	for _, c := range cases {
		gets, applied := 0, false
		get := func(context.Context) (*gwapiv1.Gateway, error) {
			if gets >= len(c.gets) {
				t.Fatalf("%s: read %d times, %d expected", c.name, gets+1, len(c.gets))
			}
			a := c.gets[gets]
			gets++
			return a.obj, a.err
		}
		apply := func(context.Context) (*gwapiv1.Gateway, error) { applied = true; return c.apply.obj, c.apply.err }
		_, err := createNew(context.Background(), "Gateway ns/eg", "ns/eg", get, apply)
		if !c.wantErr(err) || applied != c.wantApply || gets != len(c.gets) {
			t.Errorf("%s: err %v, applied %v after %d reads", c.name, err, applied, gets)
		}
	}
}
