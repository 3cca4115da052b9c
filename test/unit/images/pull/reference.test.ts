import { describe, expect, it } from "vitest";
import { applyDefaultImageTag, parseImageReference } from "../../../../worker/images/pull/reference";

const D = `sha256:${"a".repeat(64)}`;

describe("parseImageReference (ParseNormalizedNamed + ParseImageName)", () => {
  it.each([
    ["nginx", "docker.io", "library/nginx", "latest", undefined, "registry-1.docker.io", "docker.io/library/nginx:latest"],
    ["nginx:1.25", "docker.io", "library/nginx", "1.25", undefined, "registry-1.docker.io", "docker.io/library/nginx:1.25"],
    ["nginx:Latest", "docker.io", "library/nginx", "Latest", undefined, "registry-1.docker.io", "docker.io/library/nginx:Latest"],
    ["team/app", "docker.io", "team/app", "latest", undefined, "registry-1.docker.io", "docker.io/team/app:latest"],
    ["docker.io/busybox", "docker.io", "library/busybox", "latest", undefined, "registry-1.docker.io", "docker.io/library/busybox:latest"],
    ["index.docker.io/nginx", "docker.io", "library/nginx", "latest", undefined, "registry-1.docker.io", "docker.io/library/nginx:latest"],
    ["localhost/app", "localhost", "app", "latest", undefined, "localhost", "localhost/app:latest"],
    ["localhost:8787/team/app:v1", "localhost:8787", "team/app", "v1", undefined, "localhost:8787", "localhost:8787/team/app:v1"],
    ["127.0.0.1:5000/a/b/c", "127.0.0.1:5000", "a/b/c", "latest", undefined, "127.0.0.1:5000", "127.0.0.1:5000/a/b/c:latest"],
    ["[::1]:5000/x", "[::1]:5000", "x", "latest", undefined, "[::1]:5000", "[::1]:5000/x:latest"],
    ["Registry/app", "Registry", "app", "latest", undefined, "Registry", "Registry/app:latest"],
    ["ghcr.io/o/r-x__y.z", "ghcr.io", "o/r-x__y.z", "latest", undefined, "ghcr.io", "ghcr.io/o/r-x__y.z:latest"],
    [`ghcr.io/o/r@${D}`, "ghcr.io", "o/r", undefined, D, "ghcr.io", `ghcr.io/o/r@${D}`],
    [`ghcr.io/o/r:v1@${D}`, "ghcr.io", "o/r", "v1", D, "ghcr.io", `ghcr.io/o/r@${D}`],
    [`busybox@${D}`, "docker.io", "library/busybox", undefined, D, "registry-1.docker.io", `docker.io/library/busybox@${D}`],
  ])("%s", (image, domain, path, tag, digest, apiHost, resolvable) => {
    const r = parseImageReference(image);
    expect(r).toEqual({ ok: true, value: { domain, path, name: `${domain}/${path}`, tag, digest, apiHost, resolvable } });
  });

  it.each([
    ["Nginx", "invalid reference format: repository name (library/Nginx) must be lowercase"],
    ["ghcr.io/Team/app:v1", "invalid reference format: repository name (Team/app) must be lowercase"],
    ["", "invalid reference format"],
    ["nginx:", "invalid reference format"],
    ["-nginx", "invalid reference format"],
    ["nginx:tag with space", "invalid reference format"],
    ["ghcr.io//x", "invalid reference format"],
    ["nginx@sha256:abc", "invalid reference format"],
    [`nginx@sha256:${"a".repeat(40)}`, "invalid checksum digest length"],
    [`nginx@sha256:${"A".repeat(64)}`, "invalid checksum digest format"],
    [`nginx@md5:${"a".repeat(32)}`, "unsupported digest algorithm"],
    ["a".repeat(64), `invalid repository name (${"a".repeat(64)}), cannot specify 64-byte hexadecimal strings`],
    [`ghcr.io/${"a/".repeat(130)}b`, "repository name must not be more than 255 characters"],
  ])("%j is refused", (image, error) => {
    expect(parseImageReference(image)).toEqual({ ok: false, message: `couldn't parse image name ${JSON.stringify(image)}: ${error}` });
  });
});

describe("applyDefaultImageTag", () => {
  it.each([
    ["busybox", "busybox:latest"],
    ["busybox:latest", "busybox:latest"],
    ["busybox:1.36", "busybox:1.36"],
    ["localhost:5000/app", "localhost:5000/app:latest"],
    [`busybox@${D}`, `busybox@${D}`],
    [`busybox:1@${D}`, `busybox:1@${D}`],
  ])("%s → %s", (image, want) => {
    expect(applyDefaultImageTag(image)).toEqual({ ok: true, value: want });
  });

  it("passes the parse error on", () => {
    expect(applyDefaultImageTag("Busybox").ok).toBe(false);
  });
});
