/**
 * The kubelet's table of pods: one row per pod key with the time its next sync is due (NULL: nothing due) and
 * the kubelet's record of the pod (JSON, NULL until its first sync).
 */
import type { PodRecordRow } from "../../worker/kubelet/agent/pod-sync";

export class PodTable {
  constructor(private readonly sql: SqlStorage) {}

  createTable(): void {
    this.sql.exec(`CREATE TABLE IF NOT EXISTS pods (key TEXT PRIMARY KEY, due INTEGER, record TEXT)`);
    this.sql.exec(`CREATE INDEX IF NOT EXISTS pods_due ON pods (due) WHERE due IS NOT NULL`);
  }

  /** Due at `dueMs`, or earlier if it already was. */
  poke(key: string, dueMs: number): void {
    this.sql.exec(
      `INSERT INTO pods (key, due) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET due = CASE WHEN due IS NULL THEN excluded.due ELSE MIN(due, excluded.due) END`,
      key,
      dueMs,
    );
  }

  due(nowMs: number, limit: number): PodRecordRow[] {
    return this.sql
      .exec<{ key: string; record: string | null }>(`SELECT key, record FROM pods WHERE due IS NOT NULL AND due <= ? ORDER BY due LIMIT ?`, nowMs, limit)
      .toArray()
      .map((r) => ({ key: r.key, record: r.record ? JSON.parse(r.record) : undefined }));
  }

  clearDue(key: string): void {
    this.sql.exec(`UPDATE pods SET due = NULL WHERE key = ?`, key);
  }

  /** Stores the record; a poke that came during the sync keeps its earlier due time. */
  save(key: string, record: unknown, dueMs: number | undefined): void {
    this.sql.exec(`UPDATE pods SET record = ? WHERE key = ?`, JSON.stringify(record), key);
    if (dueMs !== undefined) this.poke(key, dueMs);
  }

  forget(key: string): void {
    this.sql.exec(`DELETE FROM pods WHERE key = ? AND due IS NULL`, key);
    this.sql.exec(`UPDATE pods SET record = NULL WHERE key = ?`, key);
  }

  records(): PodRecordRow[] {
    return this.sql
      .exec<{ key: string; record: string | null }>(`SELECT key, record FROM pods WHERE record IS NOT NULL`)
      .toArray()
      .map((r) => ({ key: r.key, record: JSON.parse(r.record!) }));
  }

  nextDue(): number | undefined {
    const [row] = this.sql.exec<{ next: number | null }>(`SELECT MIN(due) AS next FROM pods`).toArray();
    return row.next ?? undefined;
  }

  counts(nowMs: number): { pods: number; due: number } {
    const [row] = this.sql.exec<{ n: number; d: number }>(`SELECT COUNT(*) AS n, COALESCE(SUM(CASE WHEN due IS NOT NULL AND due <= ? THEN 1 ELSE 0 END), 0) AS d FROM pods`, nowMs).toArray();
    return { pods: row.n, due: row.d };
  }
}
