import { raw } from 'hono/html';
import type { Chapter } from '../db/schema.ts';

export interface TowerView {
  workId: number;
  title: string;
  byline: string;
  chapters: Pick<Chapter, 'id' | 'position' | 'title' | 'body' | 'wordCount'>[];
}

/** A tower reads as one stack: the drabbles one after another, a rule between them. */
export function TowerPage(props: { tower: TowerView }) {
  const { tower } = props;
  return (
    <article class="tower">
      <h1>{tower.title}</h1>
      <p class="byline">by {tower.byline}</p>
      <p class="muted">
        A tower of {tower.chapters.length} drabbles. <a href={`/works/${tower.workId}?view_full_work=true`}>Read as chapters</a>
      </p>
      {tower.chapters.map((chapter, i) => (
        <>
          {i > 0 ? <hr /> : null}
          <section class="drabble" id={`drabble-${chapter.position}`} aria-label={`Drabble ${chapter.position}`}>
            {chapter.title ? <h2>{chapter.title}</h2> : null}
            <div class="userstuff">{raw(chapter.body)}</div>
          </section>
        </>
      ))}
    </article>
  );
}

export interface ChallengeEntry {
  workId: number;
  title: string;
  drabbles: number;
  words: number;
}

export interface ChallengeView {
  name: string;
  title: string;
  rule: string | null;
  towers: (ChallengeEntry & { byline: string })[];
  participants: { name: string; entries: ChallengeEntry[] }[];
}

function EntryLink(props: { entry: ChallengeEntry; tower: boolean }) {
  const { entry } = props;
  return (
    <>
      <a href={props.tower ? `/works/${entry.workId}/tower` : `/works/${entry.workId}`}>{entry.title}</a>
      <span class="muted">
        {' '}
        ({entry.drabbles} {entry.drabbles === 1 ? 'drabble' : 'drabbles'}, {entry.words} words)
      </span>
    </>
  );
}

export function ChallengePage(props: { challenge: ChallengeView }) {
  const { challenge } = props;
  return (
    <section class="challenge">
      <h1>{challenge.title}</h1>
      <p>
        <a href={`/collections/${challenge.name}`}>The collection</a>
        {challenge.rule ? <> · Rule: {challenge.rule}</> : null}
      </p>
      <h2>Towers</h2>
      {challenge.towers.length === 0 ? (
        <p class="towers-empty">No towers yet.</p>
      ) : (
        <ul class="towers">
          {challenge.towers.map((t) => (
            <li>
              <EntryLink entry={t} tower /> by {t.byline}
            </li>
          ))}
        </ul>
      )}
      <h2>Drabbles by participant</h2>
      {challenge.participants.length === 0 ? <p>No drabbles yet.</p> : null}
      {challenge.participants.map((p) => (
        <section class="participant">
          <h3>{p.name}</h3>
          <ul>
            {p.entries.map((e) => (
              <li>
                <EntryLink entry={e} tower={e.drabbles > 1} />
              </li>
            ))}
          </ul>
        </section>
      ))}
    </section>
  );
}
