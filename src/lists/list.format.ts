// The classic announcement-list format, as the lists of the 1990s and 2000s posted stories
// (research/legacy.md §2.4 reads the same grammar back):
//
//   Subject: [Level Three] NEW: Harvest Moon (1/3) [Teen And Up Audiences] Clark Kent/Lex Luthor
//
//   Title: Harvest Moon
//   Author: Aelita
//   …
//   Link: https://…
//
//   <the summary>
//
//   Read it here: https://…
//
// Pure functions of what the post tells: no database. A restricted work is for logged-in
// readers, so its post tells its title and link and nothing else.

export type ListPostKind = 'new' | 'update' | 'announcement';

export interface WorkPostFacts {
  kind: 'new' | 'update';
  title: string;
  /** Creators' names as the work shows them. */
  authors: string[];
  fandoms: string[];
  rating: string | null;
  relationships: string[];
  warnings: string[];
  /** Plain text. */
  summary: string | null;
  words: number;
  /** "1/3", or "2/?" while the end is not known. */
  chapters: string;
  link: string;
  isRestricted: boolean;
  /** The new chapter's number and title, for an update. */
  chapter?: { position: number; title: string | null } | null;
}

export interface FormattedPost {
  subject: string;
  body: string;
}

const KIND_WORD: Record<ListPostKind, string> = { new: 'NEW', update: 'UPDATE', announcement: 'ANNOUNCEMENT' };

/** Header values are one line each: a newline in a title would start a label of its own. */
const oneLine = (text: string) => text.replace(/\s+/g, ' ').trim();
const joined = (values: string[]) => values.map(oneLine).join(', ');

export function formatWorkPost(listName: string, facts: WorkPostFacts): FormattedPost {
  const title = oneLine(facts.title);
  if (facts.isRestricted) {
    return {
      subject: `[${listName}] ${KIND_WORD[facts.kind]}: ${title}`,
      body: `Title: ${title}\nLink: ${facts.link}\n\nThis work is for readers who are logged in to the archive.\n`,
    };
  }
  const tail = [facts.rating ? `[${oneLine(facts.rating)}]` : null, facts.relationships.length > 0 ? joined(facts.relationships) : null].filter(Boolean).join(' ');
  const subject = `[${listName}] ${KIND_WORD[facts.kind]}: ${title} (${facts.chapters})${tail ? ` ${tail}` : ''}`;
  const summary = facts.summary?.trim() || null;
  const lines = [
    `Title: ${title}`,
    `Author: ${facts.authors.length > 0 ? joined(facts.authors) : 'Anonymous'}`,
    `Fandom: ${joined(facts.fandoms)}`,
    `Rating: ${facts.rating ? oneLine(facts.rating) : 'Not Rated'}`,
    `Pairing: ${facts.relationships.length > 0 ? joined(facts.relationships) : 'None'}`,
    `Warnings: ${facts.warnings.length > 0 ? joined(facts.warnings) : 'None'}`,
    `Summary: ${summary ? oneLine(summary) : 'None'}`,
    `Words: ${facts.words.toLocaleString('en')}`,
    `Link: ${facts.link}`,
  ];
  const chapter = facts.kind === 'update' && facts.chapter ? `Chapter ${facts.chapter.position}${facts.chapter.title ? `: ${oneLine(facts.chapter.title)}` : ''} is up.\n\n` : '';
  const body = `${lines.join('\n')}\n\n${chapter}${summary ? `${summary}\n\n` : ''}Read it here: ${facts.link}\n`;
  return { subject, body };
}

export function formatAnnouncement(listName: string, subject: string, text: string): FormattedPost {
  return { subject: `[${listName}] ${KIND_WORD.announcement}: ${oneLine(subject)}`, body: `${text.replace(/\r\n?/g, '\n').trim()}\n` };
}

/** The subject without the list's own tag, for a digest's table of contents. */
export function withoutListTag(listName: string, subject: string): string {
  const prefix = `[${listName}] `;
  return subject.startsWith(prefix) ? subject.slice(prefix.length) : subject;
}

export interface DigestPost {
  subject: string;
  body: string;
  link: string;
}

/** How many posts a digest carries in full; the rest are listed with their links. */
export const DIGEST_FULL_POSTS = 50;

const RULE = '-'.repeat(70);

export interface FormattedDigest extends FormattedPost {
  /** The digest's text for a MIME digest, whose posts are parts of their own: the contents alone. */
  contentsOnly: string;
}

/** A plain-text digest: a table of contents, then each post under a numbered rule. */
export function formatDigest(listName: string, day: string, posts: DigestPost[], archiveLink: string): FormattedDigest {
  const count = posts.length === 1 ? '1 post' : `${posts.length} posts`;
  const contents = posts.map((post, i) => `${String(i + 1).padStart(3)}. ${withoutListTag(listName, post.subject)}`);
  const full = posts.slice(0, DIGEST_FULL_POSTS).map((post, i) => `${RULE}\n${i + 1}. ${withoutListTag(listName, post.subject)}\n\n${post.body.trim()}\n`);
  const rest = posts.slice(DIGEST_FULL_POSTS).map((post, i) => `${i + 1 + DIGEST_FULL_POSTS}. ${withoutListTag(listName, post.subject)}\n    ${post.link}`);
  const body = [
    `${listName} digest for ${day}: ${count}`,
    '',
    'Contents',
    '',
    ...contents,
    '',
    ...full,
    ...(rest.length > 0 ? [RULE, `The other posts of the day are on the list's archive:`, '', ...rest, ''] : []),
    RULE,
    `The list's archive: ${archiveLink}`,
    '',
  ].join('\n');
  const contentsOnly = [`${listName} digest for ${day}: ${count}`, '', 'Contents', '', ...contents, '', 'Each post follows as a message of its own.', '', RULE, `The list's archive: ${archiveLink}`, ''].join('\n');
  return { subject: `[${listName}] Digest for ${day}: ${count}`, body, contentsOnly };
}
