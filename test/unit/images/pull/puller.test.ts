/** pullImage against a fake remote registry (a `fetch`) and the real IMAGES bucket as the image store. */
import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import type { Env } from "../../../../worker/env";
import { newAuthCache } from "../../../../worker/images/pull/distribution-client";
import { pullImage, type PullImageOptions } from "../../../../worker/images/pull/puller";
import { cachedBlobKey } from "../../../../worker/images/pull/cache";
import { repo } from "../../registry/helpers";
import { REGISTRY, fakeRegistry, testClock } from "./fake-registry";

const bucket = () => (env as unknown as Env).IMAGES;
const hex = (digest: string) => digest.slice("sha256:".length);

/** Each registry request takes 150 ms on the test clock. */
function setup(users?: Record<string, string>) {
  const clock = testClock();
  const reg = fakeRegistry({ now: clock.now, users });
  const fetch = async (r: Request) => {
    clock.advance(150);
    return reg.fetch(r);
  };
  const base = (image: string, extra: Partial<PullImageOptions> = {}): PullImageOptions => ({
    image,
    fetch,
    bucket: bucket(),
    ownHosts: ["k8s.test"],
    authorize: async () => true,
    auth: newAuthCache(),
    now: clock.now,
    ...extra,
  });
  return { clock, reg, base };
}

const dockerSecret = (host: string, user: string, pass: string) => ({
  type: "kubernetes.io/dockerconfigjson",
  data: { ".dockerconfigjson": btoa(JSON.stringify({ auths: { [host]: { auth: btoa(`${user}:${pass}`) } } })) },
});

describe("pullImage from another registry", () => {
  it("pulls, stores the blobs by digest and tells the story in events", async () => {
    const { reg, base } = setup();
    const name = repo("app");
    const image = await reg.addImage(name, "v1");
    const ref = `${REGISTRY}/${name}:v1`;
    const got = await pullImage(base(ref));
    if (!got.ok) throw new Error(got.message);
    const size = image.manifest.bytes.byteLength + image.config.bytes.byteLength + image.layers.reduce((n, l) => n + l.bytes.byteLength, 0);
    // 401, token, manifest, then a 307 and a CDN GET per blob: 9 requests × 150 ms.
    expect(got.events).toEqual([
      { type: "Normal", reason: "Pulling", message: `Pulling image "${ref}"` },
      { type: "Normal", reason: "Pulled", message: `Successfully pulled image "${ref}" in 1.35s (1.35s including waiting). Image size: ${size} bytes.` },
    ]);
    expect(got.imageID).toBe(`${REGISTRY}/${name}@${image.manifest.digest}`);
    expect(got.imageRef).toBe(got.imageID);
    expect(got.config).toEqual(image.config.bytes);
    expect(got.image.layers.map((l) => l.key)).toEqual(image.layers.map((l) => cachedBlobKey(hex(l.digest))));
    const stored = await bucket().get(got.image.layers[1].key);
    expect(new Uint8Array(await stored!.arrayBuffer())).toEqual(image.layers[1].bytes);
  });

  it("uses the stored image of a digest reference without any request (IfNotPresent)", async () => {
    const { reg, base } = setup();
    const name = repo("app");
    const image = await reg.addImage(name, "v1");
    const ref = `${REGISTRY}/${name}@${image.manifest.digest}`;
    expect((await pullImage(base(ref))).ok).toBe(true);
    const requests = reg.log.length;
    const again = await pullImage(base(ref));
    expect(again).toMatchObject({ ok: true, pulled: false, events: [{ type: "Normal", reason: "Pulled", message: `Container image "${ref}" already present on machine` }] });
    expect(reg.log.length).toBe(requests);
  });

  it("resolves the tag again under Always but fetches no blob twice", async () => {
    const { reg, base } = setup();
    const name = repo("app");
    await reg.addImage(name, "latest");
    const ref = `${REGISTRY}/${name}`;
    expect((await pullImage(base(ref))).ok).toBe(true);
    reg.log.length = 0;
    const again = await pullImage(base(ref));
    expect(again).toMatchObject({ ok: true, pulled: true });
    expect(reg.log.filter((l) => l.includes("/blobs/") || l.startsWith("GET cdn.test"))).toEqual([]);
    expect(reg.log.filter((l) => l.includes("/manifests/latest")).length).toBeGreaterThan(0);
  });

  it("refuses a missing image under Never", async () => {
    const { reg, base } = setup();
    const ref = `${REGISTRY}/${repo("app")}:v1`;
    expect(await pullImage(base(ref, { pullPolicy: "Never" }))).toEqual({
      ok: false,
      reason: "ErrImageNeverPull",
      message: `Container image "${ref}" is not present with pull policy of Never`,
      events: [{ type: "Warning", reason: "ErrImageNeverPull", message: `Container image "${ref}" is not present with pull policy of Never` }],
    });
    expect(reg.log).toEqual([]);
  });

  it("reports a missing tag as containerd does", async () => {
    const { reg, base } = setup();
    const name = repo("app");
    await reg.addImage(name, "v1");
    const ref = `${REGISTRY}/${name}:v2`;
    const message = `rpc error: code = NotFound desc = failed to pull and unpack image "${ref}": failed to resolve reference "${ref}": ${ref}: not found`;
    expect(await pullImage(base(ref))).toEqual({
      ok: false,
      reason: "ErrImagePull",
      message,
      events: [
        { type: "Normal", reason: "Pulling", message: `Pulling image "${ref}"` },
        { type: "Warning", reason: "Failed", message: `Failed to pull image "${ref}": ${message}` },
      ],
    });
  });

  it("refuses an invalid name before anything else", async () => {
    const { reg, base } = setup();
    const message = `Failed to apply default image tag "Bad/Name": couldn't parse image name "Bad/Name": invalid reference format: repository name (Name) must be lowercase`;
    expect(await pullImage(base("Bad/Name"))).toEqual({ ok: false, reason: "InvalidImageName", message, events: [{ type: "Warning", reason: "InspectFailed", message }] });
    expect(reg.log).toEqual([]);
  });

  it("chooses the platform's manifest from an index; imageID names the index", async () => {
    const { reg, base } = setup();
    const name = repo("multi");
    const arm = await reg.addImage(name, "arm", `${name}-arm`);
    const amd = await reg.addImage(name, "amd", `${name}-amd`);
    const index = await reg.addIndex(name, "v1", [
      { digest: arm.manifest.digest, size: arm.manifest.bytes.byteLength, platform: { os: "linux", architecture: "arm64" } },
      { digest: amd.manifest.digest, size: amd.manifest.bytes.byteLength, platform: { os: "linux", architecture: "amd64" } },
    ]);
    const got = await pullImage(base(`${REGISTRY}/${name}:v1`));
    expect(got).toMatchObject({ ok: true, imageID: `${REGISTRY}/${name}@${index.digest}`, imageRef: `${REGISTRY}/${name}@${amd.manifest.digest}` });
    const none = await pullImage(base(`${REGISTRY}/${name}:v1`, { platforms: [{ os: "windows", architecture: "amd64" }], pullPolicy: "Always" }));
    // The index's stored record is reused: one platform preference per cluster (cache.ts).
    expect(none.ok).toBe(true);
  });

  it("tries matching pull-secret credentials in order; no anonymous attempt after them", async () => {
    const { reg, base } = setup({ alice: "right" });
    const name = repo("private");
    await reg.addImage(name, "v1", name, true);
    const ref = `${REGISTRY}/${name}:v1`;
    const wrongThenRight = await pullImage(base(ref, { secrets: [dockerSecret(`${REGISTRY}/${name}`, "alice", "wrong"), dockerSecret(REGISTRY, "alice", "right")] }));
    expect(wrongThenRight.ok).toBe(true);

    const name2 = repo("private");
    await reg.addImage(name2, "v1", name2, true);
    const ref2 = `${REGISTRY}/${name2}:v1`;
    const bad = await pullImage(base(ref2, { secrets: [dockerSecret(REGISTRY, "alice", "no"), dockerSecret(`https://${REGISTRY}`, "alice", "nope")] }));
    expect(bad).toMatchObject({ ok: false, reason: "ErrImagePull" });
    if (!bad.ok) {
      expect(bad.message).toMatch(/^\[rpc error: code = Unknown desc = failed to pull and unpack image ".*": failed to resolve reference ".*": failed to authorize: failed to fetch token: .*401 Unauthorized, rpc error: .*\]$/);
    }
    const anonymous = await pullImage(base(ref2));
    expect(anonymous).toMatchObject({ ok: false, message: expect.stringContaining("pull access denied") });
  });
});
