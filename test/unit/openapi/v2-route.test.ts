/** `GET /openapi/v2` on the real Worker: protobuf for client-go, JSON on request, ETag + 304, 406. */
import { SELF } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { OPENAPI_V2_PROTOBUF, OPENAPI_V2_PROTOBUF_ALT } from "../../../worker/openapi/v2";
import { BASE, TOKEN } from "../api/client";
import { decodeDefinitions } from "./v2-decode";

const fetchV2 = (headers: Record<string, string> = {}) =>
  SELF.fetch(`${BASE}/openapi/v2?timeout=32s`, { headers: { Authorization: `Bearer ${TOKEN}`, ...headers } });

describe("GET /openapi/v2", () => {
  it("answers client-go's protobuf Accept with a gnostic Document, and 304 on its ETag", async () => {
    const res = await fetchV2({ Accept: OPENAPI_V2_PROTOBUF });
    expect(res.status).toBe(200);
    // Upstream's spelling: Go's mime.ParseMediaType rejects the `@` of the requested one.
    expect(res.headers.get("content-type")).toBe(OPENAPI_V2_PROTOBUF_ALT);
    const etag = res.headers.get("etag")!;
    expect(etag).toMatch(/^"[0-9A-F]{128}"$/);
    const { doc, definitions } = decodeDefinitions(new Uint8Array(await res.arrayBuffer()));
    expect(doc.swagger).toBe("2.0");
    expect(definitions["io.k8s.api.apps.v1.Deployment"]["x-kubernetes-group-version-kind"]).toEqual([
      { group: "apps", version: "v1", kind: "Deployment" },
    ]);
    const again = await fetchV2({ Accept: OPENAPI_V2_PROTOBUF, "If-None-Match": etag });
    expect(again.status).toBe(304);
    expect(again.headers.get("etag")).toBe(etag);
  });

  it("serves JSON by default and under the same ETag, the other protobuf spelling, and 406 otherwise", async () => {
    const json = await fetchV2({ Accept: "application/json" });
    expect(json.headers.get("content-type")).toBe("application/json");
    const body = await json.json<{ swagger: string; definitions: Record<string, unknown> }>();
    expect(body.swagger).toBe("2.0");
    expect(body.definitions["io.k8s.api.core.v1.ConfigMap"]).toBeTruthy();
    const pb = await fetchV2({ Accept: OPENAPI_V2_PROTOBUF });
    await pb.arrayBuffer();
    expect(json.headers.get("etag")).toBe(pb.headers.get("etag"));
    const alt = await fetchV2({ Accept: OPENAPI_V2_PROTOBUF_ALT });
    expect(alt.headers.get("content-type")).toBe(OPENAPI_V2_PROTOBUF_ALT);
    await alt.arrayBuffer();
    const refused = await fetchV2({ Accept: "text/html" });
    expect(refused.status).toBe(406);
    await refused.arrayBuffer();
  });
});
