import { countWords } from '../text/words.ts';
import { splitBlocks, toParagraphs, trimBreaks } from './body.ts';
import { type ChapterDraft, matchHeading, splitChapters } from './chapters.ts';
import { detectDrabbles } from './drabbles.ts';
import { addressesIn, findAddress, removeAddresses } from './addresses.ts';
import { attachContacts, findContacts } from './contacts.ts';
import { bylineWithTitle, copyrightHolder, kindBy, postedFor, postedForAnother, signatureName, withCoAuthor, writtenBy } from './bylines.ts';
import { cutTrailer, leadAdvertLength, type Ending, splitEnding, TRAILING_BYLINE } from './footer.ts';
import { all, first, type HeaderBlock } from './header.ts';
import type {
  DocumentResult, ImportedChapter, ImportedWork, ImportOptions, PartMarker, ReviewFlag, SourceDocument, WorkForm, WorkStatus,
} from './legacy.types.ts';
import type { FileBudget } from './file.budget.ts';
import { highestRating, ratingInProse } from './labels.ts';
import { deriveTags, parseSeries, seriesInProse } from './metadata.ts';
import { consentFrom, consentInProse, factsFromFooter, hasDoNotArchive } from './provenance.ts';
import { notFiction } from './nonfiction.ts';
import { withoutPageHeaders } from './page.headers.ts';
import { holdsEveryPart, partOfPost } from './status.ts';
import { preambleNotes, withoutPartFurniture } from './parts.ts';
import { redactText, scrubWork } from './privacy.ts';
import { restoreLostLetters, restoreMaskedWords } from './repair.ts';
import { undoubleSpacing } from './spacing.ts';
import { cutCreditsCard, withoutTitleCards } from './coldopen.ts';
import { splitLeadTitle } from './titleblock.ts';
import { splitDisclaimer } from './disclaimer.ts';
import { RepairLog } from './repair.log.ts';
import { afterOpeningQuote } from './reply.ts';
import { findPartMarker, type ParsedSubject, parseSubject } from './subject.ts';
import { creatorNames, parseTopMatter, type TopMatter } from './topmatter.ts';

// One document → one work (or one part of a work), or the reason it is not one.

const DISCLAIMER = /\b(belongs?|belonged) to\b|\b(is|are)n'?t mine\b|\bnot mine\b|\bno (money|profit|infringement|copyright)\b|\bproperty of\b|\bowned by\b|\bdon'?t own\b|\bdo not own\b|\bown nothing\b|\bcopyright\b|\btrademark/i;
const CHALLENGE = /\b(?:[Ww]ritten\s+)?[Ff]or\s+(?:the\s+)?((?:(?:[A-Z][\w'’-]*|of|the|and|a|in|on)\s+)*?[\w'’-]*(?:[Cc]hallenge|[Dd]rabble-?a-?thon|[Ff]icathon|[Ff]est|[Ee]xchange|[Cc]ontest|[Bb]ig [Bb]ang)\b)/;

// `\s*[-–—:,;]+$`, tried only where its leftmost match can start (not after a space, not inside a
// run of the marks): from every character of a long run it was quadratic.
const TRAILING_PUNCTUATION = /(?<!\s)(?!(?<=[-–—:,;])[-–—:,;])\s*[-–—:,;]+$/;

const TRAILING_PART = /[([]?\b(?:part|pt\.?|chapter)\s*(?:\d+|[ivx]+|one|two|three|four|five|six|seven|eight|nine|ten)\b[)\]]?\.?$/i;

/** The title without a closing "part N" and the marks before it. The marks are cut by a loop:
 *  a pattern with a leading run of them was tried from every mark of a long run (quadratic). */
function withoutTrailingPart(title: string): string {
  const match = TRAILING_PART.exec(title);
  if (!match) return title;
  let end = match.index;
  while (end > 0 && /[\s,:;–—-]/.test(title[end - 1] as string)) end--;
  return title.slice(0, end);
}

function skipped(source: string, reason: string): DocumentResult {
  return { kind: 'skipped', skipped: { source, reason } };
}

function cleanTitle(value: string | null): string | null {
  if (!value) return null;
  const part = findPartMarker(value);
  let title = part ? value.slice(0, part.index) + value.slice(part.index + part.length) : value;
  // "Harbour Dreams, part 1.", "Title - Part One": a part without a total is still the post's.
  title = withoutTrailingPart(title.replace(/\s+by\s+[A-Z].*$/, ''))
    // One closing period is the line's, not the title's ("IDYLLIC MOMENT."); "..." is the title's.
    .replace(/(?<![.\s]|\b(?:Mr|Mrs|Ms|Dr|St|Jr|Sr|Vol))\.$/, '')
    .trim()
    .replace(TRAILING_PUNCTUATION, '')
    .replace(/^["'“‘]+|["'”’]+$/g, '')
    .trim();
  return title || null;
}

function joinOrNull(values: string[]): string | null {
  const text = values.map((v) => v.trim()).filter(Boolean).join('\n\n');
  return text || null;
}

function challengeFrom(values: string[]): string | null {
  for (const value of values) {
    const match = CHALLENGE.exec(value);
    if (match?.[1]) return match[1].trim();
  }
  return null;
}

function statusFrom(endStatus: WorkStatus | null, headerStatus: string | null, part: PartMarker | null, chapterTitles: Array<string | null>): WorkStatus {
  if (endStatus) return endStatus;
  if (headerStatus) {
    if (/\b(wip|in progress|ongoing|incomplete|unfinished|not complete)\b/i.test(headerStatus)) return 'in-progress';
    if (/\bcompleted?\b|\bfinished\b|\bdone\b|\byes\b/i.test(headerStatus)) return 'complete';
  }
  if (part?.total && part.number < part.total) return 'in-progress';
  // "(1/1)", or the last part of a story: the whole story is out (gaps are flagged when assembling).
  if (part?.total && part.number === part.total) return 'complete';
  // A lone "Chapter One" with nothing after it: the story goes on elsewhere.
  if (chapterTitles.length === 1 && chapterTitles[0] && /\b(chapter|part)\s+(1|one|i)\b/i.test(chapterTitles[0])) return 'in-progress';
  return 'unknown';
}

function formFrom(drabbleForm: WorkForm | null, hints: string, words: number, chapters: ChapterDraft[], status: WorkStatus): WorkForm {
  if (drabbleForm) return drabbleForm;
  if (/\b(poem|poems|poetry|verse|filk)\b/i.test(hints)) return 'poem';
  if (words < 1000 && chapters.length === 1 && chapters[0]?.title === null && status !== 'in-progress') return 'ficlet';
  return 'story';
}

function repairWords(value: string | null, log: RepairLog): string | null {
  return value ? restoreLostLetters(restoreMaskedWords(value, log), log) : value;
}

/** What a person should check before the work is published (research/legacy.md §0, step 3). */
function reviewFlags(log: RepairLog, fandomEvidence: string | null, drabbleSplit: string | null): ReviewFlag[] {
  const flags: ReviewFlag[] = [];
  for (const repair of log.list()) {
    if (repair.rule === 'lost-letter') flags.push({ code: 'repaired-word', detail: `"${repair.before}" restored as "${repair.after}"` });
  }
  if (fandomEvidence === 'distinctive character and place names') flags.push({ code: 'fandom-guessed', detail: 'the fandom was inferred from character and place names' });
  if (drabbleSplit === 'hundreds') flags.push({ code: 'drabbles-by-count', detail: 'drabbles were split at exact 100-word boundaries, as no separators survived' });
  return flags;
}

/** Removes header and footer addresses from a metadata value. */
function scrub(value: string | null, addresses: Set<string>): string | null {
  if (!value) return value;
  let found = false;
  let text = removeAddresses(value, addresses, '', () => (found = true));
  if (!found && !text.includes('mailto:')) return text.trim() || null;
  text = text.replace(/\(\s*\)|<\s*>|\[\s*\]|mailto:/gi, '').replace(/\s{2,}/g, ' ').replace(/\s+([.,;:])/g, '$1').trim();
  return text || null;
}

// readDocument reads a document in phases, each a function of its own. Besides reading more
// easily, this keeps V8's optimising compiler cheap: it compiled the one 150-line function that
// was here again each time a new kind of document reached it (six times a run, about 300 ms of
// background CPU each, a tenth of a 10,000-file import's CPU).

/** The reason a document is not a work at all (a reply, no text, DO NOT ARCHIVE), or null.
 *  `answersQuote`: the post quotes another only at its top, then tells a story of its own. */
function notAWork(doc: SourceDocument, subject: ParsedSubject | null, allLines: string[], answersQuote: boolean): string | null {
  if (doc.mail?.isReply || subject?.isReply) return 'a reply (feedback or discussion), not a work';
  const nonBlank = allLines.filter((line) => line.trim());
  if (nonBlank.length === 0) return 'no text';
  if (hasDoNotArchive(allLines)) return 'marked DO NOT ARCHIVE by its author: not imported';
  const quoted = nonBlank.filter((line) => /^\s*>/.test(line)).length;
  const opensAsReply = () =>
    /^\s*(re|aw)\s*:/i.test(nonBlank[0] ?? '') || nonBlank.some((line) => line.endsWith('wrote:') && /^\s*(-{2,3} in \S+@\S+.*|on .{5,80}|\S.{0,60}) wrote:$/i.test(line));
  if (!answersQuote && (quoted > nonBlank.length * 0.4 || (quoted >= 2 && opensAsReply()))) return 'quoted text with comments: a reply, not a work';
  return notFiction(doc.text, doc.mail?.subject ?? null);
}

/** Where the parts of a document are: the header above, the story, its ending, the trailer. */
interface Layout {
  top: TopMatter;
  header: HeaderBlock;
  ending: Ending;
  trailer: string[];
  /** What follows the story: its footer, then the mail trailer. */
  signOff: string[];
  storyParagraphs: string[];
  /** Paragraphs where a title card after a teaser opens a new chapter (coldopen.ts). */
  chapterBreaks: Set<number>;
  title: string | null;
  part: PartMarker | null;
  /** The author's words in a part's repeated header (parts.ts), disclaimers among them. */
  partNotes: string[];
}

function readLayout(doc: SourceDocument, subject: ParsedSubject | null, allLines: string[]): Layout {
  // A list's advert at the top of the message leaves the text with the trailer, as provenance.
  const advert = leadAdvertLength(allLines);
  const cutLines = cutTrailer(allLines.slice(advert));
  const lines = cutLines.lines;
  const trailer = [...allLines.slice(0, advert), ...cutLines.trailer];
  const lead = splitLeadTitle(splitBlocks(withoutPageHeaders(undoubleSpacing(lines))));
  const blocks = lead.blocks;
  const top = parseTopMatter(blocks, doc.htmlTitle, lead.titleAt);
  const header = top.header;
  const strongHeading = (line: string) => matchHeading(line)?.weak === false;
  const credits = cutCreditsCard(blocks.slice(top.bodyStart));
  const ending = splitEnding(trimBreaks(toParagraphs(credits.blocks, strongHeading)));
  let storyParagraphs = ending.paragraphs;
  // A part marker or "continued from" line at the top of the story belongs to the post, not the text.
  // A web page's <title> ("Harvest Moon (part 1)") numbers the pages of a story posted as several.
  let part: PartMarker | null =
    subject?.part ?? top.part ?? findPartMarker(first(header, 'title') ?? '')?.marker ?? findPartMarker(doc.htmlTitle ?? '')?.marker ?? null;
  while (storyParagraphs.length > 0) {
    const lead = storyParagraphs[0] as string;
    const marker = findPartMarker(lead);
    if (marker && marker.marker.total !== null && lead.length - marker.length <= 12) {
      part ??= marker.marker;
      storyParagraphs = storyParagraphs.slice(1);
    } else if (
      (/^\s*[([]?\s*(continued from|previously|part \w+ (is )?(at|here))\b/i.test(lead) && lead.length < 120) ||
      /^[^.!?]{0,60}\b(part|chapter) [\w-]+ (of|out of) [\w-]+[.!:)\]]*$/i.test(lead)
    ) {
      storyParagraphs = storyParagraphs.slice(1);
    } else break;
  }
  const title = titleOf(doc, subject, header, top) ?? credits.title;
  const parts = withoutPartFurniture(storyParagraphs, title);
  const cards = withoutTitleCards(parts.story, title);
  return {
    top, header, ending, trailer, signOff: [...ending.footer, ...trailer], storyParagraphs: cards.paragraphs, chapterBreaks: cards.breaks, title, part,
    partNotes: preambleNotes(parts.preamble, title),
  };
}

/** The author's notes (disclaimers apart), the disclaimers, and links to related stories. */
function readNotes(layout: Layout): { notes: string[]; disclaimers: string[]; related: string[] } {
  const { header, top, ending } = layout;
  const headerNotes = [...all(header, 'notes'), ...all(header, 'dedication'), ...all(header, 'beta').map((v) => `Thanks: ${v}`)];
  const notesAll = [...headerNotes, ...top.notes, ...layout.partNotes].flatMap((note) => {
    const split = DISCLAIMER.test(note) ? splitDisclaimer(note, DISCLAIMER) : null;
    return split ? [split.note, split.disclaimer] : [note];
  });
  return {
    notes: notesAll.filter((note) => !DISCLAIMER.test(note)),
    disclaimers: [...all(header, 'disclaimer'), ...notesAll.filter((note) => DISCLAIMER.test(note)), ...ending.disclaimers],
    // Spoiler lines stay among the original labels: they are not the author's notes.
    related: header.labels.filter((l) => l.value && /^(sequel|prequel|follows|companion)/i.test(l.label)).map((l) => `${l.label}: ${l.value}`),
  };
}

/** Every address the document shows outside the story: none may reach a field of the work. */
function boilerplateAddresses(doc: SourceDocument, layout: Layout): Set<string> {
  const { header, trailer, ending, top } = layout;
  const addresses = new Set<string>(doc.addresses);
  const boilerplate = [...header.labels.map((l) => l.value), ...trailer, ...ending.footer, ...top.notes];
  for (const text of boilerplate) for (const address of addressesIn(text)) addresses.add(address);
  const obfuscated = [...trailer, ...ending.footer].map((line) => findAddress(line)).filter((a): a is string => a !== null);
  for (const address of obfuscated) addresses.add(address);
  return addresses;
}

/** The story cut into chapters (or drabbles), lost letters restored and addresses removed. */
function readChapters(doc: SourceDocument, layout: Layout, notes: string[], log: RepairLog, addresses: Set<string>) {
  const { header, top } = layout;
  const drafts = splitChapters(layout.storyParagraphs, layout.chapterBreaks);
  const formHints = [
    top.bylineKind ?? '', top.title ?? '', doc.mail?.subject ?? '', ...all(header, 'title'), ...all(header, 'summary'),
    ...all(header, 'format'), ...all(header, 'category'), ...notes, ...all(header, 'wordcount'),
  ].join(' ');
  const drabbles = detectDrabbles(drafts, /\bdrabbles?\b/i.test(formHints), /\b(double|triple|half)[- ]drabble|drabble-and-a-half|droubble|trabble/i.test(formHints));
  const chapters: ImportedChapter[] = drabbles.chapters.map((draft, index) => {
    // Restoring a lost letter swaps a word for a word, so the count made while looking for
    // drabbles still holds; removing an address does not.
    let text = restoreLostLetters(restoreMaskedWords(draft.paragraphs.join('\n\n'), log), log);
    let counted = drabbles.chapterWords?.[index];
    // Every address goes, not only those of the header: the scorer and the contract count any.
    // The repair says that one was removed, never which (contract: no address in any field).
    text = redactText(removeAddresses(text, addresses, '[email address removed]', () => {
      log.add('privacy', 'an e-mail address', '[email address removed]');
      counted = undefined;
    }), () => {
      log.add('privacy', 'an e-mail address', '[email address removed]');
      counted = undefined;
    });
    return { title: draft.title, text, words: counted ?? countWords(text) };
  });
  return { drabbles, chapters, words: chapters.reduce((sum, chapter) => sum + chapter.words, 0) };
}

/** How the author took feedback, as far as the document says. */
function feedbackOf(doc: SourceDocument, layout: Layout, footerFeedback: string | null): string | null {
  const { header, signOff } = layout;
  const headerFeedback = first(header, 'feedback');
  const linkedFeedback = doc.addresses.length > 0 && signOff.some((line) => /\b(feedback|comments?)\b/i.test(line));
  return (
    footerFeedback ??
    (linkedFeedback ? 'email on file' : null) ??
    (headerFeedback && (findAddress(headerFeedback) || all(header, 'email').length > 0) ? 'email on file' : null)
  );
}

function creatorsOf(doc: SourceDocument, layout: Layout, title: string | null, lines: string[]): string[] {
  const { header, top } = layout;
  // "Title: Harvest Moon by Example Writer" names the author when no Author line does.
  const titleByline = /\s+by\s+([A-Z][^()<>]{0,40}?)\s*$/.exec(first(header, 'title') ?? '')?.[1];
  const creatorsFromHeader = [...all(header, 'author'), ...(all(header, 'author').length === 0 && titleByline ? [titleByline] : [])].flatMap(creatorNames);
  const fromName = doc.mail?.fromName && !doc.mail.fromName.includes('@') ? [doc.mail.fromName] : [];
  if (creatorsFromHeader.length > 0) return creatorsFromHeader;
  if (top.creators.length > 0) return withCoAuthor(lines, top.creators);
  // A poster's note or a title line above the story names the author over the poster.
  const named = postedFor(lines) ?? bylineWithTitle(lines, title) ?? writtenBy(lines) ?? kindBy(lines);
  if (named) return creatorNames(named);
  // A byline after the story ("By Name." above the signature) names the author over the poster.
  const trailing = [...layout.signOff, ...layout.ending.endNotes].map((line) => TRAILING_BYLINE.exec(line)?.[1]).find(Boolean);
  if (trailing) return creatorNames(trailing);
  // "Copyright 1994 Name." in the notes names the writer over the account that sent the post.
  const notice = copyrightHolder([...top.notes, ...layout.partNotes, ...layout.ending.endNotes, ...layout.signOff]);
  if (notice) return creatorNames(notice);
  if (fromName.length > 0) return fromName;
  // With no sender named, the signature under the story names its writer, unless the poster
  // said the story is someone else's.
  const signed = postedForAnother(lines) ? null : signatureName(layout.trailer);
  return signed ? creatorNames(signed) : [];
}

function titleOf(doc: SourceDocument, subject: ParsedSubject | null, header: HeaderBlock, top: TopMatter): string | null {
  // Editors named pages for the author: "Untitled Document", "New Page 1" are no titles.
  const pageTitle = doc.htmlTitle && !/^(untitled( document)?|new page ?\d*|index|home|document\d*|fan ?fic(tion)?|stories|fiction)$/i.test(doc.htmlTitle.trim()) ? doc.htmlTitle : null;
  const fromTop = cleanTitle(top.title);
  // A subject line drops the article the card writes ("Long Night" for "The Long Night").
  const key = (t: string) => t.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
  const withArticle = fromTop && subject?.title && /^(?:a|an|the)$/.test(key(fromTop).slice(0, -key(subject.title).length).trim()) && key(fromTop).endsWith(` ${key(subject.title)}`);
  return cleanTitle(first(header, 'title')) ?? (withArticle ? fromTop : null) ?? subject?.title ?? fromTop ?? cleanTitle(pageTitle);
}

/** The original labels, kept as the provenance of the post, footers and list banners among them. */
function labelsOf(doc: SourceDocument, layout: Layout, fandomEvidence: string | null): { label: string; value: string }[] {
  const { header, ending, signOff } = layout;
  const labels = [...header.labels];
  if (doc.mail?.subject) labels.unshift({ label: 'Subject', value: doc.mail.subject });
  if (fandomEvidence) labels.push({ label: 'fandom evidence', value: fandomEvidence });
  // Footers and list banners leave the text but stay on record, as the provenance of the post.
  for (const line of signOff) if (line.trim()) labels.push({ label: 'footer', value: line.trim() });
  for (const marker of ending.markers) labels.push({ label: 'end marker', value: marker });
  return labels;
}

/** One document read; `budget`, when given, is checked between the phases (file.budget.ts). */
export function readDocument(doc: SourceDocument, options: ImportOptions, budget?: FileBudget): DocumentResult {
  const subject = doc.mail?.subject ? parseSubject(doc.mail.subject) : null;
  const textLines = doc.text.split('\n');
  const ownText = afterOpeningQuote(textLines);
  const reason = notAWork(doc, subject, textLines, ownText !== null);
  const allLines = ownText === null ? textLines : textLines.slice(ownText);
  if (reason) return skipped(doc.source, reason);

  budget?.check();
  const layout = readLayout(doc, subject, allLines);
  budget?.check();
  const { header, ending } = layout;
  const { notes, disclaimers, related } = readNotes(layout);
  const log = new RepairLog();
  log.addAll(doc.repairs);
  const addresses = boilerplateAddresses(doc, layout);
  const { drabbles, chapters, words } = readChapters(doc, layout, notes, log, addresses);
  budget?.check();

  const told = partOfPost(layout.part, ending.markers, notes, layout.top.title);
  const part = told && holdsEveryPart(told, layout.storyParagraphs, chapters.map((c) => c.title)) ? null : told;
  const footerFacts = factsFromFooter(layout.signOff);
  const status = statusFrom(ending.status ?? (subject?.isLastPart ? 'complete' : null), first(header, 'status'), part, chapters.map((c) => c.title));
  const disclaimer = joinOrNull(disclaimers);
  const summary = joinOrNull(all(header, 'summary'));
  const namingText = [
    subject?.listTag, doc.mail?.listName, doc.mail?.newsgroups, disclaimer, ...layout.signOff, ...notes,
    summary, options.list, options.archive, footerFacts.list, footerFacts.archive, doc.mail?.subject,
  ].filter(Boolean).join('\n');
  const tags = deriveTags({ header, subject, namingText, disclaimer, storyText: layout.storyParagraphs.join('\n'), options });
  // Only what the author declared names the form: a summary may mention a poem in the story.
  const declaredForm = [layout.top.bylineKind ?? '', ...all(header, 'format'), ...all(header, 'category')].join(' ');
  const form = formFrom(drabbles.form, declaredForm, words, drabbles.chapters, status);
  const freeforms = [...tags.freeforms];
  if ((form === 'drabble' || form === 'drabble-collection') && !freeforms.some((f) => /^drabble$/i.test(f))) freeforms.unshift('Drabble');
  const consentValue = all(header, 'archive').join(' ');

  const work: ImportedWork = {
    sources: [doc.source],
    title: scrub(layout.title, addresses),
    creators: creatorsOf(doc, layout, layout.title, allLines).map((c) => scrub(c, addresses)).filter((c): c is string => Boolean(c)),
    fandoms: tags.fandoms,
    // A rating in words counts as one in a label: the most restrictive wins.
    rating: highestRating([tags.rating, ratingInProse([...notes, ...disclaimers, ...ending.endNotes, ...layout.signOff], doc.text)]),
    warnings: tags.warnings,
    categories: tags.categories,
    relationships: tags.relationships,
    characters: tags.characters,
    freeforms,
    summary: scrub(repairWords(summary, log), addresses),
    notes: scrub(repairWords(joinOrNull([...notes, ...related]), log), addresses),
    endNotes: scrub(repairWords(joinOrNull(ending.endNotes), log), addresses),
    disclaimer: scrub(disclaimer, addresses),
    challenge: scrub(first(header, 'challenge') ?? challengeFrom([...notes, ...all(header, 'dedication')]), addresses),
    // A series named only in prose ("This is part 3 of the Winter series.") counts when no label names one.
    series: parseSeries(header) ?? seriesInProse([summary, ...notes, ...related, ...layout.storyParagraphs.slice(0, 2)].filter(Boolean).join('\n')),
    status,
    form,
    chapters,
    words,
    archiveConsent: consentValue ? consentFrom(consentValue) : consentInProse(allLines),
    provenance: {
      archive: footerFacts.archive ?? options.archive ?? null,
      list: doc.mail?.listName ?? footerFacts.list ?? subject?.listTag ?? options.list ?? null,
      feedback: scrub(feedbackOf(doc, layout, footerFacts.feedback), addresses),
      encoding: doc.encoding,
    },
    repairs: log.list(),
    labels: labelsOf(doc, layout, tags.evidence).map((label) => ({ label: label.label, value: scrub(label.value, addresses) ?? '' })),
    flags: reviewFlags(log, tags.evidence, drabbles.splitBy ?? null),
  };
  const contactSources = [...all(header, 'email'), ...all(header, 'author'), first(header, 'feedback'), doc.mail?.fromAddress, ...doc.addresses, ...layout.signOff];
  scrubWork(work);
  attachContacts(work, findContacts(work.creators, contactSources));
  if (chapters.length === 0 && !(part && part.number === 0)) return skipped(doc.source, 'no story text (headers or boilerplate only)');
  // Parts of one story share a title and a sender (or, outside mail, a pen name).
  const sender = doc.mail?.fromAddress ?? work.creators[0] ?? doc.mail?.fromName ?? '';
  const groupKey = `${(work.title ?? '').toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '')}|${sender.toLowerCase()}`;
  return { kind: 'work', work, part: part && (part.total === null || part.total > 1 || part.number === 0) ? part : null, groupKey };
}
