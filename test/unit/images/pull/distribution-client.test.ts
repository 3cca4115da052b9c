import { describe, expect, it } from "vitest";
import { fetchBlob, fetchManifest, newAuthCache, type ClientOptions } from "../../../../worker/images/pull/distribution-client";
import type { RegistryCredentials } from "../../../../worker/images/pull/credentials";
import { enc } from "../../registry/helpers";
import { REGISTRY, fakeRegistry, testClock, type FakeOptions } from "./fake-registry";

function setup(opts: Partial<FakeOptions> = {}, credentials?: RegistryCredentials) {
  const clock = testClock();
  const reg = fakeRegistry({ now: clock.now, ...opts });
  const client: ClientOptions = { fetch: reg.fetch, credentials, auth: newAuthCache(), now: clock.now };
  return { clock, reg, client };
}

describe("fetchManifest", () => {
  it("follows the token flow anonymously and verifies the digest", async () => {
    const { reg, client } = setup();
    const image = await reg.addImage("library/app", "v1");
    const got = await fetchManifest(client, REGISTRY, "library/app", "v1");
    expect(got).toEqual({ ok: true, value: { bytes: image.manifest.bytes, contentType: "application/vnd.oci.image.manifest.v1+json", digest: image.manifest.digest } });
    expect(reg.log).toEqual([`GET ${REGISTRY}/v2/library/app/manifests/v1`, "GET auth.test/token", `GET ${REGISTRY}/v2/library/app/manifests/v1`]);
  });

  it("reuses a token until it expires, then asks for a new one", async () => {
    const { reg, client, clock } = setup({ tokenSeconds: 60 });
    await reg.addImage("library/app", "v1");
    await fetchManifest(client, REGISTRY, "library/app", "v1");
    await fetchManifest(client, REGISTRY, "library/app", "v1");
    expect(reg.state.tokensIssued).toBe(1);
    clock.advance(61_000);
    reg.log.length = 0;
    const got = await fetchManifest(client, REGISTRY, "library/app", "v1");
    expect(got.ok).toBe(true);
    expect(reg.state.tokensIssued).toBe(2);
    // The expired token is not offered first: a new one is asked for up front.
    expect(reg.log).toEqual(["GET auth.test/token", `GET ${REGISTRY}/v2/library/app/manifests/v1`]);
  });

  it("sends credentials to the token server for a private repository", async () => {
    const { reg, client } = setup({ users: { alice: "s3cret" } }, { username: "alice", password: "s3cret" });
    await reg.addImage("team/private", "v1", "p", true);
    expect((await fetchManifest(client, REGISTRY, "team/private", "v1")).ok).toBe(true);
  });

  it("is denied a private repository anonymously, with the registry's message", async () => {
    const { reg, client } = setup();
    await reg.addImage("team/private", "v1", "p", true);
    expect(await fetchManifest(client, REGISTRY, "team/private", "v1")).toEqual({
      ok: false,
      failure: {
        kind: "unauthorized",
        stage: "resolve",
        detail: "pull access denied, repository does not exist or may require authorization: server message: unauthorized: insufficient_scope: authorization failed",
      },
    });
  });

  it("reports a token server refusing the credentials", async () => {
    const { reg, client } = setup({ users: { alice: "s3cret" } }, { username: "alice", password: "wrong" });
    await reg.addImage("team/private", "v1", "p", true);
    const got = await fetchManifest(client, REGISTRY, "team/private", "v1");
    expect(got).toMatchObject({ ok: false, failure: { kind: "unauthorized", detail: expect.stringMatching(/^failed to authorize: failed to fetch token: unexpected status from GET request to https:\/\/auth\.test\/token\?.*: 401 Unauthorized$/) } });
  });

  it("uses Basic credentials on a Basic challenge, and fails without them", async () => {
    const withCreds = setup({ auth: "basic", users: { bob: "pw" } }, { username: "bob", password: "pw" });
    await withCreds.reg.addImage("a/b", "v1");
    expect((await fetchManifest(withCreds.client, REGISTRY, "a/b", "v1")).ok).toBe(true);
    const without = setup({ auth: "basic", users: { bob: "pw" } });
    await without.reg.addImage("a/b", "v1");
    expect(await fetchManifest(without.client, REGISTRY, "a/b", "v1")).toMatchObject({ ok: false, failure: { kind: "unauthorized" } });
  });

  it("fails on a 401 without a challenge", async () => {
    const { reg, client } = setup({ auth: "no-challenge" });
    await reg.addImage("a/b", "v1");
    expect(await fetchManifest(client, REGISTRY, "a/b", "v1")).toMatchObject({ ok: false, failure: { kind: "unauthorized", stage: "resolve" } });
  });

  it.each([
    ["an unknown tag", "a/b", "nope"],
    ["an unknown repository", "x/y", "v1"],
  ])("reports %s as not found", async (_, name, ref) => {
    const { reg, client } = setup();
    await reg.addImage("a/b", "v1");
    expect(await fetchManifest(client, REGISTRY, name, ref)).toEqual({ ok: false, failure: { kind: "not-found", stage: "resolve" } });
  });

  it("refuses bytes whose digest is not the one asked for or announced", async () => {
    const { reg, client } = setup({ auth: "none" });
    const image = await reg.addImage("a/b", "v1");
    const other = enc('{"schemaVersion":2}');
    reg.repos.get("a/b")!.manifests.set(image.manifest.digest, { bytes: other, contentType: "application/vnd.oci.image.manifest.v1+json" });
    expect(await fetchManifest(client, REGISTRY, "a/b", image.manifest.digest)).toMatchObject({ ok: false, failure: { kind: "invalid", detail: expect.stringContaining(`expected ${image.manifest.digest}`) } });
  });

  it("reports a network failure", async () => {
    const { reg, client } = setup();
    reg.state.offline = true;
    expect(await fetchManifest(client, REGISTRY, "a/b", "v1")).toEqual({
      ok: false,
      failure: { kind: "network", stage: "resolve", detail: `failed to do request: Get "https://${REGISTRY}/v2/a/b/manifests/v1": Network connection lost.` },
    });
  });
});

describe("fetchBlob", () => {
  it("follows the redirect without the Authorization header and verifies the bytes", async () => {
    const { reg, client } = setup();
    const image = await reg.addImage("a/b", "v1");
    const layer = image.layers[1];
    const got = await fetchBlob(client, REGISTRY, "a/b", { digest: layer.digest, size: layer.bytes.byteLength });
    expect(got).toEqual({ ok: true, value: layer.bytes });
    expect(reg.log.at(-1)).toBe(`GET cdn.test/${layer.digest}`);
  });

  it("refuses a blob whose bytes are not its digest, or not its size", async () => {
    const { reg, client } = setup({ auth: "none" });
    const image = await reg.addImage("a/b", "v1");
    const layer = image.layers[0];
    const d = { digest: layer.digest, size: layer.bytes.byteLength };
    reg.repos.get("a/b")!.blobs.set(layer.digest, enc("X".repeat(layer.bytes.byteLength)));
    expect(await fetchBlob(client, REGISTRY, "a/b", d)).toMatchObject({ ok: false, failure: { kind: "invalid", stage: "fetch", detail: expect.stringContaining(`unexpected commit digest`) } });
    reg.repos.get("a/b")!.blobs.set(layer.digest, enc("short"));
    expect(await fetchBlob(client, REGISTRY, "a/b", d)).toMatchObject({ ok: false, failure: { kind: "invalid", detail: expect.stringContaining("unexpected commit size 5") } });
  });

  it("reports an unknown blob as not found", async () => {
    const { reg, client } = setup();
    await reg.addImage("a/b", "v1");
    const got = await fetchBlob(client, REGISTRY, "a/b", { digest: `sha256:${"0".repeat(64)}`, size: 1 });
    expect(got).toMatchObject({ ok: false, failure: { kind: "not-found", stage: "fetch" } });
  });
});
