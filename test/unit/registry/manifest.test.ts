/** Manifest media types, validation and the blobs / manifests a manifest references. */
import { describe, expect, it } from "vitest";
import { DOCKER_MANIFEST, DOCKER_MANIFEST_LIST, OCI_INDEX, OCI_MANIFEST, parseManifest } from "../../../worker/registry/manifest";
import { RegistryError } from "../../../worker/registry/errors";

const d = (c: string) => `sha256:${c.repeat(64)}`;
const desc = (mediaType: string, digest: string, extra: Record<string, unknown> = {}) => ({ mediaType, digest, size: 10, ...extra });
const LAYER = "application/vnd.oci.image.layer.v1.tar+gzip";
const CONFIG = "application/vnd.oci.image.config.v1+json";
const image = (extra: Record<string, unknown> = {}) => ({
  schemaVersion: 2,
  mediaType: OCI_MANIFEST,
  config: desc(CONFIG, d("c")),
  layers: [desc(LAYER, d("a")), desc(LAYER, d("b")), desc(LAYER, d("a"))],
  ...extra,
});
const bytes = (v: unknown) => new TextEncoder().encode(typeof v === "string" ? v : JSON.stringify(v));

function invalid(body: unknown, contentType: string | null): string {
  try {
    parseManifest(bytes(body), contentType);
  } catch (e) {
    expect(e).toBeInstanceOf(RegistryError);
    expect((e as RegistryError).code).toBe("MANIFEST_INVALID");
    return (e as RegistryError).message;
  }
  throw new Error("expected MANIFEST_INVALID");
}

describe("parseManifest", () => {
  it("an image manifest references its config and layers, once each", () => {
    expect(parseManifest(bytes(image()), OCI_MANIFEST)).toEqual({ mediaType: OCI_MANIFEST, blobs: [d("c"), d("a"), d("b")], manifests: [] });
  });

  it("an index references its manifests", () => {
    const index = { schemaVersion: 2, mediaType: OCI_INDEX, manifests: [desc(OCI_MANIFEST, d("1")), desc(OCI_MANIFEST, d("2"))] };
    expect(parseManifest(bytes(index), OCI_INDEX)).toEqual({ mediaType: OCI_INDEX, blobs: [], manifests: [d("1"), d("2")] });
  });

  it.each([
    ["the Content-Type", image(), `${OCI_MANIFEST}; charset=utf-8`, OCI_MANIFEST],
    ["the body's mediaType without a Content-Type", image(), null, OCI_MANIFEST],
    ["the body's mediaType under application/json", { ...image(), mediaType: DOCKER_MANIFEST }, "application/json", DOCKER_MANIFEST],
    ["an OCI manifest without mediaType", { ...image(), mediaType: undefined }, null, OCI_MANIFEST],
    ["an OCI index without mediaType", { schemaVersion: 2, manifests: [] }, "", OCI_INDEX],
    ["a Docker manifest list", { schemaVersion: 2, mediaType: DOCKER_MANIFEST_LIST, manifests: [] }, DOCKER_MANIFEST_LIST, DOCKER_MANIFEST_LIST],
  ])("media type from %s", (_, body, contentType, want) => {
    expect(parseManifest(bytes(body), contentType).mediaType).toBe(want);
  });

  it("does not require foreign layers fetched from urls", () => {
    const foreign = desc("application/vnd.docker.image.rootfs.foreign.diff.tar.gzip", d("f"), { urls: ["https://example.com/l"] });
    const m = { schemaVersion: 2, mediaType: DOCKER_MANIFEST, config: desc(CONFIG, d("c")), layers: [foreign, desc(LAYER, d("a"))] };
    expect(parseManifest(bytes(m), DOCKER_MANIFEST).blobs).toEqual([d("c"), d("a")]);
  });

  it.each([
    ["not JSON", "{", OCI_MANIFEST, "not valid JSON"],
    ["an array", [], OCI_MANIFEST, "not a JSON object"],
    ["schemaVersion 1", image({ schemaVersion: 1 }), OCI_MANIFEST, "schemaVersion"],
    ["no schemaVersion", image({ schemaVersion: undefined }), OCI_MANIFEST, "schemaVersion"],
    ["an unsupported media type", image(), "application/vnd.docker.distribution.manifest.v1+prettyjws", "unsupported manifest media type"],
    ["a mediaType differing from the Content-Type", image(), DOCKER_MANIFEST, "should be"],
    ["no media type at all", { schemaVersion: 2 }, null, "no media type"],
    ["no config", image({ config: undefined }), OCI_MANIFEST, "config must be a descriptor"],
    ["layers not an array", image({ layers: {} }), OCI_MANIFEST, "layers must be an array"],
    ["a sha512 layer", image({ layers: [desc(LAYER, `sha512:${"a".repeat(128)}`)] }), OCI_MANIFEST, "unsupported digest algorithm"],
    ["a bad digest", image({ layers: [desc(LAYER, "sha256:xyz")] }), OCI_MANIFEST, "layers[0].digest"],
    ["a negative size", image({ config: { ...desc(CONFIG, d("c")), size: -1 } }), OCI_MANIFEST, "config.size"],
    ["a descriptor without mediaType", image({ layers: [{ digest: d("a"), size: 1 }] }), OCI_MANIFEST, "layers[0].mediaType"],
    ["an index without manifests", { schemaVersion: 2, mediaType: OCI_INDEX }, OCI_INDEX, "manifests must be an array"],
  ])("rejects %s", (_, body, contentType, message) => {
    expect(invalid(body, contentType)).toContain(message);
  });
});
