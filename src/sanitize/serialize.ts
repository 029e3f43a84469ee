// The sanitizer's output tree and its serializer. The tree only ever holds
// allowlisted HTML elements with allowlisted attributes, so serializing it is
// small enough to own: text escapes & < > (and shows U+00A0 as &nbsp;),
// attribute values escape & " < > so no value can be read as markup by any
// parser, and only img/br/hr are void. Every element is closed.

import { ALLOWED_TAGS } from './rules.ts';

export interface OutElement {
  tag: string;
  attrs: Array<[name: string, value: string]>;
  children: OutNode[];
  /** True when the element or anything inside it is not text-level (it cannot sit in a paragraph). */
  block: boolean;
}
export type OutNode = OutElement | string;

export const VOID_TAGS: ReadonlySet<string> = new Set(['img', 'br', 'hr']);

export function escapeText(text: string): string {
  return text.replace(/[&<>\u00a0]/g, (c) =>
    c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : '&nbsp;',
  );
}

export function escapeAttribute(value: string): string {
  return value.replace(/[&"<>\u00a0]/g, (c) =>
    c === '&' ? '&amp;' : c === '"' ? '&quot;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : '&nbsp;',
  );
}

/**
 * What a tokenizer reading the serialized HTML meets, in order: each run of
 * text between two tags as its [start, end) offsets in the HTML (two numbers),
 * each tag opened as its name, each closed as '/' and its name. Left empty
 * when the tree holds a tag that is not allowlisted (a tokenizer might read
 * it otherwise): read the HTML itself then.
 */
export type MarkupTokens = Array<number | string>;

export function serializeNodes(nodes: readonly OutNode[], tokens?: MarkupTokens | null): string {
  const out: string[] = [];
  let length = 0;
  let tokensOk = true;
  const emit = (s: string) => {
    out.push(s);
    length += s.length;
  };
  // An explicit stack: article HTML can nest deeply, the call stack should not care.
  const stack: Array<{ nodes: readonly OutNode[]; i: number; close?: string; tag?: string }> = [
    { nodes, i: 0 },
  ];
  while (stack.length > 0) {
    const frame = stack[stack.length - 1]!;
    if (frame.i >= frame.nodes.length) {
      stack.pop();
      if (frame.close) {
        emit(frame.close);
        tokens?.push(`/${frame.tag}`);
      }
      continue;
    }
    const node = frame.nodes[frame.i++]!;
    if (typeof node === 'string') {
      if (node === '') continue;
      const start = length;
      emit(escapeText(node));
      // Neighbouring strings are one run of text to a tokenizer.
      if (tokens && tokens.length >= 2 && tokens[tokens.length - 1] === start)
        tokens[tokens.length - 1] = length;
      else tokens?.push(start, length);
      continue;
    }
    let open = `<${node.tag}`;
    for (const [name, value] of node.attrs) open += ` ${name}="${escapeAttribute(value)}"`;
    emit(`${open}>`);
    if (tokens) {
      tokens.push(node.tag);
      if (!ALLOWED_TAGS.has(node.tag)) tokensOk = false;
    }
    if (!VOID_TAGS.has(node.tag))
      stack.push({ nodes: node.children, i: 0, close: `</${node.tag}>`, tag: node.tag });
  }
  if (tokens && !tokensOk) tokens.length = 0;
  return out.join('');
}
