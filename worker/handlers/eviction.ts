/**
 * The Eviction API: `POST /api/v1/namespaces/{ns}/pods/{name}/eviction` with a policy/v1 (or v1beta1)
 * Eviction, as pkg/registry/core/pod/storage/eviction.go. A terminal, pending or terminating pod is deleted
 * at once; otherwise the one PodDisruptionBudget selecting it must allow a disruption, which is spent by a
 * compare-and-swap on the budget's status (disruptionsAllowed − 1, the pod in disruptedPods) before the pod
 * gets DisruptionTarget=True and is deleted with the Eviction's DeleteOptions. Refusals: 429 with a
 * DisruptionBudget cause; more than one budget: a 500 Status. Success: 201 and a Status.
 *
 * Upstream's registry reads and writes the pod through its own store and the budget through a loopback client;
 * here both go through the API path as the loopback identity (system:apiserver, system:masters), so every
 * write is admitted, stored and observed (watch, controllers) like any other.
 */
import { atomicList, bool, int64, obj, opt, str, topLevel } from "../../schema/meta";
import type { KubeObject } from "../../schema/types";
import { ALL_AUTHENTICATED, SYSTEM_MASTERS, type UserInfo } from "../authn/user";
import { runMutating, runValidating } from "../admission/plugins";
import type { DeleteOptions } from "../admission/deletion";
import { decodeBody, readBody } from "../body";
import { budgetsSelecting } from "../controllers/disruption/pod-selection";
import {
  canIgnorePDB,
  checkAndDecrement,
  EVICTION_CONDITION,
  MULTIPLE_BUDGETS,
  propagateDryRun,
  shouldEnforceResourceVersion,
  stillProcessing,
  unhealthyPodMayGo,
} from "../controllers/disruption/eviction-policy";
import { updatePodCondition } from "../controllers/node-lifecycle/pod-conditions";
import { checkObject, fieldValidationOf } from "../decode-object";
import { ApiError, badRequest, conflict } from "../errors";
import { internalRequest, type InternalResponse } from "../internal-client";
import { validateDeleteOptions, validateWriteOptions } from "../options";
import { type ApiContext, isDryRun, json, rfc3339 } from "./context";
import { deleteOptionsFromBody } from "./delete";

const ACCEPTED_VERSIONS = ["policy/v1", "policy/v1beta1"];
/** EvictionsRetry: attempts on conflicting writes (upstream: 20, 500 ms apart). */
const RETRIES = 10;

const LOOPBACK: UserInfo = { username: "system:apiserver", groups: [SYSTEM_MASTERS, ALL_AUTHENTICATED] };

const DeleteOptionsSchema = obj({
  apiVersion: opt(str),
  kind: opt(str),
  gracePeriodSeconds: opt(int64),
  preconditions: opt(obj({ uid: opt(str), resourceVersion: opt(str) })),
  orphanDependents: opt(bool),
  propagationPolicy: opt(str),
  dryRun: atomicList(str),
  ignoreStoreReadErrorWithClusterBreakingPotential: opt(bool),
});

export const EvictionSchema = topLevel("io.k8s.api.policy.v1.Eviction", { deleteOptions: opt(DeleteOptionsSchema) });

async function decodeEviction(ctx: ApiContext): Promise<KubeObject> {
  const decoded = decodeBody(await readBody(ctx.request), ctx.request.headers.get("content-type")).value;
  if (decoded === undefined || decoded === null || typeof decoded !== "object" || Array.isArray(decoded)) {
    throw badRequest(`Object 'Kind' is missing in '${JSON.stringify(decoded ?? null)}'`);
  }
  if (decoded.apiVersion && !ACCEPTED_VERSIONS.includes(decoded.apiVersion)) {
    throw badRequest(`the API version in the data (${decoded.apiVersion}) does not match the expected API version (policy/v1)`);
  }
  if (decoded.kind && decoded.kind !== "Eviction") throw badRequest(`the kind in the data (${decoded.kind}) does not match the expected kind (Eviction)`);
  ctx.warnings.push(...checkObject(EvictionSchema, decoded, "Eviction", "v1", fieldValidationOf(ctx.query)).warnings);
  return decoded as KubeObject;
}

/** A response of the loopback client as the error it carries. */
const errorOf = (res: InternalResponse): ApiError =>
  new ApiError(res.status, res.body?.reason ?? "", res.body?.message ?? `request failed: ${res.status}`, res.body?.details);

/** One eviction's reads and writes, as the loopback identity. */
class PodEviction {
  constructor(
    readonly ctx: ApiContext,
    readonly ns: string,
    readonly name: string,
  ) {}

  call(method: string, path: string, body?: unknown) {
    return internalRequest(this.ctx.env, this.ctx.registry, LOOPBACK, method, path, body);
  }

  get podPath() {
    return `/api/v1/namespaces/${this.ns}/pods/${this.name}`;
  }

  async pod(): Promise<KubeObject> {
    const res = await this.call("GET", this.podPath);
    if (res.status !== 200) throw errorOf(res);
    return res.body;
  }

  /** addConditionAndDeletePod: DisruptionTarget on the latest pod (checking the preconditions), then DELETE. */
  async addConditionAndDelete(opts: DeleteOptions): Promise<ApiError | undefined> {
    let options = opts;
    if (!opts.dryRun?.includes("All")) {
      const pod = await this.pod();
      const uid = opts.preconditions?.uid;
      const rv = opts.preconditions?.resourceVersion;
      if (uid && uid !== pod.metadata?.uid) {
        return conflict("", "Pod", this.name, `the UID in the precondition (${uid}) does not match the UID in record (${pod.metadata?.uid}). The object might have been deleted and then recreated`);
      }
      if (rv && rv !== pod.metadata?.resourceVersion) {
        return conflict("", "Pod", this.name, `the ResourceVersion in the precondition (${rv}) does not match the ResourceVersion in record (${pod.metadata?.resourceVersion}). The object might have been modified`);
      }
      const cond = updatePodCondition(pod.status?.conditions, { ...EVICTION_CONDITION, lastProbeTime: null }, rfc3339(this.ctx.now()));
      if (cond.changed) {
        const res = await this.call("PUT", `${this.podPath}/status`, { ...pod, status: { ...pod.status, conditions: cond.conditions } });
        if (res.status !== 200) return errorOf(res);
        // We modified the pod: the caller's resourceVersion precondition now means this version.
        if (rv) options = { ...opts, preconditions: { ...opts.preconditions, resourceVersion: res.body.metadata?.resourceVersion } };
      }
    }
    const res = await this.call("DELETE", this.podPath, { apiVersion: "v1", kind: "DeleteOptions", ...options });
    return res.status === 200 || res.status === 202 ? undefined : errorOf(res);
  }

  /** Spends one disruption of `pdb` by compare-and-swap on its status, re-reading it after a conflict. */
  async decrement(pdb: KubeObject, dryRun: boolean): Promise<void> {
    const path = `/apis/policy/v1/namespaces/${this.ns}/poddisruptionbudgets/${pdb.metadata?.name}`;
    let current = pdb;
    for (let attempt = 0; attempt < RETRIES; attempt++) {
      const check = checkAndDecrement(current, this.name, this.ctx.now().getTime(), dryRun);
      if (!check.ok) throw check.error;
      if (dryRun) return;
      const res = await this.call("PUT", `${path}/status`, { ...current, status: check.status });
      if (res.status === 200) return;
      if (res.status !== 409) throw errorOf(res);
      const fresh = await this.call("GET", path);
      if (fresh.status !== 200) throw errorOf(fresh);
      current = fresh.body;
    }
    throw new ApiError(504, "Timeout", `Timeout: couldn't update PodDisruptionBudget "${pdb.metadata?.name}" due to conflicts`, { retryAfterSeconds: 10 });
  }
}

const withResourceVersion = (opts: DeleteOptions, rv: string): DeleteOptions => ({ ...opts, preconditions: { ...opts.preconditions, resourceVersion: rv } });

const status = (ctx: ApiContext, code: number, extra: Record<string, unknown>) =>
  json(ctx, { kind: "Status", apiVersion: "v1", metadata: {}, ...extra, code }, code);

/** EXTRA_SUBRESOURCES `/pods/eviction` create. */
export async function createEviction(ctx: ApiContext): Promise<Response> {
  validateWriteOptions("CreateOptions", ctx.query);
  const eviction = await decodeEviction(ctx);
  const ns = ctx.req.namespace!;
  const name = ctx.req.name!;
  if ((eviction.metadata?.name ?? "") !== name) throw badRequest("name in URL does not match name in Eviction object");
  if (eviction.metadata?.namespace && eviction.metadata.namespace !== ns) {
    throw badRequest("the namespace of the provided object does not match the namespace sent on the request");
  }
  const opts = deleteOptionsFromBody(eviction.deleteOptions ?? undefined);
  validateDeleteOptions(opts);
  const dry = propagateDryRun(opts.dryRun, ctx.query.getAll("dryRun"));
  if (!dry.ok) throw badRequest(dry.message);
  opts.dryRun = dry.dryRun;
  const dryRun = isDryRun(ctx.query, opts.dryRun);
  await runMutating({ ctx, operation: "CREATE", object: eviction, dryRun });
  await runValidating({ ctx, operation: "CREATE", object: eviction, dryRun });

  const e = new PodEviction(ctx, ns, name);
  const rvUnset = !opts.preconditions?.resourceVersion;
  let pod: KubeObject | undefined;
  for (let attempt = 0; attempt < RETRIES; attempt++) {
    pod = await e.pod();
    if (!canIgnorePDB(pod)) break;
    const o = shouldEnforceResourceVersion(pod) && rvUnset ? withResourceVersion(opts, pod.metadata?.resourceVersion) : opts;
    const err = await e.addConditionAndDelete(o);
    if (!err) return status(ctx, 201, { status: "Success" });
    if (err.code !== 409 || !rvUnset || attempt === RETRIES - 1) throw err;
    pod = undefined;
  }
  if (!pod) throw new ApiError(500, "InternalError", "Internal error occurred: eviction retries exhausted");

  const list = await e.call("GET", `/apis/policy/v1/namespaces/${ns}/poddisruptionbudgets`);
  if (list.status !== 200) throw errorOf(list);
  const pdbs = budgetsSelecting(list.body.items ?? [], pod);
  if (pdbs.length > 1) return status(ctx, 500, { status: "Failure", message: MULTIPLE_BUDGETS });
  const pdb = pdbs[0];
  const unguarded = pdb !== undefined && unhealthyPodMayGo(pod, pdb);
  if (pdb && !unguarded) await e.decrement(pdb, dryRun);

  // An unready pod deleted without spending the budget goes only as read (it must not have become ready since).
  const err = await e.addConditionAndDelete(unguarded ? withResourceVersion(opts, pod.metadata?.resourceVersion) : opts);
  if (!err) return status(ctx, 201, { status: "Success" });
  if (err.code === 409 && unguarded && rvUnset) throw stillProcessing(pdb?.metadata?.name);
  throw err;
}
