import { attachContacts, contactsOf } from './contacts.ts';
import type { Contact, ImportedChapter, ImportedWork, PartMarker, Rating, ReviewFlag } from './legacy.types.ts';
import { highestRating, NO_WARNINGS_CHOSEN } from './labels.ts';

// Parts posted as separate messages → one work (research/legacy.md §3.1). Parts are grouped by
// title and author, ordered by number; a part posted twice keeps its longest copy; a group is
// released as soon as all its parts are in, so memory holds only unfinished stories. What is
// still missing at the end of the run is released with a flag for each gap.

interface Group {
  parts: Map<number, ImportedWork>;
  total: number | null;
  flags: ReviewFlag[];
}

function union(lists: string[][]): string[] {
  const seen = new Map<string, string>();
  for (const list of lists) for (const item of list) if (!seen.has(item.toLowerCase())) seen.set(item.toLowerCase(), item);
  return [...seen.values()];
}

function firstOf<T>(values: Array<T | null>): T | null {
  return values.find((value) => value !== null) ?? null;
}

/** Joins the parts of one story, in order, into one work. */
export function mergeParts(parts: ImportedWork[], total: number | null, flags: ReviewFlag[]): ImportedWork {
  const stories = parts.filter((part) => part.chapters.length > 0);
  const chapters: ImportedChapter[] = [];
  for (const part of stories) {
    part.chapters.forEach((chapter, index) => {
      const previous = chapters[chapters.length - 1];
      // An untitled start of a part continues the previous part's titled chapter, unless that
      // title was the previous part's own heading ("Part 2"): then this is the next part.
      if (index === 0 && chapter.title === null && previous?.title && !/^(?:part|pt\.?)\s/i.test(previous.title)) {
        previous.text = `${previous.text}\n\n${chapter.text}`;
        previous.words += chapter.words;
      } else chapters.push({ ...chapter });
    });
  }
  const last = parts[parts.length - 1] as ImportedWork;
  const contacts = new Map<string, Contact>();
  for (const part of parts) for (const contact of contactsOf(part)) if (!contacts.has(contact.address)) contacts.set(contact.address, contact);
  return attachContacts(mergedWork(parts, chapters, total, flags, last, stories), [...contacts.values()]);
}

function mergedWork(parts: ImportedWork[], chapters: ImportedChapter[], total: number | null, flags: ReviewFlag[], last: ImportedWork, stories: ImportedWork[]): ImportedWork {
  const gaps = flags.some((flag) => flag.code === 'missing-part');
  const warnings = union(parts.map((part) => part.warnings));
  const realWarnings = warnings.filter((warning) => warning !== NO_WARNINGS_CHOSEN);
  const lastIsFinal = total !== null && last.status !== 'in-progress' && parts.length > 0;
  return {
    sources: parts.flatMap((part) => part.sources),
    title: firstOf(parts.map((part) => part.title)),
    creators: union(parts.map((part) => part.creators)),
    fandoms: union(parts.map((part) => part.fandoms)),
    rating: highestRating(parts.map((part) => part.rating as Rating)),
    warnings: realWarnings.length > 0 ? realWarnings : [NO_WARNINGS_CHOSEN],
    categories: union(parts.map((part) => part.categories)) as ImportedWork['categories'],
    relationships: union(parts.map((part) => part.relationships)),
    characters: union(parts.map((part) => part.characters)),
    freeforms: union(parts.map((part) => part.freeforms)),
    summary: firstOf(parts.map((part) => part.summary)),
    notes: firstOf(parts.map((part) => part.notes)),
    endNotes: last.endNotes,
    disclaimer: firstOf(parts.map((part) => part.disclaimer)),
    challenge: firstOf(parts.map((part) => part.challenge)),
    series: firstOf(parts.map((part) => part.series)),
    status: gaps ? 'in-progress' : last.status === 'unknown' && lastIsFinal ? 'complete' : last.status,
    form: chapters.length > 1 && stories.every((part) => part.form === 'drabble' || part.form === 'drabble-collection') ? 'drabble-collection' : stories.some((p) => p.form === 'story') || chapters.reduce((s, c) => s + c.words, 0) >= 1000 ? 'story' : (stories[0]?.form ?? 'story'),
    chapters,
    words: chapters.reduce((sum, chapter) => sum + chapter.words, 0),
    archiveConsent: firstOf(parts.map((part) => part.archiveConsent)),
    provenance: {
      archive: firstOf(parts.map((part) => part.provenance.archive)),
      list: firstOf(parts.map((part) => part.provenance.list)),
      feedback: firstOf(parts.map((part) => part.provenance.feedback)),
      encoding: (parts[0] as ImportedWork).provenance.encoding,
    },
    repairs: parts.flatMap((part) => part.repairs),
    labels: parts.flatMap((part) => part.labels),
    flags: [...flags, ...parts.flatMap((part) => part.flags)],
  };
}

export type AssemblyResult =
  | { kind: 'pending' }
  | { kind: 'complete'; work: ImportedWork }
  | { kind: 'duplicate'; reason: string };

export class PartAssembler {
  private readonly groups = new Map<string, Group>();
  /** Part numbers of stories already released, to drop reposts that arrive afterwards. */
  private readonly released = new Map<string, Set<number>>();

  /** Adds one part; the story comes back complete once this part completes it. */
  add(groupKey: string, work: ImportedWork, part: PartMarker): AssemblyResult {
    if (this.released.get(groupKey)?.has(part.number)) {
      return { kind: 'duplicate', reason: `a repost of part ${part.number} of "${work.title ?? 'untitled'}", already assembled` };
    }
    const group = this.groups.get(groupKey) ?? { parts: new Map<number, ImportedWork>(), total: null, flags: [] };
    this.groups.set(groupKey, group);
    if (part.total !== null) group.total = Math.max(group.total ?? 0, part.total);
    const existing = group.parts.get(part.number);
    if (existing) {
      group.flags.push({ code: 'duplicate-part', detail: `part ${part.number} posted more than once (${existing.sources[0]}, ${work.sources[0]}); the longest copy is kept` });
      if (work.words > existing.words) group.parts.set(part.number, work);
    } else group.parts.set(part.number, work);
    if (group.total !== null && this.isComplete(group)) {
      this.groups.delete(groupKey);
      this.released.set(groupKey, new Set(group.parts.keys()));
      return { kind: 'complete', work: this.release(group) };
    }
    return { kind: 'pending' };
  }

  /** Releases every unfinished story, flagging its gaps. */
  flush(): ImportedWork[] {
    const works = [...this.groups.values()].map((group) => this.release(group));
    this.groups.clear();
    return works;
  }

  private isComplete(group: Group): boolean {
    for (let number = 1; number <= (group.total ?? 0); number++) if (!group.parts.has(number)) return false;
    return true;
  }

  private release(group: Group): ImportedWork {
    const numbers = [...group.parts.keys()].sort((a, b) => a - b);
    const highest = Math.max(group.total ?? 0, numbers[numbers.length - 1] ?? 0);
    for (let number = 1; number <= highest; number++) {
      if (!group.parts.has(number)) group.flags.push({ code: 'missing-part', detail: `part ${number}/${group.total ?? '?'} not found` });
    }
    return mergeParts(numbers.map((number) => group.parts.get(number) as ImportedWork), group.total, group.flags);
  }
}
