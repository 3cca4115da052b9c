/**
 * A container's view of the pod's volumes (the kubelet's makeMounts): each volumeMount places a volume, or the
 * part of it under `subPath` / the expanded `subPathExpr`, at `mountPath`. Data volumes come with their files;
 * storage volumes (emptyDir, persistentVolumeClaim, generic ephemeral) are listed for the kubelet to back with
 * storage. `readOnly` and mount propagation do not apply to data held in memory.
 */
import { expandSubPathExpr } from "./expansion";
import { volumeSourceKind } from "./volume-contents";
import { configError, list, str, type Container, type ContainerConfigError, type EnvVar, type Files, type Pod } from "./types";

/** A mount the kubelet must back with storage. */
export interface StorageMount {
  kind: "emptyDir" | "persistentVolumeClaim";
  /** The pod volume. */
  name: string;
  mountPath: string;
  subPath?: string;
  readOnly: boolean;
  /** The claim: `persistentVolumeClaim.claimName`, or `<pod>-<volume>` for a generic ephemeral volume. */
  claimName?: string;
  /** emptyDir `medium` (`Memory` or empty). */
  medium?: string;
}

export interface ContainerMounts {
  ok: true;
  /** Data mounts: mount path → files under it. A subPath naming a file mounts that one file, under the key "". */
  mounts: Record<string, Files>;
  /**
   * The data files the container sees by absolute path, mounts applied in order of path depth (as containerd
   * orders them) so a deeper mount, storage ones included, hides what lies beneath it.
   */
  files: Record<string, string>;
  storage: StorageMount[];
}

/** filepath.Clean("/" + path): a mount path made absolute (MakeAbsolutePath). */
export function absolutePath(path: string): string {
  const parts: string[] = [];
  for (const part of path.split("/")) {
    if (part === "" || part === ".") continue;
    if (part === "..") parts.pop();
    else parts.push(part);
  }
  return `/${parts.join("/")}`;
}

const depth = (path: string) => (path === "/" ? 0 : path.split("/").length - 1);

/** The part of a volume's files a subPath selects. */
function underSubPath(files: Files, subPath: string): Files {
  const sub = subPath.split("/").filter((p) => p && p !== ".").join("/");
  if (sub === "") return { ...files };
  if (Object.hasOwn(files, sub)) return { "": files[sub] };
  const prefix = `${sub}/`;
  return Object.fromEntries(Object.entries(files).filter(([p]) => p.startsWith(prefix)).map(([p, c]) => [p.slice(prefix.length), c]));
}

const join = (mountPath: string, rel: string) => (rel === "" ? mountPath : mountPath === "/" ? `/${rel}` : `${mountPath}/${rel}`);

/**
 * makeMounts for one container. `volumes` is volumeContents' result (data volumes by name); `env` is the
 * container's environment, for subPathExpr. Failures are CreateContainerConfigError, with upstream's messages.
 */
export function containerMounts(
  pod: Pod,
  container: Container,
  volumes: Record<string, Files>,
  env: readonly EnvVar[] = [],
): ContainerMounts | ContainerConfigError {
  const podVolumes = new Map(list(pod.spec?.volumes).map((v) => [str(v.name), v]));
  const mounts: Record<string, Files> = {};
  const storage: StorageMount[] = [];
  const placed: { path: string; files?: Files }[] = [];
  for (const m of list(container.volumeMounts)) {
    const name = str(m.name);
    const volume = podVolumes.get(name);
    const kind = volume ? volumeSourceKind(volume) : "";
    const data = Object.hasOwn(volumes, name) ? volumes[name] : undefined;
    const isStorage = kind === "emptyDir" || kind === "persistentVolumeClaim" || kind === "ephemeral";
    if (!volume || (!isStorage && !data)) return configError(`cannot find volume "${name}" to mount into container "${str(container.name)}"`);

    let subPath = str(m.subPath);
    if (str(m.subPathExpr) !== "") {
      const expanded = expandSubPathExpr(str(m.subPathExpr), env);
      if (!expanded.ok) return configError(expanded.message);
      subPath = expanded.value;
    }
    if (subPath !== "") {
      if (subPath.startsWith("/")) return configError(`error SubPath \`${subPath}\` must not be an absolute path`);
      if (subPath.split("/").includes("..")) return configError(`unable to provision SubPath \`${subPath}\`: must not contain '..'`);
    }

    const mountPath = absolutePath(str(m.mountPath));
    if (isStorage) {
      const src = volume[kind] ?? {};
      storage.push({
        kind: kind === "emptyDir" ? "emptyDir" : "persistentVolumeClaim",
        name,
        mountPath,
        ...(subPath ? { subPath } : {}),
        readOnly: m.readOnly === true || src.readOnly === true,
        ...(kind === "persistentVolumeClaim" ? { claimName: str(src.claimName) } : {}),
        ...(kind === "ephemeral" ? { claimName: `${str(pod.metadata?.name)}-${name}` } : {}),
        ...(kind === "emptyDir" && src.medium ? { medium: str(src.medium) } : {}),
      });
      placed.push({ path: mountPath });
    } else {
      mounts[mountPath] = underSubPath(data!, subPath);
      placed.push({ path: mountPath, files: mounts[mountPath] });
    }
  }

  const files: Record<string, string> = {};
  for (const { path, files: contents } of placed.map((p, i) => ({ ...p, i })).sort((a, b) => depth(a.path) - depth(b.path) || a.i - b.i)) {
    const prefix = path === "/" ? "/" : `${path}/`;
    for (const existing of Object.keys(files)) if (existing === path || existing.startsWith(prefix)) delete files[existing];
    for (const [rel, content] of Object.entries(contents ?? {})) files[join(path, rel)] = content;
  }
  return { ok: true, mounts, files, storage };
}
