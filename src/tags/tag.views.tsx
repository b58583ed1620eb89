import type { Child } from 'hono/jsx';
import type { Tag } from '../db/schema.ts';
import { tagEditPath, tagPagePath, tagPath } from './tag.names.ts';
import { typeLabel } from './tag.rules.ts';
import type { TagLink } from './wrangling.repository.ts';

export interface TagPageModel {
  tag: Tag;
  /** The canonical a synonym points at. */
  canonical: TagLink | undefined;
  synonyms: TagLink[];
  fandoms: TagLink[];
  metaTags: TagLink[];
  subTags: TagLink[];
  /** For a fandom: the canonical characters, relationships and additional tags filed under it. */
  children: TagLink[];
  canWrangle: boolean;
  /** The logged-in viewer's Subscribe / Unsubscribe button (src/news/subscription.block.tsx). */
  subscribe?: Child;
}

function TagLinks(props: { tags: TagLink[]; label: string }) {
  return (
    <ul class="tags" aria-label={props.label}>
      {props.tags.map((t) => <li><a href={tagPagePath(t.urlName)}>{t.name}</a></li>)}
    </ul>
  );
}

function Row(props: { term: string; tags: TagLink[] }) {
  if (props.tags.length === 0) return null;
  return (
    <>
      <dt>{props.term}</dt>
      <dd><TagLinks tags={props.tags} label={props.term} /></dd>
    </>
  );
}

function status(model: TagPageModel) {
  const { tag, canonical } = model;
  if (canonical) {
    return <p>This tag is a synonym of <a href={tagPagePath(canonical.urlName)}>{canonical.name}</a>; its works are listed there.</p>;
  }
  if (tag.isCanonical === 1) return <p>This tag is canonical: it is offered when posting, and works tagged with its synonyms and subtags are listed under it.</p>;
  return <p>This tag has not been made canonical. Its works are still listed under it.</p>;
}

/** AO3's tag page: what the tag is, how it is wrangled, and where its works are. */
export function TagPage(props: { model: TagPageModel }) {
  const m = props.model;
  const worksOf = m.canonical ?? m.tag;
  const children = (type: string) => m.children.filter((t) => t.type === type);
  return (
    <section>
      <h1>
        <span class="tag-name">{m.tag.name}</span> <span class="muted">({typeLabel(m.tag.type)})</span>
      </h1>
      {status(m)}
      <dl class="work-meta">
        <Row term="Synonyms" tags={m.synonyms} />
        <Row term="Fandoms" tags={m.fandoms} />
        <Row term="Metatags" tags={m.metaTags} />
        <Row term="Subtags" tags={m.subTags} />
        <Row term="Characters" tags={children('Character')} />
        <Row term="Relationships" tags={children('Relationship')} />
        <Row term="Additional tags" tags={children('Freeform')} />
      </dl>
      <p class="actions">
        <a class="button" href={tagPath(worksOf.urlName)}>Works in {worksOf.name}</a>
        {m.canWrangle ? <a class="button secondary" href={tagEditPath(m.tag.urlName)}>Edit tag</a> : null}
        {m.subscribe}
      </p>
    </section>
  );
}
