import type { Collection } from '../db/schema.ts';
import type { WebContext } from '../web/env.ts';
import { renderPage } from '../web/layout.tsx';
import { collectionPath } from './collection.views.tsx';

// AO3's "Mystery Work": what a work held back by an unrevealed collection shows meanwhile, in
// its collection's listing and at its own address. Only the collection and the reveal date are
// told; no title, tag, summary, creator or work number reaches the page.

type Revealing = Pick<Collection, 'name' | 'title' | 'revealWorksAt'>;

/** As the collection's page writes a date: the day and time, UTC. */
const when = (c: Revealing) => (c.revealWorksAt ? `on ${c.revealWorksAt.slice(0, 16).replace('T', ' ')} UTC` : 'when the moderators reveal it');

/** Placeholders shown at most on a listing's page; the rest are counted. */
const SHOWN = 50;

export function MysteryBlurbs(props: { collection: Revealing; count: number }) {
  if (props.count === 0) return null;
  const shown = Math.min(props.count, SHOWN);
  return (
    <section class="mystery-works" aria-label="Mystery works">
      <ol class="blurbs">
        {Array.from({ length: shown }, () => (
          <li class="blurb mystery">
            <h2 class="heading">Mystery Work</h2>
            <p>Part of <a href={collectionPath(props.collection.name)}>{props.collection.title}</a>, to be revealed {when(props.collection)}.</p>
          </li>
        ))}
      </ol>
      {props.count > shown ? <p class="muted">And {props.count - shown} more mystery works.</p> : null}
    </section>
  );
}

function MysteryWorkPage(props: { collections: Revealing[] }) {
  return (
    <section class="mystery-work">
      <h1>Mystery Work</h1>
      <p>This work is part of an ongoing challenge and will be revealed soon.</p>
      <ul>
        {props.collections.map((c) => (
          <li>Part of <a href={collectionPath(c.name)}>{c.title}</a>, to be revealed {when(c)}.</li>
        ))}
      </ul>
    </section>
  );
}

/** The work's address meanwhile: still a 404 (the work is not there for this viewer yet), saying why. */
export function renderMysteryPage(c: WebContext, collections: Revealing[]) {
  return renderPage(c, { title: 'Mystery Work', noIndex: true }, <MysteryWorkPage collections={collections} />, 404);
}
