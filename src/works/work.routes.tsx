import { randomUUID } from 'node:crypto';
import type { Hono } from 'hono';
import { redirectWithFlash } from '../web/respond.ts';
import { listPseuds } from '../accounts/user.repository.ts';
import type { z } from 'zod';
import type { FieldErrors, Result } from '../context.ts';
import type { SeriesRequest } from '../series/series.types.ts';
import type { AppEnv, WebContext } from '../web/env.ts';
import { validateForm } from '../web/forms.tsx';
import { renderPage } from '../web/layout.tsx';
import { renderError } from '../web/errors.tsx';
import { tagsOfWorks } from '../tags/tag.repository.ts';
import { orphanWork, deleteWork } from './orphan.service.ts';
import { ChapterIndex } from './work.views.tsx';
import { ConfirmPage } from '../web/confirm.tsx';
import { str, WorkForm, type FormValues } from './work.form.tsx';
import { currentPath, loadEditableWork, loadReadableWork } from './work.loader.ts';
import { requireViewer } from '../web/guards.ts';
import { showWork } from './work.page.tsx';
import { presentWork } from './work.presenter.ts';
import { chapterIndex } from './work.repository.ts';
import { formFields, newWorkFormSchema, toNewWorkInput, toWorkInput, workFormSchema } from './work.schema.ts';
import { postWork, publishWork, updateWork } from './work.service.ts';
import { ownSeriesChoices, seriesBoxes } from '../series/series.presenter.ts';
import { toSeriesRequest, workSeriesFieldsSchema } from '../series/series.schema.ts';
import { WorkSeriesFields } from '../series/series.views.tsx';
import { itemsOfWork } from '../collections/collection.repository.ts';
import { WorkCollectionsField } from '../collections/collection.views.tsx';

/** The work form with its "Add to series" fields, checked together so every message shows at once. */
function validateWorkForm<S extends typeof newWorkFormSchema | typeof workFormSchema>(schema: S, values: FormValues): { ok: false; errors: FieldErrors } | { ok: true; value: z.output<S>; series: SeriesRequest | null } {
  const work = validateForm(schema, values) as Result<z.output<S>>;
  const series = validateForm(workSeriesFieldsSchema, values);
  if (!work.ok || !series.ok) return { ok: false as const, errors: { ...(work.ok ? {} : work.errors), ...(series.ok ? {} : series.errors) } };
  return { ok: true as const, value: work.value, series: toSeriesRequest(series.value) };
}

async function renderWorkForm(c: WebContext, options: { isNew: boolean; values: FormValues; errors: FieldErrors; workId?: number }) {
  const db = c.var.app.db.kysely;
  const [pseuds, choices, current, items] = await Promise.all([
    listPseuds(db, c.var.viewer!.id),
    ownSeriesChoices(db, c.var.viewer!),
    options.workId === undefined ? Promise.resolve([]) : seriesBoxes(db, c.var.viewer, options.workId),
    options.workId === undefined ? Promise.resolve([]) : itemsOfWork(db, options.workId),
  ]);
  const status = Object.keys(options.errors).length > 0 ? 422 : 200;
  return renderPage(
    c,
    { title: options.isNew ? 'Post new work' : 'Edit work', noIndex: true },
    <WorkForm
      action={options.isNew ? '/works' : `/works/${options.workId}/edit`}
      heading={options.isNew ? 'Post new work' : 'Edit work'}
      values={options.values}
      errors={options.errors}
      pseuds={pseuds}
      csrfToken={c.var.csrfToken}
      isNew={options.isNew}
      cancelHref={options.isNew ? '/' : `/works/${options.workId}`}
      extra={
        <>
          <WorkSeriesFields values={options.values} errors={options.errors} choices={choices.filter((s) => !current.some((b) => b.id === s.id))} current={current} />
          <WorkCollectionsField value={str(options.values, 'collections')} error={options.errors.collections} current={items} />
        </>
      }
    />,
    status,
  );
}

/** Turns a stored work back into form values for editing. */
async function valuesOfWork(c: WebContext, workId: number, loaded: Awaited<ReturnType<typeof loadEditableWork>>): Promise<FormValues> {
  if (loaded instanceof Response) return {};
  const view = presentWork(loaded.work, loaded.creators, await tagsOfWorks(c.var.app.db.kysely, [workId]), c.var.viewer);
  const names = (tags: { name: string }[]) => tags.map((t) => t.name).join(', ');
  const fromHtml = (html: string | null) => html ?? '';
  return {
    title: loaded.work.title,
    summary: fromHtml(loaded.work.summary),
    notes: fromHtml(loaded.work.notes),
    endNotes: fromHtml(loaded.work.endNotes),
    rating: view.rating?.name ?? '',
    warnings: view.warnings.map((t) => t.name),
    categories: view.categories.map((t) => t.name),
    fandoms: names(view.fandoms),
    relationships: names(view.relationships),
    characters: names(view.characters),
    freeforms: names(view.freeforms),
    language: loaded.work.language,
    pseudIds: loaded.creators.filter((x) => x.userId === c.var.viewer!.id && x.isApproved === 1).map((x) => String(x.pseudId)),
    coCreators: '',
    isRestricted: loaded.work.isRestricted ? '1' : '',
    isComplete: loaded.work.isComplete ? '1' : '',
    expectedChapters: loaded.work.expectedChapters === null ? '' : String(loaded.work.expectedChapters),
    // The day it is published on (or, for a draft, the day chosen for it); unchanged, it keeps the stored time.
    publishedOn: loaded.work.publishedAt ? String(loaded.work.publishedAt).slice(0, 10) : '',
  };
}

export function mountWorkRoutes(app: Hono<AppEnv>): void {
  app.get('/works/new', async (c) => {
    const viewer = requireViewer(c);
    if (viewer instanceof Response) return viewer;
    const pseuds = await listPseuds(c.var.app.db.kysely, viewer.id);
    const defaultPseud = pseuds.find((p) => p.isDefault === 1) ?? pseuds[0];
    return renderWorkForm(c, {
      isNew: true,
      errors: {},
      values: {
        submissionKey: randomUUID(),
        language: 'en',
        expectedChapters: '1',
        pseudIds: defaultPseud ? [String(defaultPseud.id)] : [],
      },
    });
  });

  app.post('/works', async (c) => {
    const viewer = requireViewer(c);
    if (viewer instanceof Response) return viewer;
    const values = formFields(await c.req.parseBody({ all: true }));
    const form = validateWorkForm(newWorkFormSchema, values);
    if (!form.ok) return renderWorkForm(c, { isNew: true, values, errors: form.errors });
    const result = await postWork(c.var.app, viewer, { ...toNewWorkInput(form.value), series: form.series });
    if (!result.ok) return renderWorkForm(c, { isNew: true, values, errors: result.errors });
    const message = result.value.repeated
      ? 'That work was already posted; here it is.'
      : form.value.action === 'draft'
        ? 'Draft saved. Only you can see it until you post it.'
        : 'Work was successfully posted.';
    return redirectWithFlash(c, `/works/${result.value.workId}`, message);
  });

  app.get('/works/:id', async (c) => {
    const loaded = await loadReadableWork(c, { mysteryPage: true });
    if (loaded instanceof Response) return loaded;
    return showWork(c, loaded, c.req.query('view_full_work') === 'true' ? { kind: 'full' } : { kind: 'first' });
  });

  app.get('/works/:id/navigate', async (c) => {
    const loaded = await loadReadableWork(c);
    if (loaded instanceof Response) return loaded;
    const db = c.var.app.db.kysely;
    const [tags, index] = await Promise.all([tagsOfWorks(db, [loaded.work.id]), chapterIndex(db, loaded.work.id)]);
    const view = presentWork(loaded.work, loaded.creators, tags, c.var.viewer);
    return renderPage(c, { title: `Chapter index: ${view.title}` }, <ChapterIndex work={view} chapters={index} />);
  });

  app.get('/works/:id/edit', async (c) => {
    const loaded = await loadEditableWork(c);
    if (loaded instanceof Response) return loaded;
    return renderWorkForm(c, { isNew: false, workId: loaded.work.id, errors: {}, values: await valuesOfWork(c, loaded.work.id, loaded) });
  });

  app.post('/works/:id/edit', async (c) => {
    const loaded = await loadEditableWork(c);
    if (loaded instanceof Response) return loaded;
    const values = formFields(await c.req.parseBody({ all: true }));
    const form = validateWorkForm(workFormSchema, values);
    if (!form.ok) return renderWorkForm(c, { isNew: false, workId: loaded.work.id, values, errors: form.errors });
    const result = await updateWork(c.var.app, c.var.viewer!, loaded.work.id, { ...toWorkInput(form.value), series: form.series });
    if (!result.ok) return renderWorkForm(c, { isNew: false, workId: loaded.work.id, values, errors: result.errors });
    return redirectWithFlash(c, `/works/${loaded.work.id}`, 'Work was successfully updated.');
  });

  app.post('/works/:id/post', async (c) => {
    const loaded = await loadEditableWork(c);
    if (loaded instanceof Response) return loaded;
    await publishWork(c.var.app, loaded.work.id);
    return redirectWithFlash(c, `/works/${loaded.work.id}`, 'Work was successfully posted.');
  });

  app.get('/works/:id/confirm_delete', async (c) => {
    const loaded = await loadEditableWork(c, 'delete');
    if (loaded instanceof Response) return loaded;
    return renderPage(
      c,
      { title: 'Delete work', noIndex: true },
      <ConfirmPage
        heading={`Delete “${loaded.work.title}”?`}
        message="This deletes the work, all its chapters and everything attached to it. It cannot be undone. If you only want to stop being its creator, orphan it instead."
        action={`/works/${loaded.work.id}/delete`}
        button="Yes, delete this work"
        cancelHref={`/works/${loaded.work.id}`}
        csrfToken={c.var.csrfToken}
      />,
    );
  });

  app.post('/works/:id/delete', async (c) => {
    const loaded = await loadEditableWork(c, 'delete');
    if (loaded instanceof Response) return loaded;
    await deleteWork(c.var.app, loaded.work.id);
    return redirectWithFlash(c, `/users/${encodeURIComponent(c.var.viewer!.login)}/works`, `Your work “${loaded.work.title}” was deleted.`);
  });

  app.get('/works/:id/orphan', async (c) => {
    const loaded = await loadEditableWork(c);
    if (loaded instanceof Response) return loaded;
    if (loaded.work.isDraft) return renderError(c, 409, 'Drafts cannot be orphaned', 'Post the draft first, or delete it if you no longer want it.');
    return renderPage(
      c,
      { title: 'Orphan work', noIndex: true },
      <ConfirmPage
        heading={`Orphan “${loaded.work.title}”?`}
        message="Orphaning removes your name from the work for good but keeps it on the archive. If nobody else is credited, it is credited to orphan_account. You will not be able to edit or delete it afterwards."
        action={`/works/${loaded.work.id}/orphan`}
        button="Yes, orphan it"
        cancelHref={currentPath(c).replace(/\/orphan$/, '')}
        csrfToken={c.var.csrfToken}
      />,
    );
  });

  app.post('/works/:id/orphan', async (c) => {
    const loaded = await loadEditableWork(c);
    if (loaded instanceof Response) return loaded;
    if (loaded.work.isDraft) return renderError(c, 409, 'Drafts cannot be orphaned', 'Post the draft first, or delete it if you no longer want it.');
    await orphanWork(c.var.app, c.var.viewer!.id, loaded.work.id);
    return redirectWithFlash(c, `/works/${loaded.work.id}`, 'The work was orphaned: your name is no longer on it.');
  });
}
