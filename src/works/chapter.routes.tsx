import { randomUUID } from 'node:crypto';
import type { Hono } from 'hono';
import { redirectWithFlash } from '../web/respond.ts';
import type { FieldErrors } from '../context.ts';
import type { AppEnv, WebContext } from '../web/env.ts';
import { notFound, renderError } from '../web/errors.tsx';
import { validateForm } from '../web/forms.tsx';
import { renderPage } from '../web/layout.tsx';
import { addChapter, deleteChapter, editChapter, reorderChapters } from './chapter.service.ts';
import { ChapterForm, ManageChapters } from './chapter.views.tsx';
import type { FormValues } from './work.form.tsx';
import { loadEditableWork, loadReadableWork, type LoadedWork } from './work.loader.ts';
import { parseId } from '../web/params.ts';
import { showWork } from './work.page.tsx';
import { chapterIndex, findChapter } from './work.repository.ts';
import { chapterFormSchema, formFields, toChapterInput } from './work.schema.ts';
import { ConfirmPage } from '../web/confirm.tsx';

function renderChapterForm(c: WebContext, loaded: LoadedWork, options: { chapterId?: number; values: FormValues; errors: FieldErrors }) {
  const workId = loaded.work.id;
  const editing = options.chapterId !== undefined;
  return renderPage(
    c,
    { title: editing ? 'Edit chapter' : 'New chapter', noIndex: true },
    <ChapterForm
      heading={`${editing ? 'Edit chapter of' : 'New chapter for'} “${loaded.work.title}”`}
      action={editing ? `/works/${workId}/chapters/${options.chapterId}/edit` : `/works/${workId}/chapters`}
      values={options.values}
      errors={options.errors}
      csrfToken={c.var.csrfToken}
      cancelHref={`/works/${workId}`}
      button={editing ? 'Save chapter' : 'Post chapter'}
    />,
    Object.keys(options.errors).length > 0 ? 422 : 200,
  );
}

/** The chapter in `:chapterId`, which must belong to the loaded work. */
async function loadChapter(c: WebContext, loaded: LoadedWork) {
  const chapterId = parseId(c.req.param('chapterId'));
  return chapterId === null ? undefined : findChapter(c.var.app.db.kysely, loaded.work.id, chapterId);
}

export function mountChapterRoutes(app: Hono<AppEnv>): void {
  app.get('/works/:id/chapters/new', async (c) => {
    const loaded = await loadEditableWork(c);
    if (loaded instanceof Response) return loaded;
    return renderChapterForm(c, loaded, { values: { submissionKey: randomUUID() }, errors: {} });
  });

  app.post('/works/:id/chapters', async (c) => {
    const loaded = await loadEditableWork(c);
    if (loaded instanceof Response) return loaded;
    const values = formFields(await c.req.parseBody({ all: true }));
    const form = validateForm(chapterFormSchema, values);
    if (!form.ok) return renderChapterForm(c, loaded, { values, errors: form.errors });
    const result = await addChapter(c.var.app, loaded.work, { ...toChapterInput(form.value), submissionKey: form.value.submissionKey });
    if (!result.ok) return renderChapterForm(c, loaded, { values, errors: result.errors });
    return redirectWithFlash(c, `/works/${loaded.work.id}/chapters/${result.value.chapterId}`, 'Chapter was successfully posted.');
  });

  app.get('/works/:id/chapters/manage', async (c) => {
    const loaded = await loadEditableWork(c);
    if (loaded instanceof Response) return loaded;
    const chapters = await chapterIndex(c.var.app.db.kysely, loaded.work.id);
    return renderPage(c, { title: 'Manage chapters', noIndex: true }, <ManageChapters workId={loaded.work.id} title={loaded.work.title} chapters={chapters} values={{}} errors={{}} csrfToken={c.var.csrfToken} />);
  });

  app.post('/works/:id/chapters/manage', async (c) => {
    const loaded = await loadEditableWork(c);
    if (loaded instanceof Response) return loaded;
    const values = formFields(await c.req.parseBody({ all: true }));
    const chapters = await chapterIndex(c.var.app.db.kysely, loaded.work.id);
    // Sort by the positions typed; a missing or odd value keeps the chapter where it was.
    const wanted = chapters.map((ch) => {
      const typed = values[`position_${ch.id}`];
      const n = typeof typed === 'string' && /^\d{1,4}$/.test(typed.trim()) ? Number(typed) : NaN;
      return { id: ch.id, position: n };
    });
    const positions = wanted.map((w) => w.position);
    const valid = positions.every((p) => p >= 1 && p <= chapters.length) && new Set(positions).size === positions.length;
    const result = valid
      ? await reorderChapters(c.var.app, loaded.work, [...wanted].sort((a, b) => a.position - b.position).map((w) => w.id))
      : { ok: false as const, errors: { positions: `Give every chapter a different position from 1 to ${chapters.length}.` } };
    if (!result.ok) {
      return renderPage(c, { title: 'Manage chapters', noIndex: true }, <ManageChapters workId={loaded.work.id} title={loaded.work.title} chapters={chapters} values={values} errors={result.errors} csrfToken={c.var.csrfToken} />, 422);
    }
    return redirectWithFlash(c, `/works/${loaded.work.id}/navigate`, 'Chapter order saved.');
  });

  app.get('/works/:id/chapters/:chapterId', async (c) => {
    const loaded = await loadReadableWork(c);
    if (loaded instanceof Response) return loaded;
    const chapterId = parseId(c.req.param('chapterId'));
    if (chapterId === null) return notFound(c);
    return showWork(c, loaded, { kind: 'chapter', chapterId });
  });

  app.get('/works/:id/chapters/:chapterId/edit', async (c) => {
    const loaded = await loadEditableWork(c);
    if (loaded instanceof Response) return loaded;
    const chapter = await loadChapter(c, loaded);
    if (!chapter) return notFound(c);
    return renderChapterForm(c, loaded, {
      chapterId: chapter.id,
      errors: {},
      values: {
        chapterTitle: chapter.title ?? '',
        chapterSummary: chapter.summary ?? '',
        chapterNotes: chapter.notes ?? '',
        chapterEndNotes: chapter.endNotes ?? '',
        text: chapter.body,
      },
    });
  });

  app.post('/works/:id/chapters/:chapterId/edit', async (c) => {
    const loaded = await loadEditableWork(c);
    if (loaded instanceof Response) return loaded;
    const chapter = await loadChapter(c, loaded);
    if (!chapter) return notFound(c);
    const values = formFields(await c.req.parseBody({ all: true }));
    const form = validateForm(chapterFormSchema, values);
    if (!form.ok) return renderChapterForm(c, loaded, { chapterId: chapter.id, values, errors: form.errors });
    const result = await editChapter(c.var.app, loaded.work, chapter.id, toChapterInput(form.value));
    if (!result.ok) return renderChapterForm(c, loaded, { chapterId: chapter.id, values, errors: result.errors });
    return redirectWithFlash(c, `/works/${loaded.work.id}/chapters/${chapter.id}`, 'Chapter was successfully updated.');
  });

  app.get('/works/:id/chapters/:chapterId/confirm_delete', async (c) => {
    const loaded = await loadEditableWork(c);
    if (loaded instanceof Response) return loaded;
    const chapter = await loadChapter(c, loaded);
    if (!chapter) return notFound(c);
    return renderPage(
      c,
      { title: 'Delete chapter', noIndex: true },
      <ConfirmPage
        heading={`Delete chapter ${chapter.position} of “${loaded.work.title}”?`}
        message="The chapter and its text are deleted for good; the chapters after it move up."
        action={`/works/${loaded.work.id}/chapters/${chapter.id}/delete`}
        button="Yes, delete this chapter"
        cancelHref={`/works/${loaded.work.id}/chapters/${chapter.id}`}
        csrfToken={c.var.csrfToken}
      />,
    );
  });

  app.post('/works/:id/chapters/:chapterId/delete', async (c) => {
    const loaded = await loadEditableWork(c);
    if (loaded instanceof Response) return loaded;
    const chapter = await loadChapter(c, loaded);
    if (!chapter) return notFound(c);
    const result = await deleteChapter(c.var.app, loaded.work, chapter.id);
    if (!result.ok) return renderError(c, 409, 'This chapter cannot be deleted', result.errors.form ?? 'Try again.');
    return redirectWithFlash(c, `/works/${loaded.work.id}`, 'Chapter was deleted.');
  });
}
