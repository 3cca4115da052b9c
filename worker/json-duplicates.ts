/**
 * Duplicate members in a JSON text, reported as upstream's strict decoder does (`duplicate field
 * "metadata.name"`; sigs.k8s.io/json UnmarshalStrict). JSON.parse silently keeps the last one, so strict
 * field validation scans the text itself. A linear scan; the text is already known to be valid JSON.
 */
export function duplicateFields(text: string): string[] {
  const out: string[] = [];
  // One frame per open object or array: the keys seen (objects) and the path to it.
  const frames: { keys: Set<string> | null; path: string[] }[] = [];
  let pendingKey: string | null = null;
  let i = 0;
  const n = text.length;
  const childPath = () => {
    const top = frames[frames.length - 1];
    if (!top) return [];
    return top.keys && pendingKey !== null ? [...top.path, pendingKey] : top.path;
  };
  while (i < n) {
    const c = text[i];
    if (c === '"') {
      let j = i + 1;
      while (j < n && text[j] !== '"') j += text[j] === "\\" ? 2 : 1;
      const raw = text.slice(i, j + 1);
      i = j + 1;
      while (i < n && /\s/.test(text[i])) i++;
      const top = frames[frames.length - 1];
      if (text[i] === ":" && top?.keys) {
        const key = JSON.parse(raw) as string;
        if (top.keys.has(key)) out.push(`duplicate field ${JSON.stringify([...top.path, key].join("."))}`);
        top.keys.add(key);
        pendingKey = key;
        i++;
      }
      continue;
    }
    if (c === "{" || c === "[") {
      frames.push({ keys: c === "{" ? new Set() : null, path: childPath() });
      pendingKey = null;
    } else if (c === "}" || c === "]") {
      frames.pop();
      pendingKey = null;
    }
    i++;
  }
  return out;
}
