/** Container paths: cleaning, the mount a path falls in (longest prefix on a component boundary), mount points below it. */
import { describe, expect, it } from "vitest";
import { cleanContainerPath, mountTable, resolveContainerPath } from "../../../../worker/kubelet/volumes/container-path";

describe("cleanContainerPath", () => {
  it.each([
    ["/data/x", "/data/x"],
    ["data/x", "/data/x"],
    ["/data//x/", "/data/x"],
    ["/data/./x", "/data/x"],
    ["/data/../etc/passwd", "/etc/passwd"],
    ["/../../x", "/x"],
    ["/", "/"],
    ["", "/"],
  ])("%j → %j", (path, clean) => expect(cleanContainerPath(path)).toBe(clean));

  it.each([["a\0b"], [7], [null]])("refuses %j", (path) => expect(cleanContainerPath(path)).toBeNull());
});

describe("mountTable", () => {
  it("cleans mount paths, puts the longest first, lets a volume win over data at the same path, drops bad subPaths", () => {
    const table = mountTable({
      mounts: { "/data/": { handle: "pvc-1", readOnly: false }, "/data/cache": { handle: "emptydir/u/cache", readOnly: false, subPath: "/a/" }, "/bad": { handle: "h", readOnly: false, subPath: "../x" } },
      data: { "/etc/config": { "app.conf": "x" }, "/data": { shadowed: "y" } },
    });
    expect(table.map((m) => [m.mountPath, m.source.kind, m.root])).toEqual([
      ["/data/cache", "volume", "a"],
      ["/etc/config", "data", ""],
      ["/data", "volume", ""],
    ]);
  });

  it("reads readOnly strictly", () => {
    expect(mountTable({ mounts: { "/d": { handle: "h", readOnly: "yes" as unknown as boolean } } })[0].source).toEqual({ kind: "volume", handle: "h", readOnly: false });
  });
});

describe("resolveContainerPath", () => {
  const table = mountTable({
    mounts: { "/data": { handle: "pvc-1", readOnly: false }, "/data/cache": { handle: "cache", readOnly: true, subPath: "sub" }, "/var/log/app": { handle: "logs", readOnly: false } },
    data: { "/etc/config": { "app.conf": "x" } },
  });
  const where = (path: string) => {
    const at = resolveContainerPath(path, table);
    return { mount: at.mount ? [at.mount.mount.mountPath, at.mount.volumePath] : null, below: at.mountChildren };
  };

  it.each([
    ["/data/x.txt", { mount: ["/data", "x.txt"], below: [] }],
    ["/data", { mount: ["/data", ""], below: ["cache"] }],
    ["/data/a/b", { mount: ["/data", "a/b"], below: [] }],
    ["/data/cache", { mount: ["/data/cache", "sub"], below: [] }],
    ["/data/cache/k", { mount: ["/data/cache", "sub/k"], below: [] }],
    ["/data/cachex", { mount: ["/data", "cachex"], below: [] }],
    ["/database", { mount: null, below: [] }],
    ["/etc/config/app.conf", { mount: ["/etc/config", "app.conf"], below: [] }],
    ["/etc", { mount: null, below: ["config"] }],
    ["/var", { mount: null, below: ["log"] }],
    ["/", { mount: null, below: ["data", "etc", "var"] }],
    ["/x", { mount: null, below: [] }],
  ])("%s", (path, expected) => expect(where(path)).toEqual(expected));

  it("puts everything under a mount at /", () => {
    const root = mountTable({ mounts: { "/": { handle: "r", readOnly: false } } });
    expect(resolveContainerPath("/a/b", root).mount?.volumePath).toBe("a/b");
    expect(resolveContainerPath("/", root).mount?.volumePath).toBe("");
  });
});
