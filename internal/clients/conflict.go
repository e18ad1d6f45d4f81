package clients

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// ConflictError says a server-side apply would change fields another field
// manager owns. The provider never forces: the other owner (a person with
// kubectl, a controller, another tool) changed them on purpose.
type ConflictError struct {
	Object   string
	Managers []string // the other field managers, sorted
	Fields   []string // the contested fields, as the API server names them
}

func (e *ConflictError) Error() string {
	return fmt.Sprintf("%s: fields %s are owned by field manager(s) %s, which changed them after this provider did; "+
		"the provider does not take them over by force. Undo that change with the same tool, or run terraform apply -replace=<address> "+
		"to recreate the object as configured, or remove the field manager's entry from metadata.managedFields",
		e.Object, strings.Join(e.Fields, ", "), quoteAll(e.Managers))
}

// conflictFrom reads the managers and fields out of an apply conflict. It
// returns nil when err is no apply conflict.
func conflictFrom(err error, object string) *ConflictError {
	var st apierrors.APIStatus
	if !apierrors.IsConflict(err) || !errors.As(err, &st) || st.Status().Details == nil {
		return nil
	}
	out := &ConflictError{Object: object}
	for _, c := range st.Status().Details.Causes {
		if c.Type != metav1.CauseTypeFieldManagerConflict {
			continue
		}
		out.Fields = append(out.Fields, c.Field)
		// The message is `conflict with "manager"` or
		// `conflict with "manager" using group/version`.
		if _, rest, ok := strings.Cut(c.Message, `conflict with "`); ok {
			if m, _, ok := strings.Cut(rest, `"`); ok && !slices.Contains(out.Managers, m) {
				out.Managers = append(out.Managers, m)
			}
		}
	}
	if len(out.Fields) == 0 {
		return nil
	}
	slices.Sort(out.Managers)
	return out
}

func quoteAll(ss []string) string {
	if len(ss) == 0 {
		return "(unnamed)"
	}
	q := make([]string, len(ss))
	for i, s := range ss {
		q[i] = fmt.Sprintf("%q", s)
	}
	return strings.Join(q, ", ")
}

// OtherManagers lists the field managers of an object other than this
// provider, for messages about fields the provider could not set.
func OtherManagers(obj metav1.Object) []string {
	var out []string
	for _, mf := range obj.GetManagedFields() {
		if mf.Manager != FieldManager && mf.Subresource == "" && !slices.Contains(out, mf.Manager) {
			out = append(out, mf.Manager)
		}
	}
	slices.Sort(out)
	return out
}
