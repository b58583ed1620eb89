import type { Hono } from 'hono';
import { cors } from 'hono/cors';
import type { Chapter } from '../db/schema.ts';
import { tagsOfWorks } from '../tags/tag.repository.ts';
import { htmlToText } from '../text/html.ts';
import type { AppEnv, WebContext } from '../web/env.ts';
import { decodeCursor, filtersToParams, parseFilters } from './listing.filters.ts';
import { runListing } from './listing.service.ts';
import { parseId } from '../web/params.ts';
import { isPublic } from './work.visibility.ts';
import { presentWork } from './work.presenter.ts';
import { chapterIndex, creatorsOfWorks, findChapter, findWork } from './work.repository.ts';

// The read API: JSON twins of the work and chapter pages, with public data only (no drafts,
// no works restricted to logged-in readers), whoever asks.

const API_PAGE_SIZE = 20;

function apiError(c: WebContext, status: 400 | 404, message: string) {
  return c.json({ error: { status, message } }, status);
}

async function loadPublicWork(c: WebContext) {
  const id = parseId(c.req.param('id'));
  if (id === null) return null;
  const db = c.var.app.db.kysely;
  const work = await findWork(db, id);
  if (!work || !isPublic(work)) return null;
  const [creators, tags, chapters] = await Promise.all([creatorsOfWorks(db, [id]), tagsOfWorks(db, [id]), chapterIndex(db, id)]);
  return { work, view: presentWork(work, creators, tags, null), chapters };
}

function chapterJson(workId: number, chapter: Chapter) {
  return {
    id: chapter.id,
    workId,
    position: chapter.position,
    title: chapter.title,
    url: `/works/${workId}/chapters/${chapter.id}`,
    summary: chapter.summary,
    notes: chapter.notes,
    endNotes: chapter.endNotes,
    words: chapter.wordCount,
    html: chapter.body,
    text: htmlToText(chapter.body),
    publishedAt: chapter.createdAt,
    updatedAt: chapter.updatedAt,
  };
}

export function mountApiRoutes(app: Hono<AppEnv>): void {
  // Public data only, so any site may read it from a browser.
  app.use('/api/*', cors({ origin: '*', allowMethods: ['GET'] }));
  app.get('/api/v1', (c) =>
    c.json({
      name: 'Records Room read API',
      version: 1,
      endpoints: {
        works: '/api/v1/works?include=…&exclude=…&sort=…&after=…',
        search: '/api/v1/works/search?q=…',
        work: '/api/v1/works/{id}',
        chapter: '/api/v1/works/{id}/chapters/{chapterId}',
      },
    }),
  );

  // Works by the listing filters (include, exclude, language, complete, crossover, words_*,
  // updated_*, posted_*, sort, order), newest update first, 20 a page; `next` carries the
  // keyset cursor. Public works only. Text search is /api/v1/works/search.
  app.get('/api/v1/works', async (c) => {
    const url = new URL(c.req.url);
    const { filters, errors } = parseFilters(url.searchParams);
    const problem = Object.values(errors)[0];
    if (problem) return apiError(c, 400, problem);
    if (filters.after && !decodeCursor(filters.after)) return apiError(c, 400, 'The cursor in ?after= is not one this API gave out.');
    const result = await runListing(c.var.app, null, { scope: {}, filters, pageSize: API_PAGE_SIZE, withFacets: false });
    if (result.unknownInclude.length > 0) return apiError(c, 400, `There is no tag called “${result.unknownInclude[0]}”.`);
    const next = result.nextCursor ? `${url.pathname}?${filtersToParams({ ...filters, after: result.nextCursor }).toString()}` : null;
    return c.json({
      total: result.total,
      totalIsLowerBound: result.totalIsCapped,
      next,
      works: result.works.map((w) => ({
        id: w.id,
        url: `/api/v1/works/${w.id}`,
        title: w.title,
        creators: w.creators.map((x) => x.label),
        rating: w.rating?.name ?? null,
        fandoms: w.fandoms.map((t) => t.name),
        relationships: w.relationships.map((t) => t.name),
        words: w.wordCount,
        chapters: w.chapters,
        isComplete: w.isComplete,
        updatedOn: w.updatedOn,
      })),
    });
  });

  app.get('/api/v1/works/:id', async (c) => {
    const found = await loadPublicWork(c);
    if (!found) return apiError(c, 404, 'No public work has that id.');
    const { work, view, chapters } = found;
    const names = (tags: { name: string }[]) => tags.map((t) => t.name);
    return c.json({
      id: work.id,
      url: `/works/${work.id}`,
      title: work.title,
      creators: view.creators.map((x) => x.label),
      rating: view.rating?.name ?? null,
      warnings: names(view.warnings),
      categories: names(view.categories),
      fandoms: names(view.fandoms),
      relationships: names(view.relationships),
      characters: names(view.characters),
      freeforms: names(view.freeforms),
      language: work.language,
      summary: work.summary,
      notes: work.notes,
      endNotes: work.endNotes,
      words: work.wordCount,
      chapterCount: work.chapterCount,
      expectedChapters: work.expectedChapters,
      isComplete: work.isComplete === 1,
      publishedAt: work.publishedAt,
      updatedAt: work.updatedAt,
      chapters: chapters.map((ch) => ({
        id: ch.id,
        position: ch.position,
        title: ch.title,
        words: ch.wordCount,
        url: `/api/v1/works/${work.id}/chapters/${ch.id}`,
      })),
    });
  });

  app.get('/api/v1/works/:id/chapters/:chapterId', async (c) => {
    const found = await loadPublicWork(c);
    const chapterId = parseId(c.req.param('chapterId'));
    if (!found || chapterId === null) return apiError(c, 404, 'No public chapter has that id.');
    const chapter = await findChapter(c.var.app.db.kysely, found.work.id, chapterId);
    if (!chapter) return apiError(c, 404, 'No public chapter has that id.');
    return c.json(chapterJson(found.work.id, chapter));
  });

  app.all('/api/*', (c) => apiError(c, 404, 'There is no such API address. See /api/v1.'));
}
