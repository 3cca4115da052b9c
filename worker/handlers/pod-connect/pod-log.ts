/**
 * `GET /api/v1/namespaces/{ns}/pods/{name}/log` (pkg/registry/core/pod/rest/log.go LogREST.Get): options
 * decoded (400) and validated (422 PodLogOptions), the pod read (404), the container chosen (400), then the
 * node's kubelet streams the log as `text/plain`. An unscheduled pod has no log location: 204, no body
 * (LocationStreamer with a nil location).
 */
import { badRequest, invalid, pathNotFound } from "../../errors";
import { kubeletFor, type LogResponse, type PodLogOptions } from "../../kubelet/kubelet-api";
import { parsePodLogQuery, validatePodLogOptions } from "../../kubelet/logs/options";
import type { ApiContext } from "../context";
import { selectContainer } from "./locate";
import { kubeletFailureStatus, kubeletUnreachable, podRefOf, readPod, requireNode } from "./pod-access";

export async function getPodLog(ctx: ApiContext): Promise<Response> {
  if (ctx.req.rest !== undefined) throw pathNotFound();
  const name = ctx.req.name!;
  const parsed = parsePodLogQuery(ctx.query);
  if (!parsed.ok) throw badRequest(parsed.message);
  const errs = validatePodLogOptions(parsed.query);
  if (errs.length) throw invalid("", "PodLogOptions", name, errs);
  const pod = await readPod(ctx, name);
  const container = selectContainer(pod, parsed.query.container);
  if (!container.ok) throw badRequest(container.message);
  const node = pod.spec?.nodeName;
  if (!node) return new Response(null, { status: 204 });
  await requireNode(ctx, node);
  const { stream: _stream, ...query } = parsed.query;
  const options: PodLogOptions = { ...query, container: container.value };
  let res: LogResponse;
  try {
    res = await kubeletFor(ctx.env, node).containerLogs(podRefOf(pod, ctx.req.namespace!), options);
  } catch (e) {
    throw kubeletUnreachable(node, e);
  }
  if (!res.ok) throw kubeletFailureStatus(res, "log", name);
  return new Response(res.body, { headers: { "Content-Type": "text/plain" } });
}
