/**
 * The scale subresource (autoscaling/v1 Scale) of deployments, replicasets and statefulsets: reads and writes
 * the parent's spec.replicas; status.selector is the parent's selector as a string.
 */
import type { KubeObject } from "../../schema/types";
import { formatLabelRequirements, labelSelectorFromObject } from "../selectors";
import { badRequest } from "../errors";
import { decodeBody, parseYamlDoc, readBody } from "../body";
import { type ApiContext, json } from "./context";
import { readObjectText } from "./read";
import { guaranteedUpdate } from "./update";
import { fieldManagerOf } from "./write-common";
import { patchDocument } from "./patch";
import { validateWriteOptions } from "../options";
import { patchTypeOf } from "../patch/patch-type";

export function scaleOf(parent: KubeObject): KubeObject {
  const meta = parent.metadata ?? {};
  const selector = parent.spec?.selector;
  let selectorText = "";
  if (selector) {
    const parsed = labelSelectorFromObject(selector);
    if (parsed.ok && parsed.requirements) selectorText = formatLabelRequirements(parsed.requirements);
  }
  return {
    kind: "Scale",
    apiVersion: "autoscaling/v1",
    metadata: {
      name: meta.name,
      namespace: meta.namespace,
      uid: meta.uid,
      resourceVersion: meta.resourceVersion,
      creationTimestamp: meta.creationTimestamp,
    },
    spec: { replicas: parent.spec?.replicas ?? 0 },
    status: { replicas: parent.status?.replicas ?? 0, ...(selectorText ? { selector: selectorText } : {}) },
  };
}

export async function getScale(ctx: ApiContext): Promise<Response> {
  return json(ctx, scaleOf(JSON.parse(await readObjectText(ctx))));
}

/** PUT …/scale: a full Scale (kubectl sends it without a Content-Type), with its resourceVersion as precondition. */
export async function updateScale(ctx: ApiContext): Promise<Response> {
  validateWriteOptions("UpdateOptions", ctx.query);
  const body = decodeBody(await readBody(ctx.request), ctx.request.headers.get("content-type")).value as KubeObject;
  const replicas = replicasOf(body);
  const rv = body?.metadata?.resourceVersion;
  return respondScale(
    ctx,
    await guaranteedUpdate(ctx, {
      precondition: rv ? Number(rv) : undefined,
      manager: fieldManagerOf(ctx),
      mutate: (cur) => ({ ...cur, spec: { ...cur.spec, replicas } }),
    }),
  );
}

/** PATCH …/scale: the patch applies to the Scale view, whose spec.replicas is written to the parent. */
export async function patchScale(ctx: ApiContext, patchBytes: Uint8Array, contentType: string): Promise<Response> {
  return respondScale(
    ctx,
    await guaranteedUpdate(ctx, {
      manager: fieldManagerOf(ctx),
      mutate: (cur) => {
        const scale = patchTypeOf(contentType) === "apply" ? appliedScale(scaleOf(cur), patchBytes, ctx.req.name) : patchDocument(ctx, scaleOf(cur), patchBytes, contentType, undefined);
        const replicas = replicasOf(scale);
        const next: KubeObject = { ...cur, spec: { ...cur.spec, replicas } };
        const rv = scale.metadata?.resourceVersion;
        if (rv) next.metadata = { ...next.metadata, resourceVersion: rv };
        return next;
      },
    }),
  );
}

/**
 * Server-side apply to `…/scale`: the configuration is an autoscaling/v1 Scale (upstream's scale field manager
 * refuses any other version), merged onto the current Scale; only spec.replicas reaches the parent.
 */
export function appliedScale(current: KubeObject, bytes: Uint8Array, urlName?: string): KubeObject {
  const config = parseYamlDoc(new TextDecoder().decode(bytes)) as KubeObject;
  if (!config || typeof config !== "object" || Array.isArray(config)) throw badRequest("apply patch must be an object");
  if (!config.apiVersion || !config.kind) throw badRequest("apply patch must specify apiVersion and kind");
  if (config.apiVersion !== "autoscaling/v1") {
    throw badRequest(`Incorrect version specified in apply patch. Specified patch version: ${config.apiVersion}, expected: autoscaling/v1`);
  }
  const name = config.metadata?.name;
  if (name && name !== urlName) throw badRequest(`the name of the object (${name}) does not match the name on the URL (${urlName})`);
  const replicas = config.spec?.replicas;
  return replicas === undefined ? current : { ...current, spec: { ...current.spec, replicas } };
}

function replicasOf(scale: KubeObject | undefined): number {
  const r = scale?.spec?.replicas;
  if (r === undefined || r === null) return 0;
  if (!Number.isInteger(r)) throw badRequest(`Scale in version "v1" cannot be handled as a Scale: json: cannot unmarshal ${typeof r} into Go struct field ScaleSpec.spec.replicas of type int32`);
  return r;
}

async function respondScale(ctx: ApiContext, res: Response): Promise<Response> {
  if (!res.ok) return res;
  return json(ctx, scaleOf(await res.json()), res.status);
}
