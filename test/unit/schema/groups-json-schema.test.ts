/**
 * Every non-core kind's schema converts to JSON Schema (what OpenAPI, strategic merge patch and server-side apply
 * read), with upstream's definition names and patch metadata where it matters.
 */
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { appsV1 } from "../../../schema/apps-v1";
import { ScaleSchema } from "../../../schema/autoscaling-v1";
import { batchV1 } from "../../../schema/batch-v1";
import { coordinationV1 } from "../../../schema/coordination-v1";
import { coreV1 } from "../../../schema/core-v1";
import { discoveryV1 } from "../../../schema/discovery-v1";
import { eventsV1 } from "../../../schema/events-v1";
import { networkingV1 } from "../../../schema/networking-v1";
import { nodeV1 } from "../../../schema/node-v1";
import { policyV1 } from "../../../schema/policy-v1";
import { rbacV1 } from "../../../schema/rbac-v1";
import { schedulingV1 } from "../../../schema/scheduling-v1";
import { storageV1 } from "../../../schema/storage-v1";
import type { GroupVersionDef } from "../../../schema/types";
import { SchemaNode } from "../../../worker/patch/schema-node";

const GROUPS: GroupVersionDef[] = [appsV1, batchV1, coordinationV1, discoveryV1, eventsV1, networkingV1, nodeV1, policyV1, rbacV1, schedulingV1, storageV1];
const PACKAGE: Record<string, string> = {
  "rbac.authorization.k8s.io": "rbac",
  "coordination.k8s.io": "coordination",
  "discovery.k8s.io": "discovery",
  "events.k8s.io": "events",
  "networking.k8s.io": "networking",
  "node.k8s.io": "node",
  "scheduling.k8s.io": "scheduling",
  "storage.k8s.io": "storage",
};

const toJson = (schema: z.ZodType) => z.toJSONSchema(schema, { unrepresentable: "any", io: "input" }) as Record<string, any>;
const kinds = GROUPS.flatMap((gv) => gv.kinds.map((k) => [`${gv.group}/${gv.version} ${k.kind}`, gv, k] as const));

describe("JSON Schema of every non-core kind", () => {
  it.each(kinds)("%s converts, under upstream's definition name", (_n, gv, k) => {
    const json = toJson(k.schema);
    const id = `io.k8s.api.${PACKAGE[gv.group] ?? gv.group}.${gv.version}.${k.kind}`;
    expect(json.$ref).toBe(`#/$defs/${id}`);
    expect(json.$defs[id].properties.metadata).toBeDefined();
    expect(Object.keys(json.$defs).every((d) => d.startsWith("io.k8s."))).toBe(true);
  });

  it("Scale converts", () => {
    expect(toJson(ScaleSchema).$ref).toBe("#/$defs/io.k8s.api.autoscaling.v1.Scale");
  });

  it("in one document with core/v1, all groups share definitions without id clashes", () => {
    const withCore = [...kinds.map(([n, , k]) => [n, k.schema] as const), ...coreV1.kinds.map((k) => [`core ${k.kind}`, k.schema] as const)];
    const all = z.object(Object.fromEntries(withCore));
    expect(() => toJson(all)).not.toThrow();
  });
});

const node = (gv: GroupVersionDef, kind: string) => SchemaNode.fromJsonSchema(toJson(gv.kinds.find((k) => k.kind === kind)!.schema));

describe("patch metadata", () => {
  it("Deployment: strategy retainKeys, conditions merge on type, template containers merge on name", () => {
    const d = node(appsV1, "Deployment");
    expect(d.field("spec")!.field("strategy")!.strategies()).toEqual(["retainKeys"]);
    expect(d.field("status")!.field("conditions")!.listInfo()).toMatchObject({ mergeKey: "type", strategies: ["merge"] });
    const containers = d.field("spec")!.field("template")!.field("spec")!.field("containers")!;
    expect(containers.listInfo()).toMatchObject({ mergeKey: "name", listType: "map" });
    expect(d.field("spec")!.field("selector")!.mapType()).toBe("atomic");
  });

  it("StatefulSet volumeClaimTemplates are atomic PersistentVolumeClaims", () => {
    const claims = node(appsV1, "StatefulSet").field("spec")!.field("volumeClaimTemplates")!;
    expect(claims.listInfo().listType).toBe("atomic");
    expect(claims.items()!.field("spec")!.field("accessModes")!.listInfo().listType).toBe("atomic");
  });

  it("Job conditions: atomic list with a merge key; CronJob active atomic", () => {
    expect(node(batchV1, "Job").field("status")!.field("conditions")!.listInfo()).toEqual({
      mergeKey: "type",
      strategies: ["merge"],
      listType: "atomic",
      mapKeys: undefined,
    });
    expect(node(batchV1, "CronJob").field("status")!.field("active")!.listInfo().listType).toBe("atomic");
  });

  it("PDB: selector patch strategy replace, conditions map on type", () => {
    const p = node(policyV1, "PodDisruptionBudget");
    expect(p.field("spec")!.field("selector")!.strategies()).toEqual(["replace"]);
    expect(p.field("status")!.field("conditions")!.listInfo()).toMatchObject({ mergeKey: "type", listType: "map", mapKeys: ["type"] });
  });

  it("RBAC: subjects atomic, roleRef and subjects atomic structs", () => {
    const b = node(rbacV1, "RoleBinding");
    expect(b.field("subjects")!.listInfo().listType).toBe("atomic");
    expect(b.field("subjects")!.items()!.mapType()).toBe("atomic");
    expect(b.field("roleRef")!.mapType()).toBe("atomic");
  });

  it("EndpointSlice: addresses is a set, ports atomic structs", () => {
    const e = node(discoveryV1, "EndpointSlice");
    expect(e.field("endpoints")!.items()!.field("addresses")!.listInfo().listType).toBe("set");
    expect(e.field("ports")!.items()!.mapType()).toBe("atomic");
  });

  it("OpenAPI required lists are carried as documentation", () => {
    const json = toJson(appsV1.kinds.find((k) => k.kind === "Deployment")!.schema);
    expect(json.$defs["io.k8s.api.apps.v1.DeploymentSpec"].required).toEqual(["selector", "template"]);
  });
});
