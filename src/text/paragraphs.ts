// Paragraphs for HTML that an author typed like text: AO3's "Rich text/HTML" field adds a <p>
// for each block of text separated by a blank line and a <br /> for each single line break,
// except where the author already wrote the block as a block element. So "one\n\ntwo <em>x</em>"
// is two paragraphs, "<p>one</p>\n<p>two</p>" stays as it is, and text inside <pre> is kept.
//
// Input is sanitize-html's output: every tag well formed, `<` and `>` escaped everywhere else.
// One pass over its tags and text; what it cannot place (a stray closing tag) it leaves out.

/** Elements whose loose text goes into paragraphs, like the top level. */
const FLOW = new Set(['div', 'blockquote', 'center', 'details', 'figure']);
/** Blocks that hold text themselves: a line break in them is a <br />. */
const TEXT = new Set(['p', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'li', 'dd', 'dt', 'td', 'th', 'caption', 'summary', 'figcaption', 'address']);
/** Blocks that hold only other blocks; the whitespace between those is left as it is. */
const STRUCTURE = new Set(['table', 'thead', 'tbody', 'tfoot', 'tr', 'ul', 'ol', 'dl', 'colgroup']);
const VOID = new Set(['br', 'hr', 'img', 'col', 'wbr']);

type Kind = 'flow' | 'text' | 'structure' | 'pre' | 'inline';

function kindOf(name: string): Kind {
  if (FLOW.has(name)) return 'flow';
  if (TEXT.has(name)) return 'text';
  if (STRUCTURE.has(name)) return 'structure';
  return name === 'pre' ? 'pre' : 'inline';
}

interface Frame {
  name: string;
  /** The opening tag as written, to open it again after a paragraph break. */
  open: string;
  kind: Kind;
  /** Inline elements: whether the output holds it open right now. */
  emitted: boolean;
  /** Inline elements: not yet written at all (an empty <a name> is still written). */
  fresh: boolean;
  /** Flow elements: a paragraph of our own is open. */
  inParagraph: boolean;
  /** Something visible was written in the current paragraph or text block. */
  hasContent: boolean;
  /** The last thing written was a line break (so a newline after <br /> adds none). */
  afterBreak: boolean;
  /** A line break or a blank line seen, written only if more text follows. */
  pending: 'none' | 'line' | 'paragraph';
}

const TOKEN = /<(\/?)([a-zA-Z][a-zA-Z0-9]*)\b[^>]*>/g;
// Spaces, a newline, and any whitespace after it: one line break, or a blank line if it holds two newlines.
const BREAK = /[^\S\n]*\n\s*/g;

function frame(name: string, open: string): Frame {
  return { name, open, kind: kindOf(name), emitted: false, fresh: true, inParagraph: false, hasContent: false, afterBreak: false, pending: 'none' };
}

/** Adds paragraphs and line breaks to sanitised HTML, as AO3 does (see above). */
export function addParagraphs(html: string): string {
  const out: string[] = [];
  const stack: Frame[] = [frame('#root', '')];
  stack[0]!.kind = 'flow';
  let preDepth = 0;

  /** Every block in a flow element starts on a line of its own, so a second pass changes nothing. */
  const newLine = () => {
    if (out.length > 0 && out[out.length - 1] !== '\n') out.push('\n');
  };

  /** The innermost element that is not inline: where text lands. */
  const landingIndex = () => {
    for (let i = stack.length - 1; i > 0; i--) if (stack[i]!.kind !== 'inline') return i;
    return 0;
  };

  const closeInlineAbove = (index: number) => {
    for (let i = stack.length - 1; i > index; i--) {
      const f = stack[i]!;
      if (f.emitted) out.push(`</${f.name}>`);
      f.emitted = false;
      f.fresh = false;
    }
  };

  /** Before visible content: open the paragraph, write the break waiting, reopen inline elements. */
  const prepare = (index: number) => {
    const at = stack[index]!;
    if (at.kind === 'flow' && !at.inParagraph) {
      newLine();
      out.push('<p>');
      at.inParagraph = true;
      at.hasContent = false;
      at.afterBreak = false;
    } else if (at.pending === 'paragraph' && at.hasContent && (at.kind === 'flow' || at.name === 'p')) {
      closeInlineAbove(index);
      out.push(`</p>\n${at.kind === 'flow' ? '<p>' : at.open}`);
      at.hasContent = false;
      at.afterBreak = false;
    } else if (at.pending !== 'none' && at.hasContent) {
      // A blank line in a list item or a cell: two breaks, as close as HTML allows there.
      if (at.pending === 'paragraph') out.push(at.afterBreak ? '<br />\n' : '<br /><br />\n');
      else if (at.afterBreak) out.push('\n');
      else out.push('<br />\n');
      at.afterBreak = at.pending === 'paragraph' || at.afterBreak;
    }
    at.pending = 'none';
    for (let i = index + 1; i < stack.length; i++) {
      const f = stack[i]!;
      if (!f.emitted) out.push(f.open);
      f.emitted = true;
      f.fresh = false;
    }
  };

  /** Closes the paragraph of our own in a flow element, before a block or at its end. */
  const endParagraph = (index: number) => {
    const at = stack[index]!;
    if (at.kind === 'flow' && at.inParagraph) {
      closeInlineAbove(index);
      out.push('</p>');
      at.inParagraph = false;
    } else if (at.kind === 'text') {
      closeInlineAbove(index);
    }
    at.pending = 'none';
  };

  const text = (chunk: string) => {
    if (preDepth > 0) return out.push(chunk);
    const index = landingIndex();
    const at = stack[index]!;
    if (at.kind === 'structure') return out.push(chunk);
    BREAK.lastIndex = 0;
    let from = 0;
    for (let match = BREAK.exec(chunk); ; match = BREAK.exec(chunk)) {
      const segment = chunk.slice(from, match ? match.index : chunk.length);
      if (segment.trim() !== '') {
        prepare(index);
        out.push(at.hasContent ? segment : segment.trimStart());
        at.hasContent = true;
        at.afterBreak = false;
      } else if (segment !== '' && at.pending === 'none' && at.hasContent && (at.kind !== 'flow' || at.inParagraph)) {
        out.push(segment); // the space between two inline elements
      }
      if (!match) break;
      const newlines = match[0].split('\n').length - 1;
      if (at.kind === 'flow' && !at.inParagraph) {
        newLine();
      } else if (at.hasContent) {
        at.pending = newlines > 1 ? 'paragraph' : at.pending === 'paragraph' ? 'paragraph' : 'line';
      }
      from = match.index + match[0].length;
    }
  };

  const openTag = (name: string, tag: string) => {
    if (preDepth > 0) {
      out.push(tag);
      if (!VOID.has(name)) stack.push(frame(name, tag));
      if (name === 'pre') preDepth++;
      return;
    }
    const index = landingIndex();
    const at = stack[index]!;
    const kind = kindOf(name);
    if (name === 'br' || name === 'img' || name === 'wbr') {
      if (at.kind === 'structure') return out.push(tag);
      // A typed <br /> takes the place of the line break that follows or precedes it.
      if (name === 'br' && at.pending === 'line') at.pending = 'none';
      prepare(index);
      out.push(tag);
      at.hasContent = true;
      at.afterBreak = name === 'br';
      return;
    }
    if (kind === 'inline' && name !== 'hr' && name !== 'col') {
      if (at.kind === 'structure') {
        out.push(tag);
        stack.push({ ...frame(name, tag), emitted: true, fresh: false });
        return;
      }
      stack.push(frame(name, tag));
      return;
    }
    // A block: it ends the paragraph it interrupts.
    endParagraph(index);
    if (at.kind === 'flow') newLine();
    out.push(tag);
    if (VOID.has(name)) return;
    stack.push(frame(name, tag));
    if (name === 'pre') preDepth++;
  };

  const closeTag = (name: string) => {
    let index = -1;
    for (let i = stack.length - 1; i > 0; i--) {
      if (stack[i]!.name === name) {
        index = i;
        break;
      }
    }
    if (index === -1) return; // nothing open by that name
    while (stack.length - 1 > index) popFrame();
    popFrame();
  };

  const popFrame = () => {
    const f = stack[stack.length - 1]!;
    if (preDepth > 0) {
      stack.pop();
      out.push(`</${f.name}>`);
      if (f.name === 'pre') preDepth--;
      return;
    }
    if (f.kind === 'inline') {
      if (f.emitted) out.push(`</${f.name}>`);
      else if (f.fresh) {
        // Written only now, empty: an anchor (<a name>) or an empty span keeps its place.
        prepare(landingIndex());
        out.push(`</${f.name}>`);
      }
      stack.pop();
      return;
    }
    endParagraph(stack.length - 1);
    stack.pop();
    out.push(`</${f.name}>`);
    const parent = stack[landingIndex()]!;
    if (parent.kind === 'text') {
      parent.hasContent = true;
      parent.afterBreak = true;
    }
  };

  TOKEN.lastIndex = 0;
  let from = 0;
  for (let match = TOKEN.exec(html); match; match = TOKEN.exec(html)) {
    if (match.index > from) text(html.slice(from, match.index));
    const name = match[2]!.toLowerCase();
    if (match[1]) closeTag(name);
    else openTag(name, match[0]);
    from = match.index + match[0].length;
  }
  if (from < html.length) text(html.slice(from));
  while (stack.length > 1) popFrame();
  endParagraph(0);
  return out.join('').trim();
}
