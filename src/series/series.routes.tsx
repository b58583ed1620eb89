import type { Hono } from 'hono';
import { findUserByLogin } from '../accounts/user.repository.ts';
import type { FieldErrors } from '../context.ts';
import type { Series, Work } from '../db/schema.ts';
import { seriesSubscribeButton } from '../news/subscription.block.tsx';
import type { AppEnv, WebContext } from '../web/env.ts';
import { forbidden, notFound } from '../web/errors.tsx';
import { readForm } from '../web/forms.tsx';
import { requireViewer } from '../web/guards.ts';
import { renderPage } from '../web/layout.tsx';
import { parseId } from '../web/params.ts';
import { loginPath, redirectWithFlash } from '../web/respond.ts';
import { creatorsOfWorks, type CreatorRow } from '../works/work.repository.ts';
import { decideRead } from '../works/work.visibility.ts';
import { canEditSeries } from './series.policy.ts';
import { presentSeriesPage, presentUserSeries, visibleSeries } from './series.presenter.ts';
import { findSeries, partWorks } from './series.repository.ts';
import { positionFieldName, readSeriesForm } from './series.schema.ts';
import { updateSeries } from './series.service.ts';
import { SeriesForm, SeriesPage, UserSeriesPage, type SeriesFormPart } from './series.views.tsx';

// A series' page, its form (its creators only) and a user's series.

interface EditableSeries {
  series: Series;
  parts: (Work & { position: number })[];
  creators: CreatorRow[];
}

async function loadEditableSeries(c: WebContext): Promise<EditableSeries | Response> {
  const viewer = requireViewer(c);
  if (viewer instanceof Response) return viewer;
  const id = parseId(c.req.param('id'));
  const series = id === null ? undefined : await findSeries(c.var.app.db.kysely, id);
  if (!series) return notFound(c);
  const db = c.var.app.db.kysely;
  const parts = await partWorks(db, series.id);
  const creators = await creatorsOfWorks(db, parts.map((p) => p.id));
  if (!canEditSeries(viewer, creators)) {
    // Someone else's series they cannot see does not exist, as far as they can tell.
    return (await visibleSeries(db, viewer, series.id)) ? forbidden(c) : notFound(c);
  }
  return { series, parts, creators };
}

/** The parts the editor may open (their own drafts included); the rest keep their places unseen. */
function shownParts(c: WebContext, loaded: EditableSeries): SeriesFormPart[] {
  return loaded.parts
    .filter((p) => decideRead(c.var.viewer, p, loaded.creators.filter((x) => x.workId === p.id)) !== 'not-found')
    .map((p) => ({ workId: p.id, title: p.title, note: p.isDraft === 1 ? 'draft' : p.hiddenAt !== null ? 'hidden' : null }));
}

function renderSeriesForm(c: WebContext, loaded: EditableSeries, values: Record<string, string>, errors: FieldErrors) {
  const parts = shownParts(c, loaded);
  return renderPage(
    c,
    { title: `Edit series: ${loaded.series.title}`, noIndex: true },
    <SeriesForm seriesId={loaded.series.id} values={values} errors={errors} parts={parts} unseenParts={loaded.parts.length - parts.length} csrfToken={c.var.csrfToken} />,
    Object.keys(errors).length > 0 ? 422 : 200,
  );
}

export function mountSeriesRoutes(app: Hono<AppEnv>): void {
  app.get('/series/:id', async (c) => {
    const id = parseId(c.req.param('id'));
    if (id === null) return notFound(c);
    const db = c.var.app.db.kysely;
    const viewer = c.var.viewer;
    const result = await presentSeriesPage(db, viewer, id);
    if (result.kind === 'not-found') return notFound(c);
    if (result.kind === 'login-required') {
      return redirectWithFlash(c, loginPath(`/series/${id}`), 'This series is only available to registered users of the archive. Log in to read it.');
    }
    const creators = viewer ? await creatorsOfWorks(db, (await partWorks(db, id)).map((p) => p.id)) : [];
    const editHref = canEditSeries(viewer, creators) ? `/series/${id}/edit` : null;
    const actions = (
      <>
        {await seriesSubscribeButton(c, result.series.id)}
        <a class="button secondary" href={`/series/${result.series.id}/bookmarks/new`}>Bookmark Series</a>
      </>
    );
    return renderPage(c, { title: result.view.title, description: `A series of ${result.view.stats.works} works` }, <SeriesPage view={result.view} works={result.works} editHref={editHref} actions={actions} />);
  });

  app.get('/series/:id/edit', async (c) => {
    const loaded = await loadEditableSeries(c);
    if (loaded instanceof Response) return loaded;
    const s = loaded.series;
    const values: Record<string, string> = {
      title: s.title,
      summary: s.summary ?? '',
      notes: s.notes ?? '',
      isComplete: s.isComplete ? '1' : '',
      addWork: '',
    };
    shownParts(c, loaded).forEach((p, i) => (values[positionFieldName(p.workId)] = String(i + 1)));
    return renderSeriesForm(c, loaded, values, {});
  });

  app.post('/series/:id/edit', async (c) => {
    const loaded = await loadEditableSeries(c);
    if (loaded instanceof Response) return loaded;
    const values = await readForm(c);
    const form = readSeriesForm(values, shownParts(c, loaded).map((p) => p.workId));
    if (!form.ok) return renderSeriesForm(c, loaded, values, form.errors);
    const result = await updateSeries(c.var.app, c.var.viewer!, loaded.series.id, form.value);
    if (!result.ok) return renderSeriesForm(c, loaded, values, result.errors);
    if (result.value.deleted) {
      return redirectWithFlash(c, `/users/${encodeURIComponent(c.var.viewer!.login)}/series`, `The series “${result.value.title}” had no works left, so it was deleted.`);
    }
    return redirectWithFlash(c, `/series/${loaded.series.id}`, 'Series was successfully updated.');
  });

  app.get('/users/:login/series', async (c) => {
    const login = c.req.param('login');
    const user = login.length <= 100 ? await findUserByLogin(c.var.app.db.kysely, login) : undefined;
    if (!user) return notFound(c);
    const series = await presentUserSeries(c.var.app.db.kysely, c.var.viewer, user.id);
    return renderPage(c, { title: `${user.login}'s series` }, <UserSeriesPage login={user.login} series={series} own={c.var.viewer?.id === user.id} />);
  });
}
