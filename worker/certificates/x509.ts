/**
 * The Worker's one entry to @peculiar/x509 (X.509 and PKCS#10 parsing and certificate generation). The library
 * and its asn1/tsyringe dependencies are large, so nothing imports them with the app: `loadX509()` imports
 * them on first use — a CertificateSigningRequest write (the CertificateX509Loader admission step), the signer,
 * or a presented client certificate. The reflect-metadata shim is evaluated before the library, which needs it
 * at import time.
 */
import type * as X509Module from "@peculiar/x509";

export type X509 = typeof X509Module;

let loaded: X509 | undefined;
let loading: Promise<X509> | undefined;

/** The library, imported (and given the Worker's WebCrypto) on the first call; a failed import is retried. */
export function loadX509(): Promise<X509> {
  loading ??= (async () => {
    await import("./reflect-metadata");
    const lib = await import("@peculiar/x509");
    lib.cryptoProvider.set(crypto);
    loaded = lib;
    return lib;
  })().catch((e: unknown) => {
    loading = undefined;
    throw e;
  });
  return loading;
}

/** Whether `loadX509()` has completed in this isolate. */
export function isX509Loaded(): boolean {
  return loaded !== undefined;
}

/**
 * The library for synchronous code (CSR validation, parseCsr), which runs only after `loadX509()` resolved.
 * Throws when it has not: a missing `await loadX509()` on some path is a bug, not a request error.
 */
export function loadedX509(): X509 {
  if (!loaded) throw new Error("@peculiar/x509 used before loadX509() resolved");
  return loaded;
}
