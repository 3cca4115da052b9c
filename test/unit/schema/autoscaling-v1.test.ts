/** autoscaling/v1 Scale: the body of the scale subresource. */
import { describe, expect, it } from "vitest";
import { ScaleSchema } from "../../../schema/autoscaling-v1";

describe("Scale", () => {
  it.each([
    [{ apiVersion: "autoscaling/v1", kind: "Scale", metadata: { name: "web", namespace: "default" }, spec: { replicas: 3 } }],
    [{ spec: { replicas: 0 }, status: { replicas: 2, selector: "app=web,tier in (a,b)" } }],
  ])("accepts %j", (body) => {
    expect(ScaleSchema.safeParse(body).success).toBe(true);
  });

  it.each([[{ spec: { replicas: "3" } }], [{ spec: { replicas: 1.5 } }], [{ spec: { replicas: 1, extra: true } }]])("rejects %j", (body) => {
    expect(ScaleSchema.safeParse(body).success).toBe(false);
  });
});
