/**
 * Server-side apply (`application/apply-patch+yaml`): merges the applied configuration with field ownership
 * (metadata.managedFields); creates the object when missing (201); conflicts with other managers → 409 with
 * FieldManagerConflict causes unless `force=true`.
 */
import type { KubeObject } from "../../schema/types";
import { applyConfiguration, conflictStatusParts } from "../apply";
import { parseYamlDoc } from "../body";
import { ApiError, badRequest, forbidden, notFound, qualifiedResource } from "../errors";
import { authorize } from "../authz/authorize";
import { goQuote } from "../../schema/validation/field-errors";
import { type ApiContext, rfc3339 } from "./context";
import { createDecoded } from "./create";
import { schemaNodeOf } from "./managed-fields";
import { guaranteedUpdate } from "./update";
import { checkSchema, checkTypeMeta, fieldManagerOf } from "./write-common";

export async function applyObject(ctx: ApiContext, bytes: Uint8Array): Promise<Response> {
  const config = parseYamlDoc(new TextDecoder().decode(bytes)) as KubeObject;
  if (!config || typeof config !== "object" || Array.isArray(config)) throw badRequest("apply patch must be an object");
  if (!config.apiVersion || !config.kind) {
    throw badRequest(`apply patch must specify apiVersion and kind`);
  }
  checkTypeMeta(ctx, config);
  checkSchema(ctx, config);
  const name = config.metadata?.name;
  if (name && name !== ctx.req.name) {
    throw badRequest(`the name of the object (${name}) does not match the name on the URL (${ctx.req.name})`);
  }
  const manager = fieldManagerOf(ctx);
  const force = ctx.query.get("force") === "true";
  const schema = schemaNodeOf(ctx);
  const opts = { force, apiVersion: ctx.entry.apiVersion, schema, now: rfc3339(ctx.now()), subresource: ctx.req.subresource };
  const apply = (live: KubeObject | undefined): KubeObject => {
    const result = applyConfiguration(live, config, manager, opts);
    if (!result.ok && result.error) {
      if (result.badRequest) throw badRequest(result.error);
      throw new ApiError(500, "", `failed to create typed patch object (${ctx.entry.apiVersion}, Kind=${ctx.entry.kind}): ${result.error}`);
    }
    if (!result.ok) {
      const { message, causes } = conflictStatusParts(result.conflicts);
      throw new ApiError(409, "Conflict", message, { causes });
    }
    const obj = result.object as KubeObject;
    (obj.metadata ??= {}).managedFields = result.managedFields;
    return obj;
  };
  return guaranteedUpdate(ctx, {
    manager,
    operation: "Apply",
    mutate: (current) => apply(current),
    onMissing: async () => {
      // Subresource stores never create on update (upstream passes forceAllowCreate=false): 404.
      if (ctx.req.subresource !== undefined) throw notFound(ctx.entry.group, ctx.entry.resource, ctx.req.name!);
      await authorizeCreate(ctx);
      const obj = apply(undefined);
      (obj.metadata ??= {}).name = ctx.req.name;
      return createDecoded(ctx, obj, manager, "Apply");
    },
  });
}

/**
 * An apply that creates must also be allowed `create` (upstream patch.go wraps the create validation in
 * withAuthorization): otherwise `patch` alone would create objects. The 403 is NewForbidden(resource, name,
 * <the authorizer's reason>), not the filter's "User … cannot …" wording.
 */
async function authorizeCreate(ctx: ApiContext): Promise<void> {
  const { entry, req, user } = ctx;
  const d = await authorize(ctx.env, {
    user,
    verb: "create",
    resourceRequest: true,
    apiGroup: entry.group,
    apiVersion: entry.version,
    resource: entry.resource,
    ...(req.namespace !== undefined ? { namespace: req.namespace } : {}),
    name: req.name,
  });
  if (d.allowed) return;
  const name = req.name ?? "";
  throw forbidden(`${qualifiedResource(entry.group, entry.resource)} ${goQuote(name)} is forbidden: ${d.reason}`, {
    name,
    ...(entry.group ? { group: entry.group } : {}),
    kind: entry.resource,
  });
}
