/**
 * The patch metadata (list merge keys) of Pod and Node status, from the project's own zod schemas, so that
 * applying a stage's status patch locally merges exactly as the API server's strategic merge patch on the
 * status subresource does: conditions merge by `type`, podIPs/hostIPs by `ip`, node addresses by `type`,
 * container status lists are replaced whole (upstream marks them atomic).
 */
import { z } from "zod";
import { NodeStatusSchema } from "../../../schema/core-v1/node";
import { PodStatusSchema } from "../../../schema/core-v1/pod-status";
import { SchemaNode } from "../../patch";

const built = new Map<string, SchemaNode>();

/** The status schema of `kind` (Pod or Node), or undefined (then maps merge and lists are replaced). */
export function statusSchemaFor(kind: string | undefined): SchemaNode | undefined {
  const zodSchema = kind === "Pod" ? PodStatusSchema : kind === "Node" ? NodeStatusSchema : undefined;
  if (!zodSchema || !kind) return undefined;
  let node = built.get(kind);
  if (!node) {
    node = SchemaNode.fromJsonSchema(z.toJSONSchema(zodSchema, { unrepresentable: "any", io: "input" }) as Record<string, unknown>);
    built.set(kind, node);
  }
  return node;
}
