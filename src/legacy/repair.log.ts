import type { Repair } from './legacy.types.ts';

/** Collects changes made to the author's words, one entry per distinct change with its count. */
export class RepairLog {
  private readonly entries = new Map<string, Repair>();

  add(rule: string, before: string, after: string): void {
    const key = `${rule}\u0000${before}\u0000${after}`;
    const entry = this.entries.get(key);
    if (entry) entry.count = (entry.count ?? 1) + 1;
    else this.entries.set(key, { rule, before, after, count: 1 });
  }

  addAll(repairs: Repair[]): void {
    for (const repair of repairs) {
      for (let i = 0; i < (repair.count ?? 1); i++) this.add(repair.rule, repair.before, repair.after);
    }
  }

  list(): Repair[] {
    return [...this.entries.values()];
  }
}
