// Copyright (c) The terraform-provider-eg Authors
// SPDX-License-Identifier: MPL-2.0

package resources

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"helm.sh/helm/v3/pkg/chart"
	"helm.sh/helm/v3/pkg/release"

	"github.com/egplatform/terraform-provider-eg/internal/clients"
	"github.com/egplatform/terraform-provider-eg/internal/translate"
)

// Labels on the Helm release record that keep what the chart's values do not
// say, so that import restores every attribute.
const (
	labelCreateNamespace = "eg.egplatform.io/create-namespace"
	labelDisableHooks    = "eg.egplatform.io/disable-hooks"
	labelWait            = "eg.egplatform.io/wait"
	labelMaxHistory      = "eg.egplatform.io/max-history"
)

// statusNotInstalled is the status of a tenant whose create failed before
// Helm wrote a release.
const statusNotInstalled = "not installed"

// envoyGatewayDeployment is the controller Deployment the chart creates.
const envoyGatewayDeployment = "envoy-gateway"

var (
	_ resource.Resource                   = (*tenantResource)(nil)
	_ resource.ResourceWithConfigure      = (*tenantResource)(nil)
	_ resource.ResourceWithModifyPlan     = (*tenantResource)(nil)
	_ resource.ResourceWithImportState    = (*tenantResource)(nil)
	_ resource.ResourceWithValidateConfig = (*tenantResource)(nil)
)

// NewTenantResource returns the eg_tenant resource.
func NewTenantResource() resource.Resource { return &tenantResource{} }

type tenantResource struct {
	data *ProviderData
}

func (r *tenantResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_tenant"
}

func (r *tenantResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = tenantSchema(ctx)
}

func (r *tenantResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	data, diags := dataFrom(req.ProviderData)
	resp.Diagnostics.Append(diags...)
	r.data = data
}

func (r *tenantResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	password := configuredPassword(ctx, req.Config, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	writePlanned(ctx, req.Plan, &resp.State, &resp.Diagnostics,
		func(ctx context.Context, m *tenantModel) (time.Duration, diag.Diagnostics) {
			return m.Timeouts.Create(ctx, 10*time.Minute)
		},
		func(ctx context.Context, m tenantModel) (*tenantModel, diag.Diagnostics) {
			state, diags := r.apply(ctx, m, password, true, resp.Private)
			return state, redactDiagnostics(diags, sensitiveStrings(m.SensitiveValues))
		})
}

func (r *tenantResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	password := configuredPassword(ctx, req.Config, &resp.Diagnostics)
	var prior tenantModel
	resp.Diagnostics.Append(req.State.Get(ctx, &prior)...)
	if resp.Diagnostics.HasError() {
		return
	}
	writePlanned(ctx, req.Plan, &resp.State, &resp.Diagnostics,
		func(ctx context.Context, m *tenantModel) (time.Duration, diag.Diagnostics) {
			return m.Timeouts.Update(ctx, 10*time.Minute)
		},
		func(ctx context.Context, m tenantModel) (*tenantModel, diag.Diagnostics) {
			if !changed(&prior, &m) {
				// Only what Terraform keeps changes (values written to the
				// state after an import, timeouts): the release stays, and
				// so does the revision the plan promised.
				return &m, nil
			}
			state, diags := r.apply(ctx, m, password, false, resp.Private)
			return state, redactDiagnostics(diags, sensitiveStrings(m.SensitiveValues))
		})
}

// apply installs or upgrades the release the plan describes and returns the
// new state. It returns a state even when waiting failed after the release
// changed, so that Terraform records what exists (tainted on create). The
// chart's defaults go to the private state, for the next plan's hash.
func (r *tenantResource) apply(ctx context.Context, plan tenantModel, password types.String, creating bool,
	private privateState) (*tenantModel, diag.Diagnostics) {
	var diags diag.Diagnostics
	// Helm bounds its own waits by a duration: what is left of the apply's.
	timeout := 10 * time.Minute
	if deadline, ok := ctx.Deadline(); ok {
		timeout = time.Until(deadline)
	}
	in, d := plan.toTenant()
	diags.Append(d...)
	if diags.HasError() {
		return nil, diags
	}
	rendered, err := translate.RenderTenant(in)
	if err != nil {
		diags.AddError("Cannot render the tenant's chart values", err.Error())
		return nil, diags
	}
	ns := plan.Namespace.ValueString()

	failed := func() *tenantModel {
		if creating {
			return r.failedCreate(plan)
		}
		return nil
	}
	// Namespaces first: the chart puts a Role in every watched namespace.
	if diags.Append(ensureTenantNamespaces(ctx, r.data.Kube, plan, in)...); diags.HasError() {
		return failed(), diags
	}
	exists, d := recoverRelease(ctx, r.data.Helm, rendered.Name, ns, plan.importID(), timeout, creating)
	if diags.Append(d...); diags.HasError() {
		return failed(), diags
	}
	rel, d := r.runRelease(ctx, plan, password, rendered, timeout, exists)
	if diags.Append(d...); diags.HasError() {
		return failed(), diags
	}

	state := plan
	diags.Append(state.fromRelease(rel)...)
	diags.Append(keepChartDefaults(ctx, private, rel)...)
	if plan.Wait.ValueBool() {
		if err := r.data.Kube.WaitDeploymentAvailable(ctx, ns, envoyGatewayDeployment); err != nil {
			diags.AddError("Envoy Gateway did not become available", err.Error()+". On a cluster that cannot run pods, set wait = false.")
		}
	}
	return &state, diags
}

// failedCreate is the state of a create that failed after it may have
// written: namespaces it created, a release Helm left failed. Terraform
// keeps it tainted, so that the next apply replaces it and a destroy
// removes what the create left, instead of both staying behind with
// nothing in the state.
func (r *tenantResource) failedCreate(plan tenantModel) *tenantModel {
	state := plan
	state.ID = types.StringValue(plan.Namespace.ValueString() + "/" + plan.Name.ValueString())
	if rel, err := r.data.Helm.Latest(plan.release(), plan.Namespace.ValueString()); err == nil && !state.fromRelease(rel).HasError() {
		return &state
	}
	state.Revision, state.Status = types.Int64Value(0), types.StringValue(statusNotInstalled)
	state.AppVersion, state.ValuesSHA256 = types.StringValue(""), types.StringValue("")
	return &state
}

func (r *tenantResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state tenantModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	name, ns := state.Name.ValueString(), state.Namespace.ValueString()
	done := logStep(ctx, "reading tenant", map[string]any{"id": ns + "/" + name})
	defer func() { done(resp.Diagnostics) }()
	importing := state.ValuesSHA256.IsNull()
	rel, err := r.latestRelease(state, importing)
	if errors.Is(err, clients.ErrReleaseNotFound) && state.Status.ValueString() == statusNotInstalled {
		// A create that failed before Helm wrote a release (see
		// failedCreate): nothing was removed outside Terraform. The state
		// stays, tainted, so that the replace or destroy removes the
		// namespaces that create made.
		return
	}
	if errors.Is(err, clients.ErrReleaseNotFound) {
		resp.Diagnostics.AddWarning("Tenant removed outside Terraform",
			fmt.Sprintf("Helm release %s/%s no longer exists; it will be installed again.", ns, state.release()))
		resp.State.RemoveResource(ctx)
		return
	}
	if err != nil {
		resp.Diagnostics.Append(clientError(err, "reading Helm release "+ns+"/"+state.release()))
		return
	}
	r.data.Plan.MarkManaged(objectID{translate.KindTenant, ns, rel.Name})
	resp.Diagnostics.Append(state.fromRelease(rel)...)
	resp.Diagnostics.Append(state.typedFromRelease(ctx, rel, importing)...)
	resp.Diagnostics.Append(keepChartDefaults(ctx, resp.Private, rel)...)
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}

// latestRelease reads the tenant's release. On import, with no
// release_name yet, a release named as the tenant itself is taken when
// there is no eg-<name>: the one `helm install <name>` made, adopted.
func (r *tenantResource) latestRelease(state tenantModel, importing bool) (*release.Release, error) {
	ns := state.Namespace.ValueString()
	rel, err := r.data.Helm.Latest(state.release(), ns)
	if importing && state.ReleaseName.IsNull() && errors.Is(err, clients.ErrReleaseNotFound) {
		return r.data.Helm.Latest(state.Name.ValueString(), ns)
	}
	return rel, err
}

func (r *tenantResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state tenantModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	timeout, diags := state.Timeouts.Delete(ctx, 5*time.Minute)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	name, ns := state.Name.ValueString(), state.Namespace.ValueString()
	done := logStep(ctx, "deleting tenant", map[string]any{"id": ns + "/" + name})
	defer func() { done(resp.Diagnostics) }()
	relName := state.release()
	if err := r.data.Helm.Uninstall(ctx, relName, ns, state.DisableHooks.ValueBool(), timeout); err != nil {
		resp.Diagnostics.Append(clientError(err, "uninstalling Helm release "+ns+"/"+relName))
		return
	}
	resp.Diagnostics.Append(deleteCreatedNamespaces(ctx, r.data.Kube, ns, name, relName)...)
}

// ImportState takes "<namespace>/<name>" or "<namespace>/<name>/<release>".
// Without a release, the release is eg-<name>, or else one named <name>.
func (r *tenantResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	parts := strings.Split(req.ID, "/")
	if len(parts) < 2 || len(parts) > 3 || slices.Contains(parts, "") {
		resp.Diagnostics.AddError("Invalid import ID",
			fmt.Sprintf("Expected <namespace>/<tenant name>, e.g. marketing/marketing for release eg-marketing, "+
				"or <namespace>/<tenant name>/<release name> to adopt a release installed under another name; got %q.", req.ID))
		return
	}
	ns, name := parts[0], parts[1]
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), ns+"/"+name)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("name"), name)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("namespace"), ns)...)
	if len(parts) == 3 {
		resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("release_name"), parts[2])...)
	}
}

// runRelease loads the chart and installs the rendered release, or
// upgrades it when it exists.
func (r *tenantResource) runRelease(ctx context.Context, plan tenantModel, password types.String, rendered *translate.TenantRelease,
	timeout time.Duration, exists bool) (*release.Release, diag.Diagnostics) {
	var diags diag.Diagnostics
	src, d := plan.chartSource(ctx, r.data.Chart, password)
	if diags.Append(d...); diags.HasError() {
		return nil, diags
	}
	ch, err := r.data.Helm.LoadChart(src)
	if err != nil {
		diags.AddAttributeError(path.Root("chart"), "Cannot load the Envoy Gateway chart", err.Error())
		return nil, diags
	}
	spec := plan.releaseSpec(rendered, ch, timeout)
	var rel *release.Release
	what, op := "installing", "install"
	if exists {
		what, op = "upgrading", "upgrade"
		rel, err = r.data.Helm.Upgrade(ctx, spec)
	} else {
		rel, err = r.data.Helm.Install(ctx, spec)
	}
	if err != nil {
		summary, detail := explain(err, fmt.Sprintf("%s Helm release %s/%s", what, spec.Namespace, spec.Name))
		if summary == genericFailure {
			summary = "Helm " + op + " failed"
		}
		diags.AddError(summary, detail)
	}
	return rel, diags
}

// releaseSpec is the release a plan installs, with the settings the chart's
// values do not record kept in the release's labels for import.
func (m tenantModel) releaseSpec(rendered *translate.TenantRelease, ch *chart.Chart, timeout time.Duration) clients.ReleaseSpec {
	return clients.ReleaseSpec{
		Name: rendered.Name, Namespace: rendered.Namespace, Chart: ch, Values: rendered.Values,
		DisableHooks: m.DisableHooks.ValueBool(), Timeout: timeout, MaxHistory: int(m.MaxHistory.ValueInt64()),
		Labels: map[string]string{
			labelCreateNamespace: fmt.Sprint(m.CreateNamespace.ValueBool()),
			labelDisableHooks:    fmt.Sprint(m.DisableHooks.ValueBool()),
			labelWait:            fmt.Sprint(m.Wait.ValueBool()),
			labelMaxHistory:      fmt.Sprint(m.MaxHistory.ValueInt64()),
		},
	}
}

// watchedNamespaces lists the namespaces of a namespaces watch.
func watchedNamespaces(t translate.Tenant) []string {
	w, ok := t.Watch.Get()
	if !ok {
		return nil
	}
	nss, _ := w.Namespaces.Get()
	return nss
}

// configuredPassword reads chart.password_wo: it is write-only, so only the
// configuration has it, never the plan or the state.
func configuredPassword(ctx context.Context, config tfsdk.Config, diags *diag.Diagnostics) types.String {
	var password types.String
	diags.Append(config.GetAttribute(ctx, path.Root("chart").AtName("password_wo"), &password)...)
	return password
}

// ensureTenantNamespaces creates the tenant's namespace (or checks that it
// exists) and its watched namespaces.
func ensureTenantNamespaces(ctx context.Context, c *clients.Kube, plan tenantModel, in translate.Tenant) diag.Diagnostics {
	var diags diag.Diagnostics
	ns := plan.Namespace.ValueString()
	tenantID := ns + "/" + plan.Name.ValueString()
	if plan.CreateNamespace.ValueBool() {
		if _, err := c.EnsureNamespace(ctx, ns, tenantID); err != nil {
			diags.Append(clientError(err, "creating namespace "+ns))
			return diags
		}
	} else if ok, err := c.NamespaceExists(ctx, ns); err != nil {
		diags.Append(clientError(err, "reading namespace "+ns))
		return diags
	} else if !ok {
		diags.AddAttributeError(path.Root("namespace"), "Namespace does not exist",
			fmt.Sprintf("Namespace %q does not exist. Create it, or set create_namespace = true.", ns))
		return diags
	}
	for _, w := range watchedNamespaces(in) {
		if _, err := c.EnsureNamespace(ctx, w, tenantID); err != nil {
			diags.Append(clientError(err, "creating watched namespace "+w))
			return diags
		}
	}
	return diags
}

// recoverRelease repairs a release an interrupted apply left pending and
// reports whether the release exists. A create over a deployed release is
// an error (import it); over a failed one, a warning.
func recoverRelease(ctx context.Context, c releases, name, ns, importID string, timeout time.Duration, creating bool) (bool, diag.Diagnostics) {
	var diags diag.Diagnostics
	done, exists, err := c.RecoverPending(ctx, name, ns, timeout)
	var busy *clients.OperationInProgressError
	if errors.As(err, &busy) {
		diags.AddError("Another Helm operation is in progress", busy.Error())
		return exists, diags
	}
	if err != nil {
		diags.Append(clientError(err, "recovering Helm release "+ns+"/"+name))
		return exists, diags
	}
	if done != "" {
		diags.AddWarning("Recovered an interrupted Helm operation", done)
	}
	if creating && exists {
		cur, err := c.Latest(name, ns)
		if err == nil && cur.Info != nil && cur.Info.Status == release.StatusDeployed {
			diags.AddError("Tenant already installed",
				fmt.Sprintf("Helm release %s/%s already exists (revision %d). Import it instead: terraform import <address> %s",
					ns, name, cur.Version, importID))
			return exists, diags
		}
		diags.AddWarning("Replacing a failed Helm release",
			fmt.Sprintf("Helm release %s/%s exists in a failed state, left by an earlier apply; it is upgraded to this configuration.", ns, name))
	}
	return exists, diags
}
