import { DomUtils, ElementType, parseDocument } from 'htmlparser2';

// The layout of an AO3 download (otwarchive app/views/downloads: show, _download_preface,
// _download_chapter, _download_afterword), read as a tree: a preface (div#preface) with the
// "Posted originally on the Archive of Our Own at URL" message, the tag list (dl.tags, dt/dd
// pairs), the title (h1), the byline, and the summary and notes (each a p label, then a
// blockquote.userstuff); the chapters (div#chapters: per chapter a div.meta with h2.heading and
// its own summary and notes, then div.userstuff with the text, then its end notes); and an
// afterword (div#afterword) with the work's end notes and a request to comment.
//
// The parts are found in document order, not by nesting alone: an EPUB made from the same page
// is cut into several files at each chapter (Calibre repeats the wrapping divs, not always with
// their ids), and its bodies read one after another keep that order. Whatever is not part of
// this layout (the comment request, an adult-content notice a reader's browser saved with the
// page) is kept apart as chrome, for the provenance, and never reaches the text.

type Document = ReturnType<typeof parseDocument>;
type Node = Document['children'][number];
type Element = Parameters<typeof DomUtils.getAttributeValue>[0];

const isElement = (node: Node): node is Element => ElementType.isTag(node);
const isText = (node: Node) => node.type === ElementType.Text;

/** One dt/dd pair of the tag list: the label without its colon, the tags (links) or the text. */
export interface Ao3Field {
  label: string;
  values: string[];
  text: string;
}

export interface Ao3Chapter {
  /** The h2.heading as written ("Chapter 2: Low Water"), or null for a single chapter. */
  heading: string | null;
  byline: string | null;
  /** HTML fragments of the chapter's own parts. */
  summary: string | null;
  notes: string | null;
  endNotes: string | null;
  body: string;
}

export interface Ao3Download {
  /** The h1 of the preface. */
  title: string | null;
  /** The title in bold in the message above it. */
  messageTitle: string | null;
  /** The page's <title>: "Title - Creator - Fandom". */
  pageTitle: string | null;
  byline: string | null;
  /** The byline's creator links, as written ("pseud (login)"). */
  creators: string[];
  /** The archive the message names and its address, and the work's address there. */
  archive: string | null;
  archiveUrl: string | null;
  workUrl: string | null;
  /** The message as written: "Posted originally on the Archive of Our Own at URL." */
  postedLine: string | null;
  fields: Ao3Field[];
  /** HTML fragments of the work's summary, notes and end notes. */
  summary: string | null;
  notes: string | null;
  endNotes: string | null;
  /** "Inspired by …", "A translation of …": lines about related works. */
  related: string[];
  chapters: Ao3Chapter[];
  /** Text outside the layout: notices, the comment request. */
  chrome: string[];
}

type Zone = 'outside' | 'preface' | 'chapters' | 'afterword';
type Slot = 'summary' | 'notes' | 'endNotes' | 'chapterSummary' | 'chapterNotes' | 'chapterEndNotes';

const SECTION_LABELS: Record<string, Slot> = {
  summary: 'summary',
  notes: 'notes',
  'end notes': 'endNotes',
  'chapter summary': 'chapterSummary',
  'chapter notes': 'chapterNotes',
  'chapter end notes': 'chapterEndNotes',
};

const collapse = (text: string) => text.replace(/\s+/g, ' ').trim();
const textOf = (node: Node | Node[]) => collapse(DomUtils.textContent(node));

function classes(element: Element): string[] {
  return (DomUtils.getAttributeValue(element, 'class') ?? '').toLowerCase().split(/\s+/).filter(Boolean);
}

const hasClass = (element: Element, name: string) => classes(element).includes(name);
const idOf = (element: Element) => (DomUtils.getAttributeValue(element, 'id') ?? '').toLowerCase();

/** The inner HTML of a fragment, links unwrapped: the flattener drops blocks of bare links. */
function fragment(element: Element): string {
  return DomUtils.getInnerHTML(element).replace(/<\/?a\b[^>]*>/gi, '');
}

function isChapterHeading(element: Element): boolean {
  return element.name === 'h2' && hasClass(element, 'heading');
}

const isUserstuffDiv = (element: Element) => element.name === 'div' && hasClass(element, 'userstuff');

/**
 * A chapter's text: a div.userstuff holding no chapter parts. div#chapters is a div.userstuff
 * too, and so are its copies in an EPUB's later files, without the id.
 */
function isChapterBody(element: Element): boolean {
  if (!isUserstuffDiv(element) || idOf(element) === 'chapters') return false;
  return DomUtils.findOne((inner) => isChapterHeading(inner) || isUserstuffDiv(inner) || (inner.name === 'div' && hasClass(inner, 'meta')), element.children, true) === null;
}

/** The values of a dd: its links' texts (tags), or its text split at commas. */
function fieldValues(dd: Element): string[] {
  const links = DomUtils.getElementsByTagName('a', dd, true).map((a) => textOf(a)).filter(Boolean);
  if (links.length > 0) return links;
  const text = textOf(dd);
  return text ? text.split(/,\s+/).map((v) => v.trim()).filter(Boolean) : [];
}

function readFields(dl: Element): Ao3Field[] {
  const fields: Ao3Field[] = [];
  let label: string | null = null;
  for (const child of dl.children) {
    if (!isElement(child)) continue;
    if (child.name === 'dt') label = textOf(child).replace(/:$/, '').trim();
    else if (child.name === 'dd' && label !== null) {
      fields.push({ label, values: fieldValues(child), text: textOf(child) });
      label = null;
    }
  }
  return fields;
}

class DownloadReader {
  readonly download: Ao3Download;
  private zone: Zone = 'outside';
  private slot: Slot | null = null;

  constructor(pageTitle: string | null) {
    this.download = {
      title: null, messageTitle: null, pageTitle, byline: null, creators: [], archive: null, archiveUrl: null, workUrl: null, postedLine: null,
      fields: [], summary: null, notes: null, endNotes: null, related: [], chapters: [], chrome: [],
    };
  }

  visit(nodes: Node[]): void {
    for (const node of nodes) {
      if (isElement(node)) this.element(node);
      else if (isText(node) && this.zone !== 'chapters') this.chrome(textOf(node));
    }
  }

  private chrome(text: string): void {
    if (text) this.download.chrome.push(text);
  }

  private get lastChapter(): Ao3Chapter | undefined {
    return this.download.chapters[this.download.chapters.length - 1];
  }

  private newChapter(heading: string | null): Ao3Chapter {
    const chapter: Ao3Chapter = { heading, byline: null, summary: null, notes: null, endNotes: null, body: '' };
    this.download.chapters.push(chapter);
    return chapter;
  }

  private element(element: Element): void {
    const name = element.name;
    if (name === 'script' || name === 'style' || name === 'head' || name === 'title') return;
    const id = idOf(element);
    if (id === 'preface' || id === 'afterword') this.zone = id;
    else if (id === 'chapters') return this.chaptersContainer(element);
    if (id === 'endnotes') this.slot = 'endNotes';
    else if (/^endnotes\d+$/.test(id)) this.slot = 'chapterEndNotes';

    if (name === 'h2' && hasClass(element, 'toc-heading')) return;
    if (name === 'dl' && hasClass(element, 'tags')) {
      if (this.zone === 'outside') this.zone = 'preface';
      this.download.fields.push(...readFields(element));
      return;
    }
    if (name === 'p' && hasClass(element, 'message')) return this.message(element);
    if (name === 'div' && hasClass(element, 'endnote-link')) {
      // "See the end of the work for notes": the label before it named no notes of its own.
      this.slot = null;
      return;
    }
    if (isChapterHeading(element)) {
      this.zone = 'chapters';
      this.slot = null;
      this.newChapter(textOf(element) || null);
      return;
    }
    if (isChapterBody(element) && (this.zone === 'chapters' || this.zone === 'preface')) return this.chapterBody(element);
    if (name === 'blockquote') return this.section(element);
    if (hasClass(element, 'byline')) return this.byline(element);
    if (name === 'h1' && this.zone !== 'chapters') {
      this.download.title ??= textOf(element) || null;
      return;
    }
    if (name === 'p') {
      const slot = SECTION_LABELS[textOf(element).toLowerCase()];
      if (slot) {
        this.slot = slot;
        return;
      }
    }
    if ((name === 'ul' || name === 'dl') && (this.zone === 'preface' || this.zone === 'afterword')) {
      // Related works: a list in the preface ("Inspired by …") or a dl in the afterword.
      const items = DomUtils.getElementsByTagName((tag) => tag === 'li' || tag === 'dd', element.children, true).map(textOf).filter(Boolean);
      this.download.related.push(...items);
      return;
    }
    if (/^(p|h[1-6]|li|dt|dd)$/.test(name)) {
      this.chrome(textOf(element));
      return;
    }
    this.visit(element.children);
  }

  /** div#chapters: the chapters inside, or (old single-chapter downloads) the text itself. */
  private chaptersContainer(element: Element): void {
    this.zone = 'chapters';
    const structured = DomUtils.findOne((node) => isChapterHeading(node) || isChapterBody(node), element.children, true);
    if (structured) this.visit(element.children);
    else this.newChapter(null).body = fragment(element);
  }

  private chapterBody(element: Element): void {
    this.zone = 'chapters';
    const current = this.lastChapter;
    const chapter = current && !current.body ? current : this.newChapter(null);
    chapter.body = fragment(element);
    this.slot = null;
  }

  /** A blockquote: the part its label named, or (unlabelled) the next part of where it stands. */
  private section(element: Element): void {
    const html = fragment(element);
    const slot = this.slot ?? this.unlabelledSlot();
    this.slot = null;
    const chapter = this.lastChapter;
    const download = this.download;
    if (slot === 'chapterSummary' || slot === 'chapterNotes' || slot === 'chapterEndNotes') {
      const target = chapter ?? this.newChapter(null);
      const key = slot === 'chapterSummary' ? 'summary' : slot === 'chapterNotes' ? 'notes' : 'endNotes';
      target[key] = target[key] ? `${target[key]}\n${html}` : html;
    } else if (slot === 'summary' && download.summary === null) download.summary = html;
    else if (slot === 'notes' && download.notes === null) download.notes = html;
    else download.endNotes = download.endNotes ? `${download.endNotes}\n${html}` : html;
  }

  private unlabelledSlot(): Slot {
    if (this.zone === 'chapters') return this.lastChapter?.body ? 'chapterEndNotes' : 'chapterNotes';
    if (this.zone === 'afterword') return 'endNotes';
    return this.download.summary === null ? 'summary' : 'notes';
  }

  private byline(element: Element): void {
    const text = textOf(element);
    if (this.zone === 'chapters') {
      if (this.lastChapter) this.lastChapter.byline = text;
      return;
    }
    if (this.download.byline !== null) return;
    this.download.byline = text;
    const authors = DomUtils.getElementsByTagName('a', element, true).filter((a) => (DomUtils.getAttributeValue(a, 'rel') ?? '') === 'author' || /\/users\//.test(DomUtils.getAttributeValue(a, 'href') ?? ''));
    const names = authors.length > 0 ? authors.map(textOf) : text.replace(/^by\s+/i, '').split(/,\s*|\s+and\s+/);
    this.download.creators = names.map((n) => n.trim()).filter((n) => n && !/^anonymous$/i.test(n));
  }

  /** The preface's "Posted originally …" line, or the afterword's request to comment (chrome). */
  private message(element: Element): void {
    const text = textOf(element);
    if (!/posted originally/i.test(text) || this.download.postedLine !== null) {
      this.chrome(text);
      return;
    }
    if (this.zone === 'outside') this.zone = 'preface';
    const bold = DomUtils.getElementsByTagName('b', element, true)[0];
    const boldTitle = bold ? textOf(bold) : '';
    this.download.postedLine = collapse(boldTitle ? text.slice(text.indexOf(boldTitle) + boldTitle.length) : text);
    this.download.messageTitle = boldTitle || null;
    const links = DomUtils.getElementsByTagName('a', element, true);
    const archiveLink = links[0];
    if (archiveLink) {
      this.download.archive = textOf(archiveLink) || null;
      this.download.archiveUrl = DomUtils.getAttributeValue(archiveLink, 'href') ?? null;
    }
    const workLink = links.find((a) => /\/works\/\d+/.test(DomUtils.getAttributeValue(a, 'href') ?? ''));
    this.download.workUrl = workLink ? (DomUtils.getAttributeValue(workLink, 'href') ?? null) : null;
  }
}

/** Reads the parts of an AO3 download from its HTML (or an EPUB's bodies, one after another). */
export function readDownload(html: string): Ao3Download {
  const document = parseDocument(html);
  const titleElement = DomUtils.getElementsByTagName('title', document, true, 1)[0];
  const reader = new DownloadReader(titleElement ? textOf(titleElement) || null : null);
  const body = DomUtils.getElementsByTagName('body', document, true, 1)[0];
  reader.visit(body ? body.children : document.children);
  return reader.download;
}

/** Whether what was read is an AO3 download at all: its tag list or its message was found. */
export function isDownload(download: Ao3Download): boolean {
  return download.postedLine !== null || download.fields.some((field) => /^(rating|fandoms?|stats)$/i.test(field.label));
}
