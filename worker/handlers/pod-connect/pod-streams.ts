/**
 * `pods/{name}/exec`, `attach` and `portforward` (GET and POST, the WebSocket and SPDY upgrades kubectl
 * sends): the pod is located as ExecLocation / AttachLocation / PortForwardLocation do (404, the container for
 * exec and attach, 400 for an unscheduled pod). `exec` over WebSocket runs the container's `exec` entry
 * (./exec-stream.ts); SPDY, `attach` and `portforward` are refused with a 400: pods run as isolates without a
 * terminal or sockets.
 */
import { badRequest, pathNotFound } from "../../errors";
import type { ApiContext } from "../context";
import type { Handler } from "../subresources";
import { selectContainer } from "./locate";
import { boundNode, kubeletUnreachable, podRefOf, readPod } from "./pod-access";
import { execFrames, negotiateProtocol } from "./exec-stream";
import { kubeletFor } from "../../kubelet/kubelet-api";
import { requireAuthorized } from "../../authz/authorize";
import { resourceAttributes } from "../../authz/request-attributes";

const REFUSALS = {
  exec: "exec needs a WebSocket upgrade with subprotocol v5.channel.k8s.io or v4.channel.k8s.io (SPDY is not served)",
  attach: "attach is not supported by this kubelet: pods run as isolates without a terminal (use logs or the pod proxy)",
  portforward: "port-forward is not supported by this kubelet (use the pod proxy: kubectl proxy, then /api/v1/namespaces/<ns>/pods/<name>:<port>/proxy/)",
} as const;

function refuse(kind: keyof typeof REFUSALS): Handler {
  return async (ctx: ApiContext) => {
    if (ctx.req.rest !== undefined) throw pathNotFound();
    const pod = await readPod(ctx, ctx.req.name!);
    if (kind !== "portforward") {
      const container = selectContainer(pod, ctx.query.get("container") ?? undefined);
      if (!container.ok) throw badRequest(container.message);
    }
    boundNode(pod);
    throw badRequest(REFUSALS[kind]);
  };
}

export const execPod: Handler = async (ctx: ApiContext) => {
  if (ctx.req.rest !== undefined) throw pathNotFound();
  const pod = await readPod(ctx, ctx.req.name!);
  const container = selectContainer(pod, ctx.query.get("container") ?? undefined);
  if (!container.ok) throw badRequest(container.message);
  const node = boundNode(pod);
  const command = ctx.query.getAll("command");
  if (command.length === 0) throw badRequest("you must specify at least 1 command");
  const protocol = negotiateProtocol(ctx.request.headers.get("Sec-WebSocket-Protocol"));
  if (ctx.request.headers.get("Upgrade")?.toLowerCase() !== "websocket" || !protocol) throw badRequest(REFUSALS.exec);
  // A WebSocket exec arrives as a GET; it is authorized as the `create` it is (AuthorizePodWebsocketUpgradeCreatePermission).
  if (ctx.verb === "get") await requireAuthorized(ctx.env, resourceAttributes(ctx.user, ctx.req, "create", ctx.query));
  let outcome: Awaited<ReturnType<ReturnType<typeof kubeletFor>["execInPod"]>>;
  try {
    outcome = await kubeletFor(ctx.env, node).execInPod(podRefOf(pod, ctx.req.namespace ?? ""), container.value, command);
  } catch (e) {
    throw kubeletUnreachable(node, e);
  }
  if (!outcome.ok) throw badRequest(outcome.message);
  const pair = new WebSocketPair();
  const [client, server] = [pair[0], pair[1]];
  server.accept();
  for (const frame of execFrames(outcome, { stdout: ctx.query.get("stdout") !== "false", stderr: ctx.query.get("stderr") !== "false" })) server.send(frame);
  server.close(1000, "");
  return new Response(null, { status: 101, webSocket: client, headers: { "Sec-WebSocket-Protocol": protocol } });
};
export const attachPod = refuse("attach");
export const portForwardPod = refuse("portforward");
