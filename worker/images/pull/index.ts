/**
 * The kubelet's image puller (README.md beside this file): references (reference.ts), pull-secret keyring
 * (credentials.ts), pull policy (policy.ts), the distribution client (distribution-client.ts, challenge.ts),
 * the built-in registry read in place (builtin.ts), the image store (cache.ts) and pullImage (puller.ts).
 */
export { applyDefaultImageTag, parseImageReference, DOCKER_HUB, DOCKER_HUB_API_HOST, type ImageReference } from "./reference";
export { keyringFromSecrets, lookupCredentials, type Keyring, type PullSecret, type RegistryCredentials } from "./credentials";
export { defaultPullPolicy, pullDecision, type PullDecision, type PullEvent, type PullPolicy } from "./policy";
export { fetchBlob, fetchManifest, newAuthCache, MANIFEST_ACCEPT, type AuthCache, type ClientOptions, type FetchedManifest } from "./distribution-client";
export { builtinBlob, builtinManifest, isOwnHost, type BuiltinSource, type RegistryAuthorizer } from "./builtin";
export { CACHE_PREFIX, findPresentImage, getCachedImage, type CachedImage } from "./cache";
export { pullErrorMessage, type Fetched, type PullFailure } from "./errors";
export { pullImage, type PullImageOptions, type PullImageResult } from "./puller";
