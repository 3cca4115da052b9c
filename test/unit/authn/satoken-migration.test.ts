/**
 * Upgrade from the version that kept the signing keys in the Secret kube-system/service-account-signing-keys:
 * when the internal value is missing, the Secret's keys are imported once (its tokens keep verifying, its
 * active key keeps signing) and the Secret is deleted. The stored state of the old version is recreated here
 * through the store, as the old bootstrap wrote it.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { freshNamespace, get } from "../api/client";
import { generateSigningKey, importSigningKey, readSigningKeys, SIGNING_KEYS_KEY, SIGNING_KEYS_SHARD } from "../../../worker/authn/signing-keys";
import { LEGACY_ACTIVE_ANNOTATION, LEGACY_NAMESPACE, LEGACY_SECRET, LEGACY_TYPE } from "../../../worker/authn/signing-keys-legacy";
import { signWith } from "../../../worker/authn/sa-token";
import { encodeForStore, objectKey, shardStub, storeFor } from "../../../worker/storage";
import { coreEntry } from "../../../worker/authn/core-objects";
import { ADMIN_KEYS_PATH, apiOutcome, claimsFor, createServiceAccount, decodeJwt, issueToken, type Obj, testEnv } from "./satoken-helpers";

let ns: string;
let sa: Obj;

beforeAll(async () => {
  ns = await freshNamespace("mig");
  sa = await createServiceAccount(ns, "old");
});

const SECRET_PATH = `/api/v1/namespaces/${LEGACY_NAMESPACE}/secrets/${LEGACY_SECRET}`;
const b64 = (text: string) => btoa(text);

/** The previous version's state: its Secret in the store, and no internal value. */
async function previousVersionState(secret: Obj): Promise<void> {
  const entry = coreEntry("secrets");
  const created = await storeFor(testEnv, entry).create(objectKey(entry, LEGACY_NAMESPACE, LEGACY_SECRET), encodeForStore(secret));
  expect(created.ok).toBe(true);
  const internal = shardStub(testEnv, SIGNING_KEYS_SHARD);
  const current = await internal.get(SIGNING_KEYS_KEY);
  if (current.ok) expect((await internal.delete(SIGNING_KEYS_KEY)).ok).toBe(true);
}

function legacySecret(data: Record<string, string>, active?: string): Obj {
  return {
    kind: "Secret",
    apiVersion: "v1",
    metadata: {
      name: LEGACY_SECRET,
      namespace: LEGACY_NAMESPACE,
      uid: crypto.randomUUID(),
      creationTimestamp: "2025-01-02T03:04:05Z",
      ...(active ? { annotations: { [LEGACY_ACTIVE_ANNOTATION]: active } } : {}),
    },
    type: LEGACY_TYPE,
    data,
  };
}

describe("migration from the signing-keys Secret", () => {
  it("imports the Secret's keys once, keeps its tokens valid and its active key signing, then deletes it", async () => {
    await issueToken(ns, "old"); // bootstrapped with the new layout
    const [one, two] = [await generateSigningKey(), await generateSigningKey()];
    // Entry names were free in the old version; "second" is active by entry name.
    await previousVersionState(legacySecret({ first: b64(JSON.stringify(one.jwk)), second: b64(JSON.stringify(two.jwk)), junk: b64("nope") }, "second"));
    const oldToken = await signWith(await importSigningKey(JSON.stringify(one.jwk)), claimsFor(ns, sa));

    // The first use after the upgrade migrates.
    expect(await apiOutcome(oldToken)).toBe(`system:serviceaccount:${ns}:old`);
    const stored = (await readSigningKeys(testEnv))!.doc;
    expect(stored.active).toBe(two.kid);
    expect(stored.keys.map((k) => [k.kid, k.created])).toEqual([[one.kid, "2025-01-02T03:04:05Z"], [two.kid, "2025-01-02T03:04:05Z"]]);
    expect(decodeJwt(await issueToken(ns, "old")).header.kid).toBe(two.kid);
    expect((await get(SECRET_PATH)).status).toBe(404);

    // Once: the admin view shows the imported keys, and a later request does not re-import anything.
    const view = (await get(ADMIN_KEYS_PATH)).body;
    expect(view.active).toBe(two.kid);
    expect(view.keys.map((k: Obj) => k.kid)).toEqual([one.kid, two.kid]);
    expect(await apiOutcome(oldToken)).toBe(`system:serviceaccount:${ns}:old`);
    expect((await readSigningKeys(testEnv))!.doc).toEqual(stored);
  });

  it("a Secret without a usable active annotation: its first key signs", async () => {
    const [one, two] = [await generateSigningKey(), await generateSigningKey()];
    await previousVersionState(legacySecret({ [one.kid]: b64(JSON.stringify(one.jwk)), [two.kid]: b64(JSON.stringify(two.jwk)) }));
    expect(decodeJwt(await issueToken(ns, "old")).header.kid).toBe(one.kid);
    expect((await readSigningKeys(testEnv))!.doc.keys.map((k) => k.kid)).toEqual([one.kid, two.kid]);
    expect((await get(SECRET_PATH)).status).toBe(404);
  });

  it("a Secret of another type is not ours: left alone, and a new key is made", async () => {
    const one = await generateSigningKey();
    await previousVersionState({ ...legacySecret({ k: b64(JSON.stringify(one.jwk)) }), type: "Opaque" });
    const kid = decodeJwt(await issueToken(ns, "old")).header.kid;
    expect(kid).not.toBe(one.kid);
    expect((await readSigningKeys(testEnv))!.doc.keys.map((k) => k.kid)).toEqual([kid]);
    expect((await get(SECRET_PATH)).status).toBe(200);
  });
});
