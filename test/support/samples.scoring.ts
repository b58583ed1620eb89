import { countWords } from '../../src/text/words.ts';
import type { ImportedWork } from '../../src/legacy/legacy.types.ts';

// The scoring rules of test/fixtures/samples/legacy-expected/README.md, implemented for the samples test:
// which printed works belong to a file, how each expected key is compared, and the checks every
// printed work gets (words.consistent, privacy). Each check is a named pass or fail.

export interface Check {
  name: string;
  passed: boolean;
  detail?: string;
}

type Expected = Record<string, unknown> & { title?: string | null; mayBeAbsent?: boolean };

const NUMBER_WORDS = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'eleven', 'twelve', 'thirteen', 'fourteen', 'fifteen', 'sixteen', 'seventeen', 'eighteen', 'nineteen', 'twenty'];

function straighten(text: string): string {
  return text.replace(/[‘’‚‛]/g, "'").replace(/[“”„‟]/g, '"');
}

function collapse(text: string): string {
  return straighten(text).replace(/\s+/g, ' ').trim();
}

export function normaliseTitle(text: string | null | undefined): string {
  return collapse(text ?? '').toLowerCase().replace(/^["']+|["']+$/g, '').trim();
}

function normaliseText(text: string | null | undefined): string {
  return straighten(text ?? '').toLowerCase().replace(/[^\p{L}\p{N}\s]/gu, ' ').replace(/\s+/g, ' ').trim();
}

function tokens(text: string): Set<string> {
  return new Set(normaliseText(text).split(' ').filter(Boolean));
}

function dice(a: string, b: string): number {
  const left = tokens(a);
  const right = tokens(b);
  if (left.size + right.size === 0) return 1;
  let shared = 0;
  for (const token of left) if (right.has(token)) shared++;
  return (2 * shared) / (left.size + right.size);
}

function isEmpty(value: unknown): boolean {
  return value === null || value === undefined || value === '' || (Array.isArray(value) && value.length === 0);
}

function sameSet(expected: string[], actual: string[], key = (s: string) => s.toLowerCase()): boolean {
  const a = new Set(expected.map(key));
  const b = new Set(actual.map(key));
  return a.size === b.size && [...a].every((item) => b.has(item));
}

function fandomKey(name: string): string {
  return normaliseText(name).replace(/^the /, '');
}

function nameTokens(name: string): string[] {
  return normaliseText(name).split(' ').filter(Boolean);
}

function holdsTokens(candidate: string, expected: string): boolean {
  const have = new Set(nameTokens(candidate));
  return nameTokens(expected).every((token) => have.has(token));
}

function isFriendship(relationship: string): boolean {
  return relationship.includes('&');
}

function textMatches(expected: string, actual: string | null): boolean {
  if (!actual) return false;
  const want = normaliseText(expected);
  return normaliseText(actual).includes(want) || dice(expected, actual) >= 0.85;
}

function canonicalHeading(title: string): string {
  return normaliseTitle(title).replace(/\b([a-z]+)\b/g, (word) => {
    const index = NUMBER_WORDS.indexOf(word);
    return index >= 0 ? String(index) : word;
  });
}

function stripNumbering(title: string): string {
  return title
    .replace(/^(?:chapter|part|drabble|ch\.?|section)\s*#?\s*[\divxlc]+\s*[:.\-–—]?\s*/i, '')
    .replace(/^\d+[.)]\s*/, '')
    .trim();
}

export function headingsMatch(expected: string | null, actual: string | null, workTitle: string | null): boolean {
  if (expected === null) return isEmpty(actual) || normaliseTitle(actual) === normaliseTitle(workTitle);
  if (actual === null) return false;
  const want = canonicalHeading(expected);
  const have = canonicalHeading(actual);
  if (want === have) return true;
  const wantBare = stripNumbering(want);
  const haveBare = stripNumbering(have);
  return (wantBare !== '' && (wantBare === haveBare || wantBare === have)) || (haveBare !== '' && haveBare === want);
}

function startsLike(text: string, start: string): boolean {
  return collapse(text).startsWith(collapse(start));
}

function endsLike(text: string, end: string): boolean {
  return collapse(text).endsWith(collapse(end));
}

const ENCODING_ALIASES: Record<string, string> = {
  'cp1252': 'windows-1252', 'windows-1252': 'windows-1252', 'iso-8859-1': 'windows-1252', 'latin1': 'windows-1252',
  'utf-8': 'utf-8', 'utf8': 'utf-8', 'us-ascii': 'utf-8', 'ascii': 'utf-8', 'macintosh': 'macintosh', 'x-mac-roman': 'macintosh', 'macroman': 'macintosh',
};

function sameEncoding(expected: string, actual: string): boolean {
  const key = (e: string) => ENCODING_ALIASES[e.toLowerCase()] ?? e.toLowerCase();
  return key(expected) === key(actual);
}

function checkChapters(expected: Expected, work: ImportedWork, checks: Check[]): void {
  const wanted = expected.chapters as Array<{ title?: string | null; words?: number; textStarts?: string; textEnds?: string }>;
  const joined = expected.chaptersMayJoin === true && work.chapters.length === 1 && wanted.length > 1;
  if (joined) {
    const only = work.chapters[0] as ImportedWork['chapters'][number];
    const sum = wanted.reduce((total, chapter) => total + (chapter.words ?? 0), 0);
    checks.push({ name: 'chapters.count', passed: true });
    checks.push({ name: 'chapters.joined.words', passed: only.words === sum, detail: `${only.words} vs ${sum}` });
    if (wanted[0]?.textStarts) checks.push({ name: 'chapters.joined.textStarts', passed: startsLike(only.text, wanted[0].textStarts) });
    const last = wanted[wanted.length - 1];
    if (last?.textEnds) checks.push({ name: 'chapters.joined.textEnds', passed: endsLike(only.text, last.textEnds) });
    return;
  }
  checks.push({ name: 'chapters.count', passed: work.chapters.length === wanted.length, detail: `${work.chapters.length} vs ${wanted.length}` });
  wanted.forEach((chapter, index) => {
    const actual = work.chapters[index];
    const name = `chapters[${index}]`;
    if ('title' in chapter) checks.push({ name: `${name}.title`, passed: Boolean(actual) && headingsMatch(chapter.title ?? null, actual?.title ?? null, work.title), detail: `${actual?.title} vs ${chapter.title}` });
    if (chapter.words !== undefined) checks.push({ name: `${name}.words`, passed: actual?.words === chapter.words, detail: `${actual?.words} vs ${chapter.words}` });
    if (chapter.textStarts) checks.push({ name: `${name}.textStarts`, passed: Boolean(actual) && startsLike(actual?.text ?? '', chapter.textStarts) });
    if (chapter.textEnds) checks.push({ name: `${name}.textEnds`, passed: Boolean(actual) && endsLike(actual?.text ?? '', chapter.textEnds) });
  });
}

function check(key: string, expected: Expected, work: ImportedWork, checks: Check[]): void {
  const want = expected[key];
  const w = work as unknown as Record<string, unknown>;
  const push = (passed: boolean, detail?: string): void => {
    checks.push({ name: key, passed, detail: detail ?? `${JSON.stringify(w[key])} vs ${JSON.stringify(want)}` });
  };
  switch (key) {
    case 'sources': case 'mayBeAbsent': case 'chaptersMayJoin': return;
    case 'title': return push(want === null ? isEmpty(work.title) : normaliseTitle(work.title) === normaliseTitle(want as string));
    case 'creators': case 'categories': return push(sameSet(want as string[], w[key] as string[]));
    case 'fandoms': {
      const wanted = want as string[];
      const ok = wanted.length === work.fandoms.length && wanted.every((f) => work.fandoms.some((o) => fandomKey(o) === fandomKey(f) || fandomKey(o).startsWith(`${fandomKey(f)} `)));
      return push(ok);
    }
    case 'rating': case 'words': case 'archiveConsent': return push(w[key] === want);
    case 'warnings': {
      const real = (list: string[]) => list.filter((x) => x.toLowerCase() !== 'choose not to use archive warnings');
      const wanted = want as string[];
      return push(real(wanted).length > 0 ? sameSet(real(wanted), real(work.warnings)) : sameSet(wanted, work.warnings));
    }
    case 'relationships': {
      const wanted = want as string[];
      const ok = wanted.every((r) => work.relationships.some((o) => holdsTokens(o, r) && isFriendship(o) === isFriendship(r)))
        && work.relationships.length <= wanted.length + 2;
      return push(wanted.length === 0 ? work.relationships.length === 0 : ok);
    }
    case 'characters': {
      const wanted = want as string[];
      return push(wanted.length === 0 ? work.characters.length === 0 : wanted.every((c) => work.characters.some((o) => holdsTokens(o, c))));
    }
    case 'summary': return push(want === null ? isEmpty(work.summary) : dice(want as string, work.summary ?? '') >= 0.9);
    case 'notes': case 'endNotes': return push(want === null ? isEmpty(w[key]) : textMatches(want as string, w[key] as string | null));
    case 'disclaimer': return push(want === null ? isEmpty(work.disclaimer) : textMatches(want as string, work.disclaimer) || textMatches(want as string, work.notes));
    case 'challenge': return push(want === null ? isEmpty(work.challenge) : normaliseText(work.challenge).includes(normaliseText(want as string)));
    case 'series': {
      const s = want as { title: string; position?: number } | null;
      if (s === null) return push(work.series === null);
      return push(Boolean(work.series) && normaliseText(work.series?.title).includes(normaliseText(s.title)) && (s.position === undefined || work.series?.position === s.position));
    }
    case 'status': case 'form': return push(Array.isArray(want) ? want.includes(w[key]) : w[key] === want);
    case 'chapters': return checkChapters(expected, work, checks);
    case 'provenance': {
      for (const [field, value] of Object.entries(want as Record<string, string | null>)) {
        const actual = work.provenance[field as keyof ImportedWork['provenance']];
        const passed = field === 'encoding' ? sameEncoding(value ?? '', actual ?? '') : value === null ? isEmpty(actual) : normaliseText(actual).includes(normaliseText(value));
        checks.push({ name: `provenance.${field}`, passed, detail: `${actual} vs ${value}` });
      }
      return;
    }
    case 'repairs': {
      for (const repair of want as Array<{ before: string; after: string }>) {
        const passed = work.repairs.some((r) => r.before.includes(repair.before) && r.after.includes(repair.after));
        checks.push({ name: `repairs ${repair.before}→${repair.after}`, passed });
      }
      return;
    }
    case 'mustContain':
      for (const text of want as string[]) {
        checks.push({ name: `mustContain ${JSON.stringify(text)}`, passed: work.chapters.some((c) => c.text.normalize('NFC').includes(text.normalize('NFC'))) });
      }
      return;
    case 'mustNotContain':
      for (const text of want as string[]) {
        checks.push({ name: `mustNotContain ${JSON.stringify(text)}`, passed: !work.chapters.some((c) => c.text.includes(text)) });
      }
      return;
    case 'forbiddenRelationships':
      for (const text of want as string[]) {
        checks.push({ name: `forbiddenRelationship ${text}`, passed: !work.relationships.some((r) => holdsTokens(r, text)) });
      }
      return;
    default:
      push(JSON.stringify(w[key]) === JSON.stringify(want));
  }
}

/** Addresses of the input file outside Message-ID style headers. */
export function fileAddresses(content: string): string[] {
  const lines = content.split(/\r?\n/).filter((line) => !/^(message-id|in-reply-to|references)\s*:/i.test(line));
  return [...new Set(lines.join('\n').match(/[\w.+-]+@[\w-]+(?:\.[\w-]+)+/g) ?? [])];
}

/** Whether a printed work belongs to the file NAME (README "Matching works to files"). */
export function belongsTo(work: ImportedWork, name: string): boolean {
  return work.sources.some((source) => {
    const last = source.split('/').pop() ?? '';
    return last === name || (last.startsWith(name) && /[^\w.-]/.test(last.charAt(name.length)));
  });
}

export function scoreFile(expectedWorks: Expected[], printed: ImportedWork[], fileContent: string): Check[] {
  const checks: Check[] = [];
  const required = expectedWorks.filter((work) => !work.mayBeAbsent);
  const countOk = printed.length >= required.length && printed.length <= expectedWorks.length;
  checks.push({ name: 'works', passed: countOk, detail: `${printed.length} printed, ${expectedWorks.length} expected` });
  const unpaired = [...printed];
  for (const expected of expectedWorks) {
    let index = unpaired.findIndex((work) => normaliseTitle(work.title) === normaliseTitle(expected.title ?? null));
    if (index < 0 && unpaired.length === 1 && expectedWorks.length === 1) index = 0;
    const work = index >= 0 ? unpaired.splice(index, 1)[0] : undefined;
    if (!work) {
      if (expected.mayBeAbsent) continue;
      for (const key of Object.keys(expected)) checks.push({ name: key, passed: false, detail: 'work missing' });
      continue;
    }
    for (const key of Object.keys(expected)) check(key, expected, work, checks);
  }
  const addresses = fileAddresses(fileContent);
  for (const work of printed) {
    const consistent = work.chapters.every((c) => countWords(c.text) === c.words) && work.words === work.chapters.reduce((s, c) => s + c.words, 0);
    checks.push({ name: 'words.consistent', passed: consistent });
    const inWorld = new Set(expectedWorks.flatMap((e) => (e.mustContain as string[] | undefined) ?? []));
    const json = JSON.stringify(work).toLowerCase();
    const leaked = addresses.filter((a) => ![...inWorld].some((s) => s.includes(a)) && json.includes(a.toLowerCase()));
    checks.push({ name: 'privacy', passed: leaked.length === 0, detail: leaked.join(', ') });
  }
  return checks;
}
