/**
 * Pushing and pulling through the real Worker: blobs (monolithic and chunked), manifests and indexes,
 * verification failures that store nothing, HEAD, tags and catalog pagination, deletes.
 */
import { describe, expect, it } from "vitest";
import { blobOf, digestOf, enc, imageOf, OCI_INDEX, OCI_MANIFEST, pushBlob, pushImage, reg, repo } from "./helpers";

describe("registry: push and pull", () => {
  it("GET /v2/ answers {} with the API version header", async () => {
    const res = await reg("GET", "/v2/");
    expect(res.status).toBe(200);
    expect(res.json).toEqual({});
    expect(res.headers.get("docker-distribution-api-version")).toBe("registry/2.0");
  });

  it("a monolithic push of config + 2 layers + manifest pulls back byte for byte", async () => {
    const name = `${repo("img")}/app`;
    const image = await imageOf("mono");
    const put = await pushImage(name, "v1", image);
    expect(put.headers.get("docker-content-digest")).toBe(image.manifest.digest);
    expect(put.headers.get("location")).toBe(`/v2/${name}/manifests/${image.manifest.digest}`);

    for (const ref of ["v1", image.manifest.digest]) {
      const m = await reg("GET", `/v2/${name}/manifests/${ref}`);
      expect(m.status).toBe(200);
      expect(m.bytes).toEqual(image.manifest.bytes);
      expect(m.headers.get("content-type")).toBe(OCI_MANIFEST);
      expect(m.headers.get("docker-content-digest")).toBe(image.manifest.digest);
      expect(m.headers.get("content-length")).toBe(String(image.manifest.bytes.byteLength));
    }
    for (const b of [image.config, ...image.layers]) {
      const got = await reg("GET", `/v2/${name}/blobs/${b.digest}`);
      expect(got.status).toBe(200);
      expect(got.bytes).toEqual(b.bytes);
      expect(got.headers.get("docker-content-digest")).toBe(b.digest);
      expect(got.headers.get("content-type")).toBe("application/octet-stream");
      expect(got.headers.get("content-length")).toBe(String(b.bytes.byteLength));
    }
  });

  it("HEAD of blobs and manifests: headers, no body; 404 with the spec's codes", async () => {
    const name = repo("head");
    const image = await imageOf("head");
    await pushImage(name, "latest", image);
    const blob = await reg("HEAD", `/v2/${name}/blobs/${image.layers[1].digest}`);
    expect(blob.status).toBe(200);
    expect(blob.bytes.byteLength).toBe(0);
    expect(blob.headers.get("content-length")).toBe(String(image.layers[1].bytes.byteLength));
    expect(blob.headers.get("docker-content-digest")).toBe(image.layers[1].digest);
    const manifest = await reg("HEAD", `/v2/${name}/manifests/latest`);
    expect(manifest.status).toBe(200);
    expect(manifest.bytes.byteLength).toBe(0);
    expect(manifest.headers.get("content-length")).toBe(String(image.manifest.bytes.byteLength));
    expect(manifest.headers.get("docker-content-digest")).toBe(image.manifest.digest);
    expect(manifest.headers.get("content-type")).toBe(OCI_MANIFEST);

    const other = await blobOf("never pushed");
    expect((await reg("HEAD", `/v2/${name}/blobs/${other.digest}`)).status).toBe(404);
    const missing = await reg("GET", `/v2/${name}/blobs/${other.digest}`);
    expect(missing.status).toBe(404);
    expect(missing.json.errors[0].code).toBe("BLOB_UNKNOWN");
    const noTag = await reg("GET", `/v2/${name}/manifests/nope`);
    expect(noTag.status).toBe(404);
    expect(noTag.json.errors[0].code).toBe("MANIFEST_UNKNOWN");
  });

  it("a blob is served only by repositories it is linked to", async () => {
    const a = repo("link");
    const b = repo("link");
    const blob = await blobOf("linked to a only");
    await pushBlob(a, blob);
    await pushBlob(b, await blobOf("something in b"));
    expect((await reg("GET", `/v2/${a}/blobs/${blob.digest}`)).status).toBe(200);
    expect((await reg("GET", `/v2/${b}/blobs/${blob.digest}`)).status).toBe(404);
  });

  it("a chunked upload in 3 PATCHes (the last without Content-Range, streamed) completes with PUT", async () => {
    const name = repo("chunk");
    const parts = [enc("first chunk, "), enc("second chunk, "), enc("third and last")];
    const whole = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0));
    parts.reduce((at, p) => (whole.set(p, at), at + p.byteLength), 0);
    const digest = await digestOf(whole);

    const start = await reg("POST", `/v2/${name}/blobs/uploads/`);
    expect(start.status).toBe(202);
    expect(start.headers.get("range")).toBe("0-0");
    const uuid = start.headers.get("docker-upload-uuid")!;
    let location = start.headers.get("location")!;
    expect(location).toBe(`/v2/${name}/blobs/uploads/${uuid}`);

    let offset = 0;
    for (const [i, part] of parts.entries()) {
      const headers: Record<string, string> = { "Content-Type": "application/octet-stream" };
      if (i < 2) headers["Content-Range"] = `${offset}-${offset + part.byteLength - 1}`;
      // The last chunk has no length: a stream body goes out chunked.
      const body = i < 2 ? part : new Blob([part]).stream();
      const res = await reg("PATCH", location, { body, headers });
      expect(res.status, res.text).toBe(202);
      offset += part.byteLength;
      expect(res.headers.get("range")).toBe(`0-${offset - 1}`);
      location = res.headers.get("location")!;
    }
    const status = await reg("GET", location);
    expect(status.status).toBe(204);
    expect(status.headers.get("range")).toBe(`0-${whole.byteLength - 1}`);

    const done = await reg("PUT", `${location}?digest=${digest}`);
    expect(done.status, done.text).toBe(201);
    expect(done.headers.get("location")).toBe(`/v2/${name}/blobs/${digest}`);
    expect(done.headers.get("docker-content-digest")).toBe(digest);
    expect((await reg("GET", `/v2/${name}/blobs/${digest}`)).bytes).toEqual(whole);
    // The session is gone once completed.
    expect((await reg("GET", location)).json.errors[0].code).toBe("BLOB_UPLOAD_UNKNOWN");
  });

  it("an out-of-order chunk → 416 with the Range to resume from", async () => {
    const name = repo("order");
    const start = await reg("POST", `/v2/${name}/blobs/uploads/`);
    const location = start.headers.get("location")!;
    expect((await reg("PATCH", location, { body: enc("0123"), headers: { "Content-Range": "0-3" } })).status).toBe(202);
    const res = await reg("PATCH", location, { body: enc("89"), headers: { "Content-Range": "8-9" } });
    expect(res.status).toBe(416);
    expect(res.headers.get("range")).toBe("0-3");
    expect(res.json.errors[0].code).toBe("RANGE_INVALID");
  });

  it("a digest mismatch → 400 DIGEST_INVALID and nothing stored", async () => {
    const name = repo("bad");
    const content = enc("the real content");
    const claimed = await digestOf(enc("something else"));
    const mono = await reg("POST", `/v2/${name}/blobs/uploads/?digest=${claimed}`, { body: content });
    expect(mono.status).toBe(400);
    expect(mono.json.errors[0].code).toBe("DIGEST_INVALID");
    expect((await reg("GET", `/v2/${name}/blobs/${claimed}`)).status).toBe(404);
    expect((await reg("GET", `/v2/${name}/blobs/${await digestOf(content)}`)).status).toBe(404);

    // The same through a session: the session is dropped too.
    const start = await reg("POST", `/v2/${name}/blobs/uploads/`);
    const location = start.headers.get("location")!;
    await reg("PATCH", location, { body: content });
    const put = await reg("PUT", `${location}?digest=${claimed}`);
    expect(put.status).toBe(400);
    expect(put.json.errors[0].code).toBe("DIGEST_INVALID");
    expect((await reg("GET", `/v2/${name}/blobs/${claimed}`)).status).toBe(404);
    expect((await reg("GET", location)).status).toBe(404);

    const malformed = await reg("POST", `/v2/${name}/blobs/uploads/?digest=sha256:abc`, { body: content });
    expect(malformed.status).toBe(400);
    expect(malformed.json.errors[0].code).toBe("DIGEST_INVALID");
  });

  it("a manifest referencing a missing blob → 400 MANIFEST_BLOB_UNKNOWN, not stored", async () => {
    const name = repo("missing");
    const image = await imageOf("missing");
    await pushBlob(name, image.config);
    await pushBlob(name, image.layers[0]);
    const res = await reg("PUT", `/v2/${name}/manifests/v1`, { body: image.manifest.bytes, headers: { "Content-Type": OCI_MANIFEST } });
    expect(res.status).toBe(400);
    expect(res.json.errors[0]).toMatchObject({ code: "MANIFEST_BLOB_UNKNOWN", detail: { digest: image.layers[1].digest } });
    expect((await reg("GET", `/v2/${name}/manifests/v1`)).status).toBe(404);
    expect((await reg("GET", `/v2/${name}/manifests/${image.manifest.digest}`)).status).toBe(404);
  });

  it("PUT by digest must match the body; invalid JSON and bad tags are rejected", async () => {
    const name = repo("mput");
    const image = await imageOf("mput");
    for (const b of [image.config, ...image.layers]) await pushBlob(name, b);
    const wrong = await digestOf(enc("x"));
    const res = await reg("PUT", `/v2/${name}/manifests/${wrong}`, { body: image.manifest.bytes, headers: { "Content-Type": OCI_MANIFEST } });
    expect(res.status).toBe(400);
    expect(res.json.errors[0].code).toBe("DIGEST_INVALID");
    const byDigest = await reg("PUT", `/v2/${name}/manifests/${image.manifest.digest}`, { body: image.manifest.bytes });
    expect(byDigest.status, byDigest.text).toBe(201); // no Content-Type: the body's mediaType
    const bad = await reg("PUT", `/v2/${name}/manifests/v2`, { body: "{not json", headers: { "Content-Type": OCI_MANIFEST } });
    expect(bad.json.errors[0].code).toBe("MANIFEST_INVALID");
    const tag = await reg("PUT", `/v2/${name}/manifests/-bad`, { body: image.manifest.bytes, headers: { "Content-Type": OCI_MANIFEST } });
    expect(tag.status).toBe(400);
    expect(tag.json.errors[0].code).toBe("TAG_INVALID");
    const huge = await reg("PUT", `/v2/${name}/manifests/big`, { body: new Uint8Array(4 * 1024 * 1024 + 1), headers: { "Content-Type": OCI_MANIFEST } });
    expect(huge.status).toBe(413);
    const badName = await reg("GET", "/v2/Bad_Name/tags/list");
    expect(badName.status).toBe(400);
    expect(badName.json.errors[0].code).toBe("NAME_INVALID");
  });

  it("an index referencing a manifest; an index whose manifest is missing → 400", async () => {
    const name = repo("index");
    const image = await imageOf("index");
    await pushImage(name, image.manifest.digest, image);
    const index = enc(
      JSON.stringify({
        schemaVersion: 2,
        mediaType: OCI_INDEX,
        manifests: [{ mediaType: OCI_MANIFEST, digest: image.manifest.digest, size: image.manifest.bytes.byteLength, platform: { architecture: "amd64", os: "linux" } }],
      }),
    );
    const put = await reg("PUT", `/v2/${name}/manifests/multi`, { body: index, headers: { "Content-Type": OCI_INDEX } });
    expect(put.status, put.text).toBe(201);
    const got = await reg("GET", `/v2/${name}/manifests/multi`);
    expect(got.bytes).toEqual(index);
    expect(got.headers.get("content-type")).toBe(OCI_INDEX);
    expect(got.headers.get("docker-content-digest")).toBe(await digestOf(index));

    const other = repo("index");
    const missing = await reg("PUT", `/v2/${other}/manifests/multi`, { body: index, headers: { "Content-Type": OCI_INDEX } });
    expect(missing.status).toBe(400);
    expect(missing.json.errors[0]).toMatchObject({ code: "MANIFEST_BLOB_UNKNOWN", detail: { digest: image.manifest.digest } });
  });

  it("tags list: sorted, n/last pagination with a Link header; unknown repository → NAME_UNKNOWN", async () => {
    const name = repo("tags");
    const image = await imageOf("tags");
    await pushImage(name, "b", image);
    for (const tag of ["c", "a", "d"]) {
      const res = await reg("PUT", `/v2/${name}/manifests/${tag}`, { body: image.manifest.bytes, headers: { "Content-Type": OCI_MANIFEST } });
      expect(res.status).toBe(201);
    }
    const all = await reg("GET", `/v2/${name}/tags/list`);
    expect(all.json).toEqual({ name, tags: ["a", "b", "c", "d"] });
    expect(all.headers.get("link")).toBeNull();
    const first = await reg("GET", `/v2/${name}/tags/list?n=2`);
    expect(first.json.tags).toEqual(["a", "b"]);
    expect(first.headers.get("link")).toBe(`</v2/${name}/tags/list?n=2&last=b>; rel="next"`);
    const second = await reg("GET", `/v2/${name}/tags/list?n=2&last=b`);
    expect(second.json.tags).toEqual(["c", "d"]);
    const rest = await reg("GET", `/v2/${name}/tags/list?n=2&last=d`);
    expect(rest.json.tags).toEqual([]);
    expect(rest.headers.get("link")).toBeNull();
    const unknown = await reg("GET", `/v2/${repo("none")}/tags/list`);
    expect(unknown.status).toBe(404);
    expect(unknown.json.errors[0].code).toBe("NAME_UNKNOWN");
  });

  it("catalog: sorted repositories with n/last pagination", async () => {
    const prefix = repo("cat");
    const names = [`${prefix}/z`, `${prefix}/a`, `${prefix}/m`];
    for (const name of names) await pushBlob(name, await blobOf(name));
    const all = await reg("GET", "/v2/_catalog");
    expect(all.status).toBe(200);
    const mine = all.json.repositories.filter((r: string) => r.startsWith(`${prefix}/`));
    expect(mine).toEqual([...names].sort());
    expect([...all.json.repositories].sort()).toEqual(all.json.repositories);

    const page = await reg("GET", `/v2/_catalog?n=1&last=${encodeURIComponent(`${prefix}/a`)}`);
    expect(page.json.repositories).toEqual([`${prefix}/m`]);
    expect(page.headers.get("link")).toBe(`</v2/_catalog?n=1&last=${encodeURIComponent(`${prefix}/m`)}>; rel="next"`);
  });

  it("DELETE by tag removes the tag; by digest the manifest and its tags; DELETE of a blob unlinks it", async () => {
    const name = repo("del");
    const image = await imageOf("del");
    await pushImage(name, "keep", image);
    await reg("PUT", `/v2/${name}/manifests/drop`, { body: image.manifest.bytes, headers: { "Content-Type": OCI_MANIFEST } });

    expect((await reg("DELETE", `/v2/${name}/manifests/drop`)).status).toBe(202);
    expect((await reg("GET", `/v2/${name}/manifests/drop`)).status).toBe(404);
    expect((await reg("GET", `/v2/${name}/manifests/keep`)).status).toBe(200);
    expect((await reg("GET", `/v2/${name}/tags/list`)).json.tags).toEqual(["keep"]);
    expect((await reg("DELETE", `/v2/${name}/manifests/drop`)).status).toBe(404);

    expect((await reg("DELETE", `/v2/${name}/manifests/${image.manifest.digest}`)).status).toBe(202);
    expect((await reg("GET", `/v2/${name}/manifests/${image.manifest.digest}`)).status).toBe(404);
    expect((await reg("GET", `/v2/${name}/manifests/keep`)).status).toBe(404);
    expect((await reg("GET", `/v2/${name}/tags/list`)).json.tags).toEqual([]);

    const layer = image.layers[0].digest;
    expect((await reg("DELETE", `/v2/${name}/blobs/${layer}`)).status).toBe(202);
    expect((await reg("GET", `/v2/${name}/blobs/${layer}`)).status).toBe(404);
    expect((await reg("DELETE", `/v2/${name}/blobs/${layer}`)).status).toBe(404);
  });

  it("GET of a blob with a Range → 206", async () => {
    const name = repo("range");
    const blob = await blobOf("0123456789");
    await pushBlob(name, blob);
    const res = await reg("GET", `/v2/${name}/blobs/${blob.digest}`, { headers: { Range: "bytes=2-5" } });
    expect(res.status).toBe(206);
    expect(res.text).toBe("2345");
    expect(res.headers.get("content-range")).toBe("bytes 2-5/10");
    expect((await reg("GET", `/v2/${name}/blobs/${blob.digest}`, { headers: { Range: "bytes=10-" } })).status).toBe(416);
  });
});
