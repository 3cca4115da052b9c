/**
 * `WWW-Authenticate` challenges (RFC 7235 § 4.1: `scheme param="v", param=token, …`, several challenges in one
 * header), as containerd's remotes/docker/auth ParseAuthHeader reads them, and the token endpoint URL of
 * the Docker token flow (distribution's docs/spec/auth/token.md: `GET realm?service=…&scope=…`). Pure.
 */

export interface Challenge {
  /** Lower-cased: `bearer`, `basic`. */
  scheme: string;
  /** Parameter names lower-cased; quoted values unescaped. */
  params: Record<string, string>;
}

const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+/;

/** Every challenge in the header, in order; unparseable trailing text is dropped. */
export function parseChallenges(header: string | null): Challenge[] {
  const out: Challenge[] = [];
  let s = header ?? "";
  const skip = (re: RegExp) => {
    const m = re.exec(s);
    if (m) s = s.slice(m[0].length);
    return m?.[0];
  };
  while (s.length) {
    skip(/^[\s,]*/);
    const scheme = skip(TOKEN);
    if (!scheme) break;
    const c: Challenge = { scheme: scheme.toLowerCase(), params: {} };
    out.push(c);
    for (;;) {
      const save = s;
      skip(/^[\s,]*/);
      const name = skip(TOKEN);
      if (!name || !skip(/^\s*=\s*/)) {
        s = save;
        break;
      }
      let value: string | undefined;
      if (s.startsWith('"')) {
        const m = /^"((?:[^"\\]|\\.)*)"/.exec(s);
        if (!m) return out;
        s = s.slice(m[0].length);
        value = m[1].replace(/\\(.)/g, "$1");
      } else value = skip(TOKEN) ?? "";
      c.params[name.toLowerCase()] = value;
    }
    if (s === "" || !/^[\s,]/.test(s)) break;
  }
  return out;
}

/**
 * The token request of a Bearer challenge for pulling `repository`: the challenge's own scope (if any) and
 * `repository:<name>:pull`, each as a `scope` parameter. Undefined when the realm is not an http(s) URL.
 */
export function tokenUrl(challenge: Challenge, repository: string): string | undefined {
  let url: URL;
  try {
    url = new URL(challenge.params.realm ?? "");
  } catch {
    return undefined;
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") return undefined;
  if (challenge.params.service) url.searchParams.set("service", challenge.params.service);
  const scopes = [...new Set([...(challenge.params.scope ? challenge.params.scope.split(" ") : []), `repository:${repository}:pull`])];
  for (const scope of scopes) url.searchParams.append("scope", scope);
  return url.toString();
}
