/** Duplicate keys in a YAML body follow fieldValidation as upstream's strict YAML decoding does. */
import { describe, expect, it } from "vitest";
import { call, freshNamespace, get } from "./client";

const DUPLICATED = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: NAME\ndata:\n  a: one\n  a: two\n";

describe("duplicate YAML keys", () => {
  it("Strict (kubectl's default) → 400 naming the line and key, nothing stored", async () => {
    const ns = await freshNamespace();
    const res = await call("POST", `/api/v1/namespaces/${ns}/configmaps?fieldValidation=Strict`, DUPLICATED.replace("NAME", "dup"), {
      contentType: "application/yaml",
    });
    expect(res.status).toBe(400);
    expect(res.body.message).toBe(
      'ConfigMap in version "v1" cannot be handled as a ConfigMap: strict decoding error: yaml: unmarshal errors:\n  line 7: key "a" already set in map',
    );
    expect((await get(`/api/v1/namespaces/${ns}/configmaps/dup`)).status).toBe(404);
  });

  it("Warn → created with the last value and a Warning header; Ignore → created silently", async () => {
    const ns = await freshNamespace();
    const warn = await call("POST", `/api/v1/namespaces/${ns}/configmaps?fieldValidation=Warn`, DUPLICATED.replace("NAME", "w"), {
      contentType: "application/yaml",
    });
    expect(warn.status).toBe(201);
    expect(warn.body.data).toEqual({ a: "two" });
    expect(warn.headers.get("warning")).toContain('line 7: key \\"a\\" already set in map');
    const ignore = await call("POST", `/api/v1/namespaces/${ns}/configmaps?fieldValidation=Ignore`, DUPLICATED.replace("NAME", "i"), {
      contentType: "application/yaml",
    });
    expect(ignore.status).toBe(201);
    expect(ignore.headers.get("warning")).toBeNull();
  });
});
