/**
 * What the log, proxy and stream handlers share: the addressed pod (404 as the registry's getPod), its node's
 * kubelet, and the kubelet's refusals turned into Statuses as kube-apiserver turns a kubelet's HTTP errors
 * into them (genericrest.GenericHttpResponseChecker).
 */
import { ApiError, badRequest, internalError, notFound } from "../../errors";
import type { KubeletFailure } from "../../kubelet/kubelet-api";
import { objectKey, storeFor } from "../../storage";
import type { ApiContext } from "../context";
import type { PodLike } from "./locate";

/** The pod `name` in the request's namespace. */
export async function readPod(ctx: ApiContext, name: string): Promise<PodLike> {
  const res = await storeFor(ctx.env, ctx.entry).get(objectKey(ctx.entry, ctx.req.namespace, name));
  if (!res.ok) throw notFound("", "pods", name);
  return JSON.parse(res.value) as PodLike;
}

/** The node the pod is bound to: 400 for an unscheduled pod (streamLocation). */
export function boundNode(pod: PodLike): string {
  const node = pod.spec?.nodeName;
  if (!node) throw badRequest(`pod ${pod.metadata.name} does not have a host assigned`);
  return node;
}

/** GetConnectionInfo reads the Node: a pod bound to a node that is gone is `nodes "n" not found`. */
export async function requireNode(ctx: ApiContext, nodeName: string): Promise<void> {
  const nodes = ctx.registry.lookup("", "v1", "nodes");
  if (!nodes) throw internalError("the nodes resource is not registered");
  const res = await storeFor(ctx.env, nodes).get(objectKey(nodes, undefined, nodeName));
  if (!res.ok) throw notFound("", "nodes", nodeName);
}

export const podRefOf = (pod: PodLike, namespace: string) => ({ namespace, name: pod.metadata.name, uid: pod.metadata.uid ?? "" });

/**
 * A kubelet's error answer for `pods/<sub>` of `name`: 400 passes its text on as a BadRequest, 500 as an
 * InternalError, 404 becomes NewGenericServerResponse's NotFound (the kubelet's text is dropped, as upstream).
 */
export function kubeletFailureStatus(f: KubeletFailure, subresource: string, name: string): ApiError {
  if (f.code === 400) return badRequest(f.message);
  if (f.code === 404) {
    return new ApiError(404, "NotFound", `the server could not find the requested resource ( pods/${subresource} ${name})`, { name, kind: `pods/${subresource}` });
  }
  return internalError(f.message);
}

/** The kubelet could not be asked at all (its object failed): as the failed dial to a kubelet, a 500. */
export function kubeletUnreachable(nodeName: string, e: unknown): ApiError {
  return internalError(`error talking to the kubelet of node ${JSON.stringify(nodeName)}: ${e instanceof Error ? e.message : String(e)}`);
}
