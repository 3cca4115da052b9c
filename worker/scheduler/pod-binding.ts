/**
 * The `pods/binding` subresource: `POST /api/v1/namespaces/{ns}/pods/{name}/binding` with a v1 Binding, as
 * pkg/registry/core/pod/storage BindingREST.Create (1.32): the body's name must be the URL's, the target a Node
 * by name (ValidatePodBinding), admission runs on the Binding, then one compare-and-swap on the stored pod
 * (setPodHostAndAnnotations, retried on a lost race) sets spec.nodeName, copies the Binding's annotations and
 * sets PodScheduled=True. The pod is written straight to storage, as upstream's GuaranteedUpdate does (no pod
 * validation, no managedFields entry). Answers a Success Status (201).
 */
import { z } from "zod";
import { opt, topLevel } from "../../schema/meta";
import { ObjectReferenceSchema } from "../../schema/core-v1/common";
import type { FieldError, KubeObject } from "../../schema/types";
import { notSupported, required } from "../../schema/validation/field-errors";
import { runMutating, runValidating } from "../admission/plugins";
import { decodeBody, readBody } from "../body";
import { checkObject, fieldValidationOf } from "../decode-object";
import { badRequest, conflict, internalError, invalid, notFound } from "../errors";
import { afterWrite } from "../handlers/after-write";
import { type ApiContext, isDryRun, json } from "../handlers/context";
import { validateWriteOptions } from "../options";
import { encodeForStore, objectKey, storeFor } from "../storage";
import { updatePodCondition } from "./pod-condition";

const MAX_ATTEMPTS = 16;

export const BindingSchema = topLevel("io.k8s.api.core.v1.Binding", {
  target: opt(ObjectReferenceSchema),
}).describe("Binding ties one object to another; for example, a pod is bound to a node by a scheduler.");

export type Binding = z.infer<typeof BindingSchema>;

/** validation.ValidatePodBinding: the target is a Node (or of no kind) and has a name. */
export function validatePodBinding(binding: KubeObject): FieldError[] {
  const errs: FieldError[] = [];
  const kind = binding?.target?.kind ?? "";
  if (kind !== "" && kind !== "Node") errs.push(notSupported("target.kind", kind, ["Node", "<empty>"]));
  if (!binding?.target?.name) errs.push(required("target.name"));
  return errs;
}

export interface BindPreconditions {
  uid?: string;
  resourceVersion?: string;
}

/**
 * setPodHostAndAnnotations' update function: the bound pod, or why the binding cannot be done (a storage
 * precondition failure, or upstream's refusal: the message becomes a 409 Conflict on pods/binding).
 */
export function assignPod(
  pod: KubeObject,
  revision: number,
  pre: BindPreconditions,
  nodeName: string,
  annotations: Record<string, string> | undefined,
  now: Date,
): { ok: true; pod: KubeObject } | { ok: false; precondition?: true; message: string } {
  const name = pod.metadata?.name;
  if (pre.uid && pre.uid !== pod.metadata?.uid) {
    return { ok: false, precondition: true, message: `Precondition failed: UID in precondition: ${pre.uid}, UID in object meta: ${pod.metadata?.uid ?? ""}` };
  }
  if (pre.resourceVersion && pre.resourceVersion !== String(revision)) {
    return { ok: false, precondition: true, message: `Precondition failed: ResourceVersion in precondition: ${pre.resourceVersion}, ResourceVersion in object meta: ${revision}` };
  }
  if (pod.metadata?.deletionTimestamp) return { ok: false, message: `pod ${name} is being deleted, cannot be assigned to a host` };
  if (pod.spec?.nodeName) return { ok: false, message: `pod ${name} is already assigned to node ${JSON.stringify(pod.spec.nodeName)}` };
  if ((pod.spec?.schedulingGates ?? []).length) return { ok: false, message: `pod ${name} has non-empty .spec.schedulingGates` };
  // A new object sharing the parts it leaves alone with `pod` (neither is changed afterwards).
  const { conditions } = updatePodCondition(pod.status?.conditions, { type: "PodScheduled", status: "True" }, now);
  const bound: KubeObject = {
    ...pod,
    metadata: { ...pod.metadata, annotations: { ...(pod.metadata?.annotations ?? {}), ...(annotations ?? {}) } },
    spec: { ...pod.spec, nodeName },
    status: { ...pod.status, conditions },
  };
  return { ok: true, pod: bound };
}

/** The Binding body, decoded and type-checked as the create handler does (400 for anything not a v1 Binding). */
async function decodeBinding(ctx: ApiContext): Promise<KubeObject> {
  const decoded = decodeBody(await readBody(ctx.request), ctx.request.headers.get("content-type")).value;
  if (decoded === undefined || decoded === null || typeof decoded !== "object" || Array.isArray(decoded)) {
    throw badRequest(`Object 'Kind' is missing in '${JSON.stringify(decoded ?? null)}'`);
  }
  if (decoded.apiVersion && decoded.apiVersion !== "v1") {
    throw badRequest(`the API version in the data (${decoded.apiVersion}) does not match the expected API version (v1)`);
  }
  if (decoded.kind && decoded.kind !== "Binding") {
    throw badRequest(`the kind in the data (${decoded.kind}) does not match the expected kind (Binding)`);
  }
  const checked = checkObject(BindingSchema, decoded, "Binding", "v1", fieldValidationOf(ctx.query));
  ctx.warnings.push(...checked.warnings);
  return decoded as KubeObject;
}

/** EXTRA_SUBRESOURCES `/pods/binding` create. */
export async function createPodBinding(ctx: ApiContext): Promise<Response> {
  validateWriteOptions("CreateOptions", ctx.query);
  const binding = await decodeBinding(ctx);
  const ns = ctx.req.namespace!;
  const name = ctx.req.name!;
  const meta = (binding.metadata ??= {});
  if (meta.namespace && meta.namespace !== ns) {
    throw badRequest("the namespace of the provided object does not match the namespace sent on the request");
  }
  meta.namespace = ns;
  const dryRun = isDryRun(ctx.query);
  await runMutating({ ctx, operation: "CREATE", object: binding, dryRun });
  if ((meta.name ?? "") !== name) throw badRequest("name in URL does not match name in Binding object");
  const errs = validatePodBinding(binding);
  // Upstream returns these as a plain error (500); they are field errors, answered as 422 Invalid here.
  if (errs.length) throw invalid("", "Binding", name, errs);
  await runValidating({ ctx, operation: "CREATE", object: structuredClone(binding), dryRun });

  const store = storeFor(ctx.env, ctx.entry);
  const key = objectKey(ctx.entry, ns, name);
  const pre: BindPreconditions = { uid: meta.uid || undefined, resourceVersion: meta.resourceVersion || undefined };
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const cur = await store.get(key);
    if (!cur.ok) throw notFound("", "pods", name);
    const current = JSON.parse(cur.value) as KubeObject;
    const assigned = assignPod(current, cur.revision, pre, binding.target.name, meta.annotations ?? undefined, ctx.now());
    if (!assigned.ok) throw conflict("", assigned.precondition ? "pods" : "pods/binding", name, assigned.message);
    if (dryRun) return success(ctx);
    const res = await store.update(key, encodeForStore(assigned.pod), cur.revision);
    if (res.ok) {
      await afterWrite(ctx, "MODIFIED", res.value, current);
      return success(ctx);
    }
    if (res.reason === "conflict") continue;
    if (res.reason === "not_found") throw notFound("", "pods", name);
    throw internalError(`binding failed: ${res.reason}`);
  }
  throw conflict("", "pods/binding", name, "the object has been modified; please apply your changes to the latest version and try again");
}

const success = (ctx: ApiContext) => json(ctx, { kind: "Status", apiVersion: "v1", metadata: {}, status: "Success", code: 201 }, 201);
