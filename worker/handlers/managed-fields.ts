/** Keeps metadata.managedFields current on non-apply writes (server-side apply's Update operations). */
import type { KubeObject } from "../../schema/types";
import { SchemaNode } from "../patch/schema-node";
import { updateManagedFields } from "../apply";
import type { ApiContext } from "./context";
import { rfc3339 } from "./context";

export function recordManagedFields(ctx: ApiContext, old: KubeObject | undefined, obj: KubeObject, manager: string): void {
  const managedFields = updateManagedFields(old, obj, manager, {
    operation: "Update",
    apiVersion: ctx.entry.apiVersion,
    schema: schemaNodeOf(ctx),
    now: rfc3339(ctx.now()),
    subresource: ctx.req.subresource,
  });
  if (managedFields.length) obj.metadata.managedFields = managedFields;
  else delete obj.metadata.managedFields;
}

export function schemaNodeOf(ctx: ApiContext): SchemaNode {
  return SchemaNode.fromJsonSchema(ctx.registry.jsonSchema(ctx.entry));
}
