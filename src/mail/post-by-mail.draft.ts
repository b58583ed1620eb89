import { createHash } from 'node:crypto';
import type { Result } from '../context.ts';
import { failed, ok } from '../context.ts';
import { plainToStoredHtml, languageCode } from '../imports/import.rows.ts';
import { tagRequests } from '../imports/import.tags.ts';
import { readDocument } from '../legacy/document.ts';
import { DEFAULT_FILE_SECONDS, FileBudget, FileTimeExceeded } from '../legacy/file.budget.ts';
import { parseMessage } from '../legacy/email.ts';
import type { ImportedWork, MailInfo } from '../legacy/legacy.types.ts';
import type { TagRequest } from '../tags/tag.service.ts';
import { TAG_TYPE_LABELS, type TagType } from '../tags/tag.types.ts';
import type { ChapterInput, NewWorkInput } from '../works/work.types.ts';
import { LIMITS } from '../works/work.types.ts';

// A mailed story read by the importer's own parser (the e-mail adapter's parseMessage, then
// readDocument: the same title, summary, notes, rating, tags and chapters `import` finds), and
// turned into what the posting form would send for a draft. Nothing here needs the database.

export interface MailedStory {
  work: ImportedWork;
  mail: MailInfo | null;
}

/** The message's From address, and the story in it or why there is none (the parser's reason: "no text", …). */
export function readMailedStory(raw: Buffer): { from: string | null; story: Result<MailedStory, string> } {
  const document = parseMessage(raw, 'mail');
  const from = document.mail?.fromAddress ?? null;
  let result: ReturnType<typeof readDocument>;
  try {
    // The importer's guard for the pass that is not linear, as `import` has it for each file.
    result = readDocument(document, {}, new FileBudget(DEFAULT_FILE_SECONDS));
  } catch (error) {
    if (error instanceof FileTimeExceeded) return { from, story: failed(error.message) };
    throw error;
  }
  if (result.kind === 'skipped') return { from, story: failed(result.skipped.reason) };
  if (result.work.chapters.length === 0) return { from, story: failed('no text') };
  return { from, story: ok({ work: result.work, mail: document.mail }) };
}

/**
 * The draft's submission key: the author and the Message-ID (or, without one, the message's
 * bytes), so a message delivered twice (a retry after a lost "250") makes one draft.
 */
export function mailSubmissionKey(userId: number, messageId: string | null, raw: Buffer): string {
  const identity = messageId?.trim() ? `id:${messageId.trim().toLowerCase()}` : `bytes:${createHash('sha256').update(raw).digest('hex')}`;
  return `mail:${userId}:${createHash('sha256').update(identity).digest('base64url')}`;
}

const DEFAULT_WARNING = 'Choose Not To Use Archive Warnings';

export interface DraftPlan {
  input: NewWorkInput;
  /** What the author should know was not read, or was filled in: shown in the answer. */
  notRead: string[];
}

function namesOf(requests: TagRequest[], type: TagType): string[] {
  return requests.filter((r) => r.type === type).map((r) => r.name);
}

function declared(work: ImportedWork, label: RegExp): boolean {
  return work.labels.some((l) => label.test(l.label));
}

function chapterInput(chapter: ImportedWork['chapters'][number]): ChapterInput {
  return {
    title: chapter.title ? chapter.title.slice(0, LIMITS.chapterTitle) : null,
    summary: chapter.summary ? chapter.summary.slice(0, LIMITS.summary) : null,
    notes: chapter.notes ? chapter.notes.slice(0, LIMITS.notes) : null,
    endNotes: chapter.endNotes ? chapter.endNotes.slice(0, LIMITS.notes) : null,
    // The importer's plain text → HTML (paragraphs, *emphasis*); postWork cleans it as it cleans the form's.
    text: plainToStoredHtml(chapter.text),
  };
}

/**
 * The draft a mailed story makes, as the posting form would send it. Tags are the importer's
 * well-formed names, less those `typeOf` (the type a name has here already) says are another
 * type: the form would refuse them, and a mail cannot be sent back to fix one field, so they
 * are left out and listed in the answer.
 */
export function draftPlan(work: ImportedWork, pseudId: number, submissionKey: string, typeOf: (name: string) => string | undefined): DraftPlan {
  const notRead: string[] = [];
  const plan = tagRequests(work);
  for (const flag of plan.flags) notRead.push(`A tag was left out: ${flag.detail}`);
  const requests = plan.requests.filter((request) => {
    const type = typeOf(request.name);
    if (!type || type === request.type) return true;
    const label = TAG_TYPE_LABELS[type as TagType]?.one.toLowerCase() ?? type;
    notRead.push(`“${request.name}” is already a tag of another type here (${label}), so it was not added as ${TAG_TYPE_LABELS[request.type].one.toLowerCase()}.`);
    return false;
  });
  const [first, ...rest] = work.chapters;
  const title = (work.title ?? '').slice(0, LIMITS.title).trim();
  if (!title) notRead.push('No title was found: the draft is called “Untitled”; give it one before posting.');
  const fandoms = namesOf(requests, 'Fandom');
  if (fandoms.length === 0) notRead.push('No fandom was found: add one before posting.');
  if (!declared(work, /^rating$/i)) notRead.push(`No rating was found: it is “${work.rating}”; change it if it should be another.`);
  const warnings = namesOf(requests, 'ArchiveWarning');
  if (!declared(work, /warn/i)) notRead.push(`No archive warnings were found: “${DEFAULT_WARNING}” is set; change it if others apply.`);
  if (work.summary && work.summary.length > LIMITS.summary) notRead.push(`The summary was cut to ${LIMITS.summary} characters.`);
  const language = languageCode(work.language);
  if (work.language && !language) notRead.push(`The language “${work.language}” is not one offered here: the draft is in English.`);
  const notes = [work.notes, work.disclaimer ? `Disclaimer: ${work.disclaimer}` : null].filter(Boolean).join('\n\n');
  const input: NewWorkInput = {
    title: title || 'Untitled',
    summary: work.summary ? work.summary.slice(0, LIMITS.summary) : null,
    notes: notes ? notes.slice(0, LIMITS.notes) : null,
    endNotes: work.endNotes ? work.endNotes.slice(0, LIMITS.notes) : null,
    rating: work.rating,
    warnings: warnings.length > 0 ? warnings : [DEFAULT_WARNING],
    categories: namesOf(requests, 'Category'),
    fandoms,
    relationships: namesOf(requests, 'Relationship'),
    characters: namesOf(requests, 'Character'),
    freeforms: namesOf(requests, 'Freeform'),
    language: language ?? 'en',
    pseudIds: [pseudId],
    coCreators: [],
    isRestricted: false,
    expectedChapters: work.status === 'complete' ? work.chapters.length : (work.expectedChapters ?? null),
    isComplete: work.status === 'complete',
    publishedOn: null,
    chapter: chapterInput(first!),
    moreChapters: rest.map(chapterInput),
    asDraft: true,
    submissionKey,
  };
  return { input, notRead };
}
