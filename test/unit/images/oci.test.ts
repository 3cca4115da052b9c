/** Manifests and indexes as a puller reads them, and the platform choice from an index. */
import { describe, expect, it } from "vitest";
import {
  DOCKER_CONFIG,
  DOCKER_MANIFEST,
  DOCKER_MANIFEST_LIST,
  ISOLATE_PLATFORMS,
  OCI_CONFIG,
  OCI_INDEX,
  OCI_LAYER_GZIP,
  OCI_MANIFEST,
  parseImageDocument,
  selectManifest,
  type Descriptor,
  type Platform,
} from "../../../worker/images/oci";
import { enc } from "./helpers";

const d = (c: string) => `sha256:${c.repeat(64)}`;
const desc = (mediaType: string, digest: string, extra: Partial<Descriptor> = {}): Descriptor => ({ mediaType, digest, size: 10, ...extra });
const json = (v: unknown) => enc(JSON.stringify(v));
const manifest = (extra: Record<string, unknown> = {}) => ({
  schemaVersion: 2,
  mediaType: OCI_MANIFEST,
  config: desc(OCI_CONFIG, d("c")),
  layers: [desc(OCI_LAYER_GZIP, d("a")), desc("application/vnd.oci.image.layer.v1.tar", d("b"))],
  ...extra,
});

describe("parseImageDocument", () => {
  it("reads an OCI image manifest's config and layers", () => {
    const r = parseImageDocument(json(manifest()), OCI_MANIFEST);
    expect(r).toEqual({ ok: true, value: { kind: "manifest", mediaType: OCI_MANIFEST, config: desc(OCI_CONFIG, d("c")), layers: manifest().layers } });
  });

  it("reads a Docker schema 2 manifest", () => {
    const m = { schemaVersion: 2, mediaType: DOCKER_MANIFEST, config: desc(DOCKER_CONFIG, d("c")), layers: [desc("application/vnd.docker.image.rootfs.diff.tar.gzip", d("a"))] };
    const r = parseImageDocument(json(m), "application/json");
    expect(r.ok && r.value.kind).toBe("manifest");
  });

  it.each([
    [OCI_INDEX, OCI_INDEX],
    [DOCKER_MANIFEST_LIST, DOCKER_MANIFEST_LIST],
  ])("reads an index (%s)", (mediaType) => {
    const entries = [desc(OCI_MANIFEST, d("1"), { platform: { os: "js", architecture: "wasm" } })];
    const r = parseImageDocument(json({ schemaVersion: 2, mediaType, manifests: entries }), mediaType);
    expect(r).toEqual({ ok: true, value: { kind: "index", mediaType, manifests: entries } });
  });

  it.each<[string, unknown, string | null, RegExp]>([
    ["not JSON", "{", OCI_MANIFEST, /not valid JSON/],
    ["schemaVersion 1", manifest({ schemaVersion: 1 }), OCI_MANIFEST, /schemaVersion/],
    ["an artifact config", manifest({ config: desc("application/vnd.cncf.helm.config.v1+json", d("c")) }), OCI_MANIFEST, /not a container image config/],
    ["a zstd layer", manifest({ layers: [desc("application/vnd.oci.image.layer.v1.tar+zstd", d("a"))] }), OCI_MANIFEST, /zstd/],
    ["a non-tar layer", manifest({ layers: [desc("application/wasm", d("a"))] }), OCI_MANIFEST, /not a tar layer/],
    ["a foreign layer", manifest({ layers: [desc("application/vnd.docker.image.rootfs.foreign.diff.tar.gzip", d("a"), { urls: ["https://x/l"] })] }), OCI_MANIFEST, /foreign/],
    ["a bad digest", manifest({ config: desc(OCI_CONFIG, "sha256:abc") }), OCI_MANIFEST, /digest/],
  ])("refuses %s", (_, body, contentType, reason) => {
    const r = parseImageDocument(typeof body === "string" ? enc(body) : json(body), contentType);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.reason).toMatch(reason);
  });
});

describe("selectManifest", () => {
  const p = (os: string, architecture: string, variant?: string): Platform => ({ os, architecture, ...(variant ? { variant } : {}) });
  const amd64 = desc(OCI_MANIFEST, d("1"), { platform: p("linux", "amd64") });
  const arm64 = desc(OCI_MANIFEST, d("2"), { platform: p("linux", "arm64", "v8") });
  const js = desc(OCI_MANIFEST, d("3"), { platform: p("js", "wasm") });
  const attestation = desc(OCI_MANIFEST, d("4"), { platform: p("unknown", "unknown"), annotations: { "vnd.docker.reference.type": "attestation-manifest" } });
  const nested = desc(OCI_INDEX, d("5"), { platform: p("js", "wasm") });
  const noPlatform = desc(OCI_MANIFEST, d("6"));

  it.each<[string, Descriptor[], Platform[] | undefined, Descriptor]>([
    ["the js/wasm image first, wherever it is listed", [amd64, arm64, js, attestation], undefined, js],
    ["a docker-built linux image when there is no js/wasm one", [attestation, arm64, amd64], undefined, amd64],
    ["the wanted order, not the index order", [amd64, arm64], [p("linux", "arm64"), p("linux", "amd64")], arm64],
    ["a variant when one is wanted", [amd64, arm64], [p("linux", "arm64", "v8")], arm64],
    ["an entry without a platform after explicit matches", [noPlatform, amd64], undefined, amd64],
    ["an entry without a platform when nothing else matches", [attestation, noPlatform], undefined, noPlatform],
    ["image manifests only, not a nested index", [nested, amd64], undefined, amd64],
  ])("picks %s", (_, manifests, wanted, want) => {
    expect(selectManifest(manifests, wanted)).toEqual({ ok: true, value: want });
  });

  it.each<[string, Descriptor[], Platform[]]>([
    ["no matching platform", [amd64, attestation], [p("js", "wasm")]],
    ["a variant mismatch", [arm64], [p("linux", "arm64", "v7")]],
    ["an empty index", [], ISOLATE_PLATFORMS],
  ])("finds nothing for %s, and says what there is", (_, manifests, wanted) => {
    const r = selectManifest(manifests, wanted);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.reason).toContain(`no image in the index for ${wanted.map((w) => [w.os, w.architecture, w.variant].filter(Boolean).join("/")).join(" or ")}`);
  });

  it("lists the index's platforms in the failure", () => {
    const r = selectManifest([amd64, arm64], [p("js", "wasm")]);
    expect(!r.ok && r.reason).toBe("no image in the index for js/wasm (it has linux/amd64, linux/arm64/v8)");
  });
});
