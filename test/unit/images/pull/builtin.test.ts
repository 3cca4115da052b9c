/** Pulling from the built-in registry in place: images pushed through the real Worker's /v2/, read from R2. */
import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import type { Env } from "../../../../worker/env";
import { isOwnHost } from "../../../../worker/images/pull/builtin";
import { newAuthCache } from "../../../../worker/images/pull/distribution-client";
import { pullImage, type PullImageOptions } from "../../../../worker/images/pull/puller";
import { blobKey } from "../../../../worker/registry/storage";
import { enc, imageOf, pushImage, repo } from "../../registry/helpers";
import { testClock } from "./fake-registry";

const bucket = () => (env as unknown as Env).IMAGES;
const hex = (digest: string) => digest.slice("sha256:".length);

function options(image: string, extra: Partial<PullImageOptions> = {}): PullImageOptions & { asked: string[] } {
  const asked: string[] = [];
  return {
    image,
    fetch: async (r) => {
      throw new Error(`no HTTP expected, got ${r.url}`);
    },
    bucket: bucket(),
    ownHosts: ["k8s.test", "localhost:8787"],
    authorize: async (verb, path) => {
      asked.push(`${verb} ${path}`);
      return true;
    },
    auth: newAuthCache(),
    now: testClock().now,
    asked,
    ...extra,
  };
}

describe("isOwnHost", () => {
  it.each([
    ["k8s.test", true],
    ["K8S.test", true],
    ["localhost:8787", true],
    ["localhost", false],
    ["k8s.test:443", false],
  ])("%s → %s", (domain, want) => expect(isOwnHost(domain, ["k8s.test", "localhost:8787"])).toBe(want));
});

describe("pullImage from the built-in registry", () => {
  it("reads the image in place, authorized per path, without HTTP", async () => {
    const name = repo("own");
    const image = await imageOf(name);
    await pushImage(name, "v1", image);
    const o = options(`k8s.test/${name}:v1`);
    const got = await pullImage(o);
    if (!got.ok) throw new Error(got.message);
    expect(got.imageID).toBe(`k8s.test/${name}@${image.manifest.digest}`);
    expect(got.config).toEqual(image.config.bytes);
    expect(got.image.layers.map((l) => l.key)).toEqual(image.layers.map((l) => blobKey(hex(l.digest))));
    expect(got.events.map((e) => e.reason)).toEqual(["Pulling", "Pulled"]);
    expect(o.asked).toEqual([`get /v2/${name}/manifests/v1`, ...[image.config, ...image.layers].map((b) => `get /v2/${name}/blobs/${b.digest}`)]);
  });

  it("is refused when the authorizer says no", async () => {
    const name = repo("own");
    await pushImage(name, "v1", await imageOf(name));
    const ref = `localhost:8787/${name}:v1`;
    const got = await pullImage(options(ref, { authorize: async () => false }));
    expect(got).toMatchObject({
      ok: false,
      reason: "ErrImagePull",
      message: `rpc error: code = Unknown desc = failed to pull and unpack image "${ref}": failed to resolve reference "${ref}": pull access denied, repository does not exist or may require authorization: server message: denied: requested access to the resource is denied`,
    });
  });

  it("reports an unknown tag as not found", async () => {
    const name = repo("own");
    await pushImage(name, "v1", await imageOf(name));
    const got = await pullImage(options(`k8s.test/${name}:v9`));
    expect(got).toMatchObject({ ok: false, message: expect.stringMatching(/^rpc error: code = NotFound desc = .*: k8s\.test\/.*:v9: not found$/) });
  });

  it("refuses a stored blob whose bytes are not its digest", async () => {
    const name = repo("own");
    const image = await imageOf(`${name}-corrupt`);
    await pushImage(name, "v1", image);
    const layer = image.layers[0];
    await bucket().put(blobKey(hex(layer.digest)), enc("Z".repeat(layer.bytes.byteLength)));
    const got = await pullImage(options(`k8s.test/${name}:v1`));
    expect(got).toMatchObject({ ok: false, message: expect.stringContaining(`blob ${layer.digest}: unexpected digest`) });
  });

  it("refuses a blob the repository does not link", async () => {
    const a = repo("own");
    const image = await imageOf(a);
    await pushImage(a, "v1", image);
    await bucket().delete(`repositories/${a}/_layers/sha256/${hex(image.layers[1].digest)}`);
    const got = await pullImage(options(`k8s.test/${a}:v1`));
    expect(got).toMatchObject({ ok: false, message: expect.stringContaining(`code = NotFound`) });
  });
});
