/**
 * The kubelet's image step for one container: image_manager.go EnsureImageExists (default tag, pull policy,
 * events) over kuberuntime_image.go PullImage (keyring lookup, one attempt per matching credential), with the
 * built-in registry read in place and other registries over HTTPS (distribution-client.ts). Images are stored
 * by digest in the IMAGES bucket (cache.ts).
 *
 * Back-off is the caller's, as in upstream: before calling, `checkImagePull` (worker/kubelet/status/backoff.ts)
 * turns a pull in back-off into ImagePullBackOff with its `BackOff` event; after an `ErrImagePull` result the
 * caller records `recordImagePullFailure`.
 *
 * Events and texts (kubelet 1.32):
 * - `Pulling` (Normal) `Pulling image "X"`;
 * - `Pulled` (Normal) `Successfully pulled image "X" in 1.2s (1.2s including waiting). Image size: N bytes.`, or
 *   `Container image "X" already present on machine` when the policy lets the stored image be used;
 * - `Failed` (Warning) `Failed to pull image "X": <CRI error>`, reason ErrImagePull, waiting message = the CRI error;
 * - `ErrImageNeverPull` (Warning) `Container image "X" is not present with pull policy of Never`;
 * - `InspectFailed` (Warning) `Failed to apply default image tag "X": couldn't parse image name …`, reason
 *   InvalidImageName.
 * "X" is `container.image` as written. The kubelet serialises pulls by default, so no time is spent waiting and
 * both durations are the same.
 */
import { goDuration } from "../../kubelet/status/go-format";
import { ISOLATE_PLATFORMS, type Descriptor, type Platform } from "../oci";
import { builtinBlob, builtinManifest, isOwnHost, type RegistryAuthorizer } from "./builtin";
import { cachedBlob, findPresentImage, putCachedBlob, type CachedImage } from "./cache";
import { keyringFromSecrets, lookupCredentials, type PullSecret, type RegistryCredentials } from "./credentials";
import { fetchBlob, fetchManifest, type AuthCache, type ClientOptions } from "./distribution-client";
import { aggregateMessage, pullErrorMessage } from "./errors";
import { pullDecision, type PullEvent, type PullPolicy } from "./policy";
import { parseImageReference, type ImageReference } from "./reference";
import { resolveImage, type ImageSource } from "./resolve";

export interface PullImageOptions {
  /** `container.image` as written. */
  image: string;
  /** `container.imagePullPolicy`; unset → the API default for the image. */
  pullPolicy?: PullPolicy;
  /** The pod's `imagePullSecrets`, resolved to Secrets (missing ones left out, as the kubelet does). */
  secrets?: PullSecret[];
  fetch: (request: Request) => Promise<Response>;
  /** The IMAGES bucket: the built-in registry's objects and the image cache. */
  bucket: R2Bucket;
  /** Host names (with port) that mean this cluster's own registry. */
  ownHosts: readonly string[];
  /** RBAC for the built-in registry (builtin.ts); the kubelet answers it as its node. */
  authorize: RegistryAuthorizer;
  /** Tokens and challenges shared across pulls (newAuthCache()). */
  auth: AuthCache;
  /** Platforms in order of preference (default: the isolate runtime's). */
  platforms?: Platform[];
  maxImageBytes?: number;
  /** Milliseconds since the epoch; read at the start and end of a pull and for token expiry. */
  now: () => number;
}

export type PullImageResult =
  | {
      ok: true;
      reference: ImageReference;
      /** `<name>@<digest the reference resolved to>`: containerStatuses[].imageID, as containerd reports it. */
      imageID: string;
      /** `<name>@<digest of the chosen image manifest>`. */
      imageRef: string;
      image: CachedImage;
      /** Config blob bytes (parseImageConfig). Layers are R2 keys: `image.layers[].key`. */
      config: Uint8Array;
      /** False when the stored image was used without contacting any registry. */
      pulled: boolean;
      events: PullEvent[];
    }
  | { ok: false; reason: "ErrImagePull" | "ErrImageNeverPull" | "InvalidImageName"; message: string; events: PullEvent[] };

const fail = (reason: "ErrImagePull" | "ErrImageNeverPull" | "InvalidImageName", message: string, events: PullEvent[]): PullImageResult => ({ ok: false, reason, message, events });

function remoteSource(o: PullImageOptions, ref: ImageReference, credentials: RegistryCredentials | undefined): ImageSource {
  const client: ClientOptions = { fetch: o.fetch, credentials, auth: o.auth, now: o.now };
  return {
    manifest: (reference) => fetchManifest(client, ref.apiHost, ref.path, reference),
    async blob(d: Descriptor) {
      const key = await cachedBlob(o.bucket, d);
      if (key) return { ok: true, value: key };
      const got = await fetchBlob(client, ref.apiHost, ref.path, d);
      return got.ok ? { ok: true, value: await putCachedBlob(o.bucket, d.digest, got.value) } : got;
    },
  };
}

async function success(o: PullImageOptions, ref: ImageReference, image: CachedImage, pulled: boolean, events: PullEvent[]): Promise<PullImageResult> {
  const config = await o.bucket.get(image.config.key);
  if (!config) return fail("ErrImagePull", pullErrorMessage(ref.resolvable, { kind: "not-found", stage: "fetch", detail: `config ${image.config.digest}` }), events);
  return {
    ok: true,
    reference: ref,
    imageID: `${ref.name}@${image.resolvedDigest}`,
    imageRef: `${ref.name}@${image.manifestDigest}`,
    image,
    config: new Uint8Array(await config.arrayBuffer()),
    pulled,
    events,
  };
}

/** EnsureImageExists for one container. */
export async function pullImage(o: PullImageOptions): Promise<PullImageResult> {
  const q = JSON.stringify(o.image);
  const parsed = parseImageReference(o.image);
  if (!parsed.ok) {
    const message = `Failed to apply default image tag ${q}: ${parsed.message}`;
    return fail("InvalidImageName", message, [{ type: "Warning", reason: "InspectFailed", message }]);
  }
  const ref = parsed.value;
  const present = await findPresentImage(o.bucket, ref);
  const decision = pullDecision(o.image, o.pullPolicy, present !== undefined);
  if (decision.action === "fail") return fail(decision.reason, decision.message, [decision.event]);
  if (decision.action === "use-present") return success(o, ref, present!, false, [decision.event]);

  const events: PullEvent[] = [{ type: "Normal", reason: "Pulling", message: `Pulling image ${q}` }];
  const startMs = o.now();
  const resolveOptions = { bucket: o.bucket, platforms: o.platforms ?? ISOLATE_PLATFORMS, maxImageBytes: o.maxImageBytes };
  let attempts: (RegistryCredentials | undefined)[] = [undefined];
  let sources: ImageSource[];
  if (isOwnHost(ref.domain, o.ownHosts)) {
    const src = { bucket: o.bucket, authorize: o.authorize };
    sources = [{ manifest: (r) => builtinManifest(src, ref.path, r), blob: (d) => builtinBlob(src, ref.path, d) }];
  } else {
    const keyring = keyringFromSecrets(o.secrets ?? []);
    if (!keyring.ok) {
      events.push({ type: "Warning", reason: "Failed", message: `Failed to pull image ${q}: ${keyring.message}` });
      return fail("ErrImagePull", keyring.message, events);
    }
    const found = lookupCredentials(keyring.value, ref.name);
    if (found.length > 0) attempts = found;
    sources = attempts.map((c) => remoteSource(o, ref, c));
  }
  const errors: string[] = [];
  for (const source of sources) {
    const got = await resolveImage(source, ref, resolveOptions);
    if (got.ok) {
      const ms = Math.max(0, Math.trunc(o.now() - startMs));
      const message = `Successfully pulled image ${q} in ${goDuration(ms)} (${goDuration(ms)} including waiting). Image size: ${got.value.size} bytes.`;
      return success(o, ref, got.value, true, [...events, { type: "Normal", reason: "Pulled", message }]);
    }
    errors.push(pullErrorMessage(ref.resolvable, got.failure));
  }
  const message = aggregateMessage(errors);
  events.push({ type: "Warning", reason: "Failed", message: `Failed to pull image ${q}: ${message}` });
  return fail("ErrImagePull", message, events);
}
