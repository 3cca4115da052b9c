/**
 * A container's volumes API: PodFiles over real VolumeDOs (mount resolution, EROFS/ENOENT/EISDIR/ENOSPC as
 * Node words them, data volumes), and the PodVolumes entrypoint reached as the main Worker's
 * `exports.PodVolumes({ props })`, from the test and from a container isolate loaded with env.LOADER.
 */
import { exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { containerCode } from "../../../../worker/kubelet/isolate/container-code";
import { containerEnv } from "../../../../worker/kubelet/isolate/container-env";
import { containerId } from "../../../../worker/kubelet/isolate/container-id";
import { runContainer, startContainer } from "../../../../worker/kubelet/isolate/runtime";
import type { PodVolumesProps } from "../../../../worker/kubelet/volumes/container-path";
import { emptyDirHandle, persistentVolumeHandle } from "../../../../worker/kubelet/volumes/handles";
import { PodFiles, type VolumeStore } from "../../../../worker/kubelet/volumes/pod-files";
import { podVolumesBinding } from "../../../../worker/kubelet/volumes/pod-volumes";
import { E, image, kube } from "../isolate/fixtures";

const open = (handle: string): VolumeStore => E.VOLUMES.getByName(handle);

function podProps(): PodVolumesProps {
  const podUid = crypto.randomUUID();
  return {
    mounts: {
      "/data": { handle: persistentVolumeHandle(`pvc-${crypto.randomUUID()}`), readOnly: false },
      "/data/cache": { handle: emptyDirHandle(podUid, "cache"), readOnly: false },
      "/seed": { handle: emptyDirHandle(podUid, "seed"), readOnly: true },
      "/var/log/app": { handle: emptyDirHandle(podUid, "logs"), readOnly: false, subPath: "app" },
    },
    data: { "/etc/config": { "app.conf": "port=8080", "conf.d/x.conf": "x=1" } },
  };
}

const failure = (out: { ok: boolean; error?: { code: string; message: string } }) => (out.ok ? out : [out.error?.code, out.error?.message]);

describe("PodFiles", () => {
  it("writes and reads through the mounts, each volume on its own", async () => {
    const props = podProps();
    const fs = new PodFiles(props, open);
    expect(await fs.writeFile("/data/count", "1")).toEqual({ ok: true, value: null });
    expect(await fs.appendFile("/data/cache/hits", "a")).toEqual({ ok: true, value: null });
    await fs.appendFile("/data/cache/hits", "b");
    expect(await fs.readFile("/data/count", "utf8")).toEqual({ ok: true, value: "1" });
    expect(await fs.readFile("/data/./sub/../count", { encoding: "utf-8" })).toEqual({ ok: true, value: "1" });
    expect(await fs.readFile("/data/cache/hits")).toEqual({ ok: true, value: new TextEncoder().encode("ab") });
    expect(await fs.readFile("/data/cache/hits", "base64")).toEqual({ ok: true, value: btoa("ab") });
    expect(await fs.readdir("/data")).toEqual({ ok: true, value: ["cache", "count"] });
    expect(await fs.readdir("/data/cache/")).toEqual({ ok: true, value: ["hits"] });
    const cache = open(props.mounts["/data/cache"].handle);
    expect(await cache.list("")).toMatchObject({ ok: true, value: [{ name: "hits", size: 2 }] });
    expect(await open(props.mounts["/data"].handle).list("")).toMatchObject({ ok: true, value: [{ name: "count" }] });
  });

  it("mounts a subPath of its volume", async () => {
    const props = podProps();
    const fs = new PodFiles(props, open);
    expect(await fs.readdir("/var/log/app")).toEqual({ ok: true, value: [] });
    await fs.writeFile("/var/log/app/today.log", "started\n");
    expect(await open(props.mounts["/var/log/app"].handle).list("app")).toMatchObject({ ok: true, value: [{ name: "today.log", size: 8 }] });
    expect(await fs.readdir("/var")).toEqual({ ok: true, value: ["log"] });
  });

  it("reads the data volumes with the same calls", async () => {
    const fs = new PodFiles(podProps(), open);
    expect(await fs.readFile("/etc/config/app.conf", "utf8")).toEqual({ ok: true, value: "port=8080" });
    expect(await fs.readFile("/etc/config/conf.d/x.conf")).toEqual({ ok: true, value: new TextEncoder().encode("x=1") });
    expect(await fs.readdir("/etc/config")).toEqual({ ok: true, value: ["app.conf", "conf.d"] });
    expect(await fs.stat("/etc/config/app.conf")).toEqual({ ok: true, value: { type: "file", size: 9, mtimeMs: 0 } });
  });

  it("stats files, directories, mount points and the directories leading to them", async () => {
    const fs = new PodFiles(podProps(), open);
    await fs.writeFile("/data/a/b.txt", "hello");
    expect(await fs.stat("/data/a/b.txt")).toMatchObject({ ok: true, value: { type: "file", size: 5, mtimeMs: expect.any(Number) } });
    expect(await fs.stat("/data/a")).toMatchObject({ ok: true, value: { type: "directory", size: 5 } });
    expect(await fs.stat("/data/cache")).toMatchObject({ ok: true, value: { type: "directory", size: 0 } });
    expect(await fs.stat("/var/log")).toEqual({ ok: true, value: { type: "directory", size: 0, mtimeMs: 0 } });
    expect(await fs.stat("/")).toEqual({ ok: true, value: { type: "directory", size: 0, mtimeMs: 0 } });
  });

  it.each([
    ["write outside every mount", (fs: PodFiles) => fs.writeFile("/x", "1"), "ENOENT", "ENOENT: no such file or directory, open '/x'"],
    ["read outside every mount", (fs: PodFiles) => fs.readFile("/tmp/x"), "ENOENT", "ENOENT: no such file or directory, open '/tmp/x'"],
    ["read a missing file", (fs: PodFiles) => fs.readFile("/data/nope"), "ENOENT", "ENOENT: no such file or directory, open '/data/nope'"],
    ["read a missing data file", (fs: PodFiles) => fs.readFile("/etc/config/nope"), "ENOENT", "ENOENT: no such file or directory, open '/etc/config/nope'"],
    ["write a read-only mount", (fs: PodFiles) => fs.writeFile("/seed/x", "1"), "EROFS", "EROFS: read-only file system, open '/seed/x'"],
    ["write a data volume", (fs: PodFiles) => fs.writeFile("/etc/config/app.conf", "1"), "EROFS", "EROFS: read-only file system, open '/etc/config/app.conf'"],
    ["unlink on a read-only mount", (fs: PodFiles) => fs.unlink("/seed/x"), "EROFS", "EROFS: read-only file system, unlink '/seed/x'"],
    ["read a mount point", (fs: PodFiles) => fs.readFile("/data"), "EISDIR", "EISDIR: illegal operation on a directory, read"],
    ["read a directory", (fs: PodFiles) => fs.readFile("/data/dir"), "EISDIR", "EISDIR: illegal operation on a directory, read"],
    ["write over a mount point", (fs: PodFiles) => fs.writeFile("/data/cache", "1"), "EISDIR", "EISDIR: illegal operation on a directory, open '/data/cache'"],
    ["write over a directory", (fs: PodFiles) => fs.writeFile("/data/dir", "1"), "EISDIR", "EISDIR: illegal operation on a directory, open '/data/dir'"],
    ["unlink a directory", (fs: PodFiles) => fs.unlink("/data/dir"), "EISDIR", "EISDIR: illegal operation on a directory, unlink '/data/dir'"],
    ["unlink a missing file", (fs: PodFiles) => fs.unlink("/data/nope"), "ENOENT", "ENOENT: no such file or directory, unlink '/data/nope'"],
    ["list a file", (fs: PodFiles) => fs.readdir("/data/file"), "ENOTDIR", "ENOTDIR: not a directory, scandir '/data/file'"],
    ["list a missing directory", (fs: PodFiles) => fs.readdir("/nope"), "ENOENT", "ENOENT: no such file or directory, scandir '/nope'"],
    ["write below a file", (fs: PodFiles) => fs.writeFile("/data/file/x", "1"), "ENOTDIR", "ENOTDIR: not a directory, open '/data/file/x'"],
    ["stat a missing path", (fs: PodFiles) => fs.stat("/data/nope"), "ENOENT", "ENOENT: no such file or directory, stat '/data/nope'"],
    ["read with an unknown encoding", (fs: PodFiles) => fs.readFile("/data/file", "klingon"), "EINVAL", "EINVAL: invalid argument, open '/data/file'"],
    ["write a number", (fs: PodFiles) => fs.writeFile("/data/n", 42), "EINVAL", "EINVAL: invalid argument, write"],
    ["use a path with NUL", (fs: PodFiles) => fs.stat("/data/a\0"), "EINVAL", "EINVAL: invalid argument, stat '/data/a\0'"],
  ])("refuses to %s", async (_, call, code, message) => {
    const fs = new PodFiles(podProps(), open);
    await fs.writeFile("/data/dir/inner", "1");
    await fs.writeFile("/data/file", "2");
    expect(failure(await call(fs))).toEqual([code, message]);
  });

  it("answers ENOSPC once the volume's limit is reached", async () => {
    const props = podProps();
    await E.VOLUMES.getByName(props.mounts["/data"].handle).setLimit(4);
    const fs = new PodFiles(props, open);
    expect(await fs.writeFile("/data/a", "1234")).toEqual({ ok: true, value: null });
    expect(failure(await fs.appendFile("/data/a", "5"))).toEqual(["ENOSPC", "ENOSPC: no space left on device, write"]);
  });
});

describe("podVolumesBinding", () => {
  it("is null while the main Worker does not export PodVolumes", () => {
    expect(podVolumesBinding({}, { mounts: {} })).toBeNull();
  });

  it("is the main Worker's PodVolumes entrypoint, rejecting with Node's error properties", async () => {
    const vols = podVolumesBinding(exports, podProps())!;
    await vols.writeFile("/data/x.txt", "via rpc");
    expect(await vols.readFile("/data/x.txt", "utf8")).toBe("via rpc");
    expect(await vols.exists("/data/x.txt")).toBe(true);
    await vols.unlink("/data/x.txt");
    expect(await vols.exists("/data/x.txt")).toBe(false);
    const error = await vols.writeFile("/seed/x", "1").then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(Error);
    expect(error).toMatchObject({ message: "EROFS: read-only file system, open '/seed/x'", code: "EROFS", errno: -30, syscall: "open", path: "/seed/x" });
  });
});

describe("env.VOLUMES in a container isolate", () => {
  /** One run of a container of a pod (a fresh pod uid each time) with the given volumes bound as env.VOLUMES. */
  async function runPod(props: PodVolumesProps, source: string) {
    const podUid = crypto.randomUUID();
    const env = { ...containerEnv({}, kube("app", { podUid, volumes: props.data ?? {} })), VOLUMES: podVolumesBinding(exports, props) };
    const handle = startContainer(E.LOADER, { id: containerId({ podUid, container: "app", restartCount: 0 }), codeFor: () => containerCode({ image: image({ "index.js": source }), env }, null) });
    return runContainer(handle);
  }

  const counter = `export default { async run(env) {
    const n = await env.VOLUMES.readFile('/data/count', 'utf8').catch((e) => (e.code === 'ENOENT' ? '0' : Promise.reject(e)));
    await env.VOLUMES.writeFile('/data/count', String(Number(n) + 1));
    await env.VOLUMES.appendFile('/data/log/runs', env.KUBE.podUid + '\\n');
    const conf = await env.VOLUMES.readFile('/etc/config/app.conf', 'utf8');
    const denied = await env.VOLUMES.writeFile('/etc/config/app.conf', 'x').then(() => 'written', (e) => e.code + ' ' + e.message);
    console.log(n, conf, denied);
    return Number(n) + 1;
  } };`;

  it("keeps what one pod wrote to its claim for the next pod on the same claim", async () => {
    const props = podProps();
    const first = await runPod(props, counter);
    expect(first).toMatchObject({ kind: "exited", exitCode: 1 });
    expect(first.kind === "exited" && first.logs?.lines.map((l) => l.text)).toEqual(["0 port=8080 EROFS EROFS: read-only file system, open '/etc/config/app.conf'"]);
    const second = await runPod({ ...props, mounts: { "/data": props.mounts["/data"] } }, counter);
    expect(second).toMatchObject({ kind: "exited", exitCode: 2 });
    const runs = await open(props.mounts["/data"].handle).read("log/runs");
    expect(runs.ok && new TextDecoder().decode(runs.value).trim().split("\n")).toHaveLength(2);
  });

  it("gives a different claim its own files", async () => {
    expect(await runPod(podProps(), counter)).toMatchObject({ kind: "exited", exitCode: 1 });
  });
});
