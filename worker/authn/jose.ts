/**
 * `jose` on first use: it is large, and most requests (every one with the admin token) never sign or verify a
 * service-account token, so the app does not load it at start.
 */
let jose: Promise<typeof import("jose")> | undefined;

export function loadJose(): Promise<typeof import("jose")> {
  jose ??= import("jose");
  return jose;
}
