import { createConnection, type Connection, type RowDataPacket } from 'mysql2/promise';

// Reading an eFiction 3.x archive from its own MariaDB/MySQL database (the other side of an
// import: no Kysely here, eFiction's tables as eFiction wrote them). Reference tables are read
// once; stories are read a page at a time in sid order with their chapters, co-authors and
// authors, so memory stays flat however large the archive is. The tables' prefix is a setting
// of each eFiction site ("fanfiction_" by default).

export interface EfictionSettings {
  siteName: string;
  url: string;
  /** 'mysql' (chapter text in the database) or 'files' (in storiespath/UID/CHAPID.txt). */
  store: string;
  /** How reviews were rated: 0 not at all, 1 stars (1–10, shown as five with halves), 2 like or dislike. */
  ratings: number;
}

export interface EfictionCategory { id: number; parentId: number; name: string }
export interface EfictionClass { id: number; typeName: string; typeTitle: string; name: string }
export interface EfictionRating { id: number; name: string }
export interface EfictionChallenge { id: number; title: string; challenger: string; authorId: number; summary: string }

export interface EfictionReference {
  categories: Map<number, EfictionCategory>;
  characters: Map<number, string>;
  classes: Map<number, EfictionClass>;
  ratings: Map<number, EfictionRating>;
  challenges: Map<number, EfictionChallenge>;
}

export interface EfictionAuthor { id: number; penName: string; email: string | null }

export interface EfictionChapter {
  id: number;
  title: string;
  position: number;
  notes: string | null;
  text: string | null;
  endNotes: string | null;
  authorId: number;
  isValidated: boolean;
}

export interface EfictionStory {
  id: number;
  title: string;
  summary: string | null;
  notes: string | null;
  categoryIds: number[];
  classIds: number[];
  characterIds: number[];
  ratingId: number;
  /** Unix seconds or a datetime, as the site's version stored them; null when unset (0). */
  publishedAt: Date | null;
  updatedAt: Date | null;
  authorId: number;
  coauthorIds: number[];
  isValidated: boolean;
  isComplete: boolean;
  challengeIds: number[];
  chapters: EfictionChapter[];
}

export interface EfictionReview {
  id: number;
  /** The story reviewed (reviews of another type name a series: not a story's). */
  storyId: number;
  type: string;
  /** 0 when the review is of the whole story. */
  chapterId: number;
  reviewer: string;
  /** The reviewer's account on the old archive; 0 for an anonymous review. */
  reviewerId: number;
  text: string;
  date: Date | null;
  /** eFiction's stars (1–10) or like/dislike, as its `ratings` setting says; null when none (-1) or no column. */
  rating: number | null;
}

export interface EfictionSeries {
  id: number;
  title: string;
  summary: string;
  authorId: number;
  /** Stories in the series' order (only those present in the database). */
  stories: { storyId: number; position: number }[];
}

const PREFIX = /^[A-Za-z0-9_]{0,40}$/;

export class EfictionReader {
  private constructor(private readonly connection: Connection, private readonly prefix: string) {}

  static async open(url: string, prefix = 'fanfiction_'): Promise<EfictionReader> {
    if (!PREFIX.test(prefix)) throw new Error(`the table prefix "${prefix}" is not a plain name (letters, digits, _)`);
    // Dates as JavaScript dates in UTC; big numbers as numbers (ids stay far below 2^53).
    const connection = await createConnection({ uri: url, timezone: 'Z', dateStrings: false, charset: 'utf8mb4' });
    return new EfictionReader(connection, prefix);
  }

  close(): Promise<void> {
    return this.connection.end();
  }

  private table(name: string): string {
    return `\`${this.prefix}${name}\``;
  }

  private async rows(query: string, values: unknown[] = []): Promise<RowDataPacket[]> {
    const [rows] = await this.connection.query<RowDataPacket[]>(query, values);
    return rows;
  }

  async settings(): Promise<EfictionSettings> {
    const [row] = await this.rows(`select sitename, url, store from ${this.table('settings')} limit 1`);
    return { siteName: String(row?.sitename ?? ''), url: String(row?.url ?? ''), store: String(row?.store ?? 'mysql'), ratings: Number((await this.ratingsSetting()) ?? 0) };
  }

  /** Older versions have no `ratings` setting. */
  private async ratingsSetting(): Promise<unknown> {
    const [row] = await this.rows(`select ratings from ${this.table('settings')} limit 1`).catch(() => []);
    return row?.ratings;
  }

  async reference(): Promise<EfictionReference> {
    const categories = await this.rows(`select catid, parentcatid, category from ${this.table('categories')}`);
    const characters = await this.rows(`select charid, charname from ${this.table('characters')}`);
    const classes = await this.rows(
      `select c.class_id, c.class_name, t.classtype_name, t.classtype_title from ${this.table('classes')} c left join ${this.table('classtypes')} t on t.classtype_id = c.class_type`,
    );
    const ratings = await this.rows(`select rid, rating from ${this.table('ratings')}`);
    const challenges = await this.rows(`select chalid, title, challenger, uid, summary from ${this.table('challenges')}`).catch(() => []);
    return {
      categories: new Map(categories.map((r) => [Number(r.catid), { id: Number(r.catid), parentId: Number(r.parentcatid), name: String(r.category) }])),
      characters: new Map(characters.map((r) => [Number(r.charid), String(r.charname)])),
      classes: new Map(classes.map((r) => [Number(r.class_id), { id: Number(r.class_id), name: String(r.class_name), typeName: String(r.classtype_name ?? ''), typeTitle: String(r.classtype_title ?? '') }])),
      ratings: new Map(ratings.map((r) => [Number(r.rid), { id: Number(r.rid), name: String(r.rating) }])),
      challenges: new Map(challenges.map((r) => [Number(r.chalid), { id: Number(r.chalid), title: String(r.title), challenger: String(r.challenger), authorId: Number(r.uid), summary: String(r.summary ?? '') }])),
    };
  }

  async countStories(): Promise<number> {
    const [row] = await this.rows(`select count(*) as n from ${this.table('stories')}`);
    return Number(row?.n ?? 0);
  }

  /** Up to `limit` stories after `afterId`, in sid order, with their chapters and co-authors. */
  async storiesAfter(afterId: number, limit: number): Promise<EfictionStory[]> {
    const rows = await this.rows(`select * from ${this.table('stories')} where sid > ? order by sid limit ?`, [afterId, limit]);
    if (rows.length === 0) return [];
    const ids = rows.map((r) => Number(r.sid));
    const chapters = await this.rows(
      `select chapid, title, inorder, notes, storytext, endnotes, validated, sid, uid from ${this.table('chapters')} where sid in (?) order by sid, inorder, chapid`,
      [ids],
    );
    const coauthors = await this.rows(`select sid, uid from ${this.table('coauthors')} where sid in (?) order by sid, uid`, [ids]).catch(() => []);
    const chaptersOf = new Map<number, EfictionChapter[]>();
    for (const c of chapters) {
      const list = chaptersOf.get(Number(c.sid)) ?? [];
      list.push({
        id: Number(c.chapid), title: String(c.title ?? ''), position: Number(c.inorder), notes: text(c.notes), text: text(c.storytext), endNotes: text(c.endnotes),
        authorId: Number(c.uid), isValidated: String(c.validated) !== '0',
      });
      chaptersOf.set(Number(c.sid), list);
    }
    const coauthorsOf = new Map<number, number[]>();
    for (const c of coauthors) coauthorsOf.set(Number(c.sid), [...(coauthorsOf.get(Number(c.sid)) ?? []), Number(c.uid)]);
    return rows.map((r) => ({
      id: Number(r.sid),
      title: String(r.title ?? ''),
      summary: text(r.summary),
      notes: text(r.storynotes),
      categoryIds: idList(r.catid),
      classIds: idList(r.classes),
      characterIds: idList(r.charid),
      ratingId: Number(String(r.rid ?? '0').split(',')[0]) || 0,
      publishedAt: dateOf(r.date),
      updatedAt: dateOf(r.updated),
      authorId: Number(r.uid),
      coauthorIds: (coauthorsOf.get(Number(r.sid)) ?? []).filter((uid) => uid !== Number(r.uid)),
      isValidated: String(r.validated) !== '0',
      isComplete: String(r.completed) === '1',
      challengeIds: idList(r.challenges),
      chapters: chaptersOf.get(Number(r.sid)) ?? [],
    }));
  }

  /** Authors by id; their passwords are never read. */
  async authors(ids: number[]): Promise<Map<number, EfictionAuthor>> {
    if (ids.length === 0) return new Map();
    const rows = await this.rows(`select uid, penname, email from ${this.table('authors')} where uid in (?)`, [[...new Set(ids)]]);
    return new Map(rows.map((r) => [Number(r.uid), { id: Number(r.uid), penName: String(r.penname ?? ''), email: String(r.email ?? '').trim() || null }]));
  }

  /** Reviews of the archive (0 where the table is not there). */
  async countReviews(): Promise<number> {
    const [row] = await this.rows(`select count(*) as n from ${this.table('reviews')}`).catch(() => []);
    return Number(row?.n ?? 0);
  }

  /**
   * A page of reviews in reviewid order. `select *`: the rating and type columns came with
   * 3.x's later versions, and a review without a type is of a story.
   */
  async reviewsAfter(afterId: number, limit: number): Promise<EfictionReview[]> {
    const rows = await this.rows(`select * from ${this.table('reviews')} where reviewid > ? order by reviewid limit ?`, [afterId, limit]).catch(() => []);
    return rows.map((r) => {
      const rating = r.rating === undefined || r.rating === null ? null : Number(r.rating);
      return {
        id: Number(r.reviewid),
        storyId: Number(r.item),
        type: String(r.type ?? '').trim().toUpperCase() || 'ST',
        chapterId: Number(r.chapid ?? 0),
        reviewer: text(r.reviewer)?.trim() ?? '',
        reviewerId: Number(r.uid ?? 0),
        text: text(r.review) ?? '',
        date: dateOf(r.date),
        rating: rating === null || !Number.isFinite(rating) || rating < 0 ? null : rating,
      };
    });
  }

  async series(): Promise<EfictionSeries[]> {
    const series = await this.rows(`select seriesid, title, summary, uid from ${this.table('series')} order by seriesid`).catch(() => []);
    const members = await this.rows(`select seriesid, sid, inorder from ${this.table('inseries')} where sid > 0 order by seriesid, inorder, sid`).catch(() => []);
    const storiesOf = new Map<number, { storyId: number; position: number }[]>();
    for (const m of members) storiesOf.set(Number(m.seriesid), [...(storiesOf.get(Number(m.seriesid)) ?? []), { storyId: Number(m.sid), position: Number(m.inorder) }]);
    return series.map((s) => ({ id: Number(s.seriesid), title: String(s.title ?? ''), summary: String(s.summary ?? ''), authorId: Number(s.uid), stories: storiesOf.get(Number(s.seriesid)) ?? [] }));
  }
}

function text(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  const s = Buffer.isBuffer(value) ? value.toString('utf8') : String(value);
  return s.trim() === '' ? null : s;
}

/** eFiction's comma-separated id lists ("12,9,17"); 0 and -1 mean none. */
function idList(value: unknown): number[] {
  return String(value ?? '')
    .split(',')
    .map((part) => Number(part.trim()))
    .filter((id) => Number.isInteger(id) && id > 0);
}

/** Unix seconds (3.5's int columns) or a datetime (older versions); 0 and the zero date are none. */
function dateOf(value: unknown): Date | null {
  if (value instanceof Date) return Number.isNaN(value.getTime()) || value.getTime() <= 0 ? null : value;
  const seconds = Number(value);
  return Number.isFinite(seconds) && seconds > 0 ? new Date(seconds * 1000) : null;
}

/** The server part of a database address, and the same address naming another database. */
export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

/** Creates (or drops) a scratch database on the server of `url`, for a dump to be loaded into. */
export async function createScratchDatabase(url: string, name: string): Promise<void> {
  const connection = await createConnection({ uri: url });
  try {
    await connection.query(`create database \`${name}\` character set utf8mb4`);
  } finally {
    await connection.end();
  }
}

export async function dropScratchDatabase(url: string, name: string): Promise<void> {
  const connection = await createConnection({ uri: url });
  try {
    await connection.query(`drop database if exists \`${name}\``);
  } finally {
    await connection.end();
  }
}

/** Runs a whole dump through one connection (when no mysql client is installed): it must fit in max_allowed_packet. */
export async function runDumpStatements(url: string, dump: string): Promise<void> {
  const connection = await createConnection({ uri: url, multipleStatements: true, charset: 'utf8mb4' });
  try {
    await connection.query(dump);
  } finally {
    await connection.end();
  }
}
