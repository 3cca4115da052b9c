/**
 * Duplicate members in a JSON text, reported as upstream's strict decoder does (`duplicate field
 * "spec.containers[1].name"`; sigs.k8s.io/json UnmarshalStrict). JSON.parse silently keeps the last one, so
 * strict field validation scans the text itself. A linear scan; the text is already known to be valid JSON.
 */
interface Frame {
  /** Member names seen (objects); null for arrays. */
  keys: Set<string> | null;
  /** Field path of this object or array. */
  path: string;
  /** Index of the current element (arrays). */
  index: number;
}

const join = (path: string, key: string) => (path ? `${path}.${key}` : key);

export function duplicateFields(text: string): string[] {
  const out: string[] = [];
  const frames: Frame[] = [];
  let pendingKey = "";
  let i = 0;
  const n = text.length;
  const childPath = () => {
    const top = frames[frames.length - 1];
    if (!top) return "";
    return top.keys ? join(top.path, pendingKey) : `${top.path}[${top.index}]`;
  };
  while (i < n) {
    const c = text[i];
    if (c === '"') {
      let j = i + 1;
      while (j < n && text[j] !== '"') j += text[j] === "\\" ? 2 : 1;
      const raw = text.slice(i, j + 1);
      i = j + 1;
      while (i < n && (text[i] === " " || text[i] === "\n" || text[i] === "\r" || text[i] === "\t")) i++;
      const top = frames[frames.length - 1];
      if (text[i] === ":" && top?.keys) {
        const key = JSON.parse(raw) as string;
        if (top.keys.has(key)) out.push(`duplicate field ${JSON.stringify(join(top.path, key))}`);
        top.keys.add(key);
        pendingKey = key;
        i++;
      }
      continue;
    }
    if (c === "{" || c === "[") {
      frames.push({ keys: c === "{" ? new Set() : null, path: childPath(), index: 0 });
    } else if (c === "}" || c === "]") {
      frames.pop();
    } else if (c === ",") {
      const top = frames[frames.length - 1];
      if (top && !top.keys) top.index++;
    }
    i++;
  }
  return out;
}
