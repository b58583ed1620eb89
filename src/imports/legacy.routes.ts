import type { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv, WebContext } from '../web/env.ts';
import { notFound } from '../web/errors.tsx';
import { authorAddress, seriesAddress, storyAddress } from './legacy.service.ts';

// eFiction's addresses, for archives imported whole (issue 14): links from old pages, search
// engines and readers' bookmarks keep working, redirected permanently (301) to the new pages.

const legacyId = z.coerce.number().int().positive().max(2_147_483_647);
// &chapter=all (or anything not a number) is the whole story.
const chapterNumber = z.coerce.number().int().positive().max(100_000).catch(() => Number.NaN);

function answer(c: WebContext, address: string | null): Response | Promise<Response> {
  return address ? c.redirect(address, 301) : notFound(c);
}

export function mountLegacyRoutes(app: Hono<AppEnv>): void {
  app.get('/viewstory.php', async (c) => {
    const sid = legacyId.safeParse(c.req.query('sid'));
    if (!sid.success) return notFound(c);
    const chapterQuery = c.req.query('chapter');
    const chapter = chapterQuery === undefined ? Number.NaN : chapterNumber.parse(chapterQuery);
    return answer(c, await storyAddress(c.var.app.db.kysely, sid.data, Number.isNaN(chapter) ? null : chapter));
  });
  app.get('/viewuser.php', async (c) => {
    const uid = legacyId.safeParse(c.req.query('uid'));
    return uid.success ? answer(c, await authorAddress(c.var.app.db.kysely, uid.data)) : notFound(c);
  });
  app.get('/series.php', async (c) => {
    const seriesId = legacyId.safeParse(c.req.query('seriesid'));
    return seriesId.success ? answer(c, await seriesAddress(c.var.app.db.kysely, seriesId.data)) : notFound(c);
  });
}
