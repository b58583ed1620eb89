import { describe, expect, it } from 'vitest';
import { toStoredHtml } from './html.ts';

describe('toStoredHtml', () => {
  it('keeps the paragraphs of text with one inline tag in it', () => {
    expect(toStoredHtml('Para one.\n\nPara two with <em>emphasis</em>.\nSecond line.\n\nPara three.')).toBe(
      '<p>Para one.</p>\n<p>Para two with <em>emphasis</em>.<br />\nSecond line.</p>\n<p>Para three.</p>',
    );
  });

  it('keeps the paragraphs around one block tag', () => {
    expect(toStoredHtml('<center>Title</center>\n\nPara one.\n\nPara two.')).toBe('<center>\n<p>Title</p></center>\n<p>Para one.</p>\n<p>Para two.</p>');
    expect(toStoredHtml('Para one.\n\nPara two,<br>and more.')).toBe('<p>Para one.</p>\n<p>Para two,<br />and more.</p>');
    expect(toStoredHtml('First paragraph.\n\n<hr />\n\nAfter the rule.\nline two')).toBe(
      '<p>First paragraph.</p>\n<hr />\n<p>After the rule.<br />\nline two</p>',
    );
    expect(toStoredHtml('Intro\n\n<blockquote>Quoted one.\n\nQuoted two.</blockquote>\n\nOutro')).toBe(
      '<p>Intro</p>\n<blockquote>\n<p>Quoted one.</p>\n<p>Quoted two.</p></blockquote>\n<p>Outro</p>',
    );
  });

  it('leaves HTML written in paragraphs as it is', () => {
    expect(toStoredHtml('<p>Already</p>\n<p>structured</p>')).toBe('<p>Already</p>\n<p>structured</p>');
    expect(toStoredHtml('<p>a<br />\nb</p>\n<p>c</p>')).toBe('<p>a<br />\nb</p>\n<p>c</p>');
    expect(toStoredHtml('<h2>\nTitle\n</h2>\nText under')).toBe('<h2>Title</h2>\n<p>Text under</p>');
  });

  it('splits a typed paragraph at a blank line, keeping its attributes and inline tags open', () => {
    expect(toStoredHtml('<p align="center">centred\n\nsplit</p>')).toBe('<p align="center">centred</p>\n<p align="center">split</p>');
    expect(toStoredHtml('a <em>b\n\nc</em> d')).toBe('<p>a <em>b</em></p>\n<p><em>c</em> d</p>');
  });

  it('keeps <pre> as typed, and breaks lines in list items and cells', () => {
    expect(toStoredHtml('<pre>code\n\n  indented</pre>\n\nafter')).toBe('<pre>code\n\n  indented</pre>\n<p>after</p>');
    expect(toStoredHtml('<ul>\n<li>one</li>\n<li>two\nlines</li>\n</ul>\n\ntext')).toBe('<ul>\n<li>one</li>\n<li>two<br />\nlines</li>\n</ul>\n<p>text</p>');
    expect(toStoredHtml('<table>\n<tr><td>a\nb</td></tr>\n</table>')).toBe('<table>\n<tr><td>a<br />\nb</td></tr>\n</table>');
  });

  it('adds no second break after a typed <br>, and keeps empty anchors', () => {
    expect(toStoredHtml('One line<br>\nnext line<br><br>\n\nNew para')).toBe('<p>One line<br />\nnext line<br /><br /></p>\n<p>New para</p>');
    expect(toStoredHtml('<a name="top"></a>Chapter\n\nText')).toBe('<p><a name="top" rel="nofollow ugc"></a>Chapter</p>\n<p>Text</p>');
  });

  it('reads Windows line ends as line ends', () => {
    expect(toStoredHtml('<strong>Bold start</strong> then text\r\n\r\nSecond')).toBe('<p><strong>Bold start</strong> then text</p>\n<p>Second</p>');
  });

  it('closes and reopens inline tags around a block typed inside them', () => {
    expect(toStoredHtml('a <em>b <div>c</div> d</em> e')).toBe('<p>a <em>b </em></p>\n<div>\n<p>c</p></div>\n<p><em>d</em> e</p>');
  });

  it('changes nothing the second time, so editing stored text keeps it as it is', () => {
    for (const typed of [
      'Intro\n\n<blockquote>Quoted one.\n\nQuoted two.</blockquote>\n\nOutro',
      'a <em>b <div>c</div> d</em> e',
      '<table>\n<tr><td>a\n\nb</td></tr>\n</table>',
      'One line<br>\nnext line<br><br>\n\nNew para',
      '<pre>code\n\n  indented</pre>\n\nafter',
    ]) {
      const stored = toStoredHtml(typed);
      expect(toStoredHtml(stored), typed).toBe(stored);
    }
  });

  it('still removes what can run code', () => {
    expect(toStoredHtml('Hello <script>alert(1)</script>\n\n<b onclick="x()">there</b>')).toBe('<p>Hello</p>\n<p><b>there</b></p>');
  });
});
