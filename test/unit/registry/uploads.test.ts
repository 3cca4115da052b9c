/**
 * Upload sessions: status and cancel through the Worker, and the large-blob path (several parts per chunk,
 * streamed hashing, concatenation into one blob) against the real R2 binding with a tiny part size.
 */
import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import type { Env } from "../../../worker/env";
import { parseDigest } from "../../../worker/registry/names";
import { blobKey, isLinked } from "../../../worker/registry/storage";
import { appendToUpload, completeBlob, startUpload, uploadState } from "../../../worker/registry/uploads";
import { digestOf, enc, reg, repo } from "./helpers";

const bucket = () => (env as unknown as Env).IMAGES;

describe("registry: upload sessions", () => {
  it("GET reports progress; DELETE cancels; both 404 BLOB_UPLOAD_UNKNOWN afterwards and in another repository", async () => {
    const name = repo("sess");
    const start = await reg("POST", `/v2/${name}/blobs/uploads`);
    expect(start.status).toBe(202);
    const location = start.headers.get("location")!;
    await reg("PATCH", location, { body: enc("12345") });
    const status = await reg("GET", location);
    expect(status.status).toBe(204);
    expect(status.headers.get("range")).toBe("0-4");
    expect(status.headers.get("docker-upload-uuid")).toBe(start.headers.get("docker-upload-uuid"));

    const elsewhere = await reg("GET", location.replace(name, repo("sess")));
    expect(elsewhere.status).toBe(404);
    expect(elsewhere.json.errors[0].code).toBe("BLOB_UPLOAD_UNKNOWN");

    expect((await reg("DELETE", location)).status).toBe(204);
    const gone = await reg("GET", location);
    expect(gone.status).toBe(404);
    expect(gone.json.errors[0].code).toBe("BLOB_UPLOAD_UNKNOWN");
    expect((await reg("PATCH", location, { body: enc("x") })).status).toBe(404);
    expect((await reg("GET", `/v2/${name}/blobs/uploads/not-a-uuid`)).status).toBe(404);
  });

  it("a blob in many small parts is hashed as it streams and stored whole", async () => {
    const name = repo("parts");
    const id = await startUpload(bucket(), name);
    const content = enc("abcdefghijklmnopqrstuvwxyz0123456789");
    const body = (s: Uint8Array) => new Blob([s]).stream();
    expect(await appendToUpload(bucket(), id, 0, body(content.subarray(0, 10)), 4)).toBe(10);
    expect((await uploadState(bucket(), name, id))!.parts.map((p) => p.size)).toEqual([4, 4, 2]);
    const digest = parseDigest(await digestOf(content));
    if (!digest.ok) throw new Error(digest.reason);
    await completeBlob(bucket(), name, id, digest.value, body(content.subarray(10)), undefined, 4);

    const stored = await bucket().get(blobKey(digest.value.hex));
    expect(new Uint8Array(await stored!.arrayBuffer())).toEqual(content);
    expect(await isLinked(bucket(), name, digest.value.hex)).toBe(true);
    expect(await uploadState(bucket(), name, id)).toBeUndefined();
    expect((await bucket().list({ prefix: `uploads/${id}/` })).objects).toEqual([]);
  });

  it("a mismatching large blob leaves no blob, no link and no session", async () => {
    const name = repo("parts");
    const id = await startUpload(bucket(), name);
    const claimed = parseDigest(await digestOf(enc("claimed")));
    if (!claimed.ok) throw new Error(claimed.reason);
    await expect(completeBlob(bucket(), name, id, claimed.value, new Blob([enc("0123456789")]).stream(), 10, 4)).rejects.toMatchObject({ code: "DIGEST_INVALID" });
    expect(await bucket().head(blobKey(claimed.value.hex))).toBeNull();
    expect(await isLinked(bucket(), name, claimed.value.hex)).toBe(false);
    expect((await bucket().list({ prefix: `uploads/${id}/` })).objects).toEqual([]);
  });
});
