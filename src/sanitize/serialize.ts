// The sanitizer's output tree and its serializer. The tree only ever holds
// allowlisted HTML elements with allowlisted attributes, so serializing it is
// small enough to own: text escapes & < > (and shows U+00A0 as &nbsp;),
// attribute values escape & " < > so no value can be read as markup by any
// parser, and only img/br/hr are void. Every element is closed.

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

export function serializeNodes(nodes: readonly OutNode[]): string {
  const out: string[] = [];
  // An explicit stack: article HTML can nest deeply, the call stack should not care.
  const stack: Array<{ nodes: readonly OutNode[]; i: number; close?: string }> = [{ nodes, i: 0 }];
  while (stack.length > 0) {
    const frame = stack[stack.length - 1]!;
    if (frame.i >= frame.nodes.length) {
      stack.pop();
      if (frame.close) out.push(frame.close);
      continue;
    }
    const node = frame.nodes[frame.i++]!;
    if (typeof node === 'string') {
      out.push(escapeText(node));
      continue;
    }
    let open = `<${node.tag}`;
    for (const [name, value] of node.attrs) open += ` ${name}="${escapeAttribute(value)}"`;
    out.push(`${open}>`);
    if (!VOID_TAGS.has(node.tag)) stack.push({ nodes: node.children, i: 0, close: `</${node.tag}>` });
  }
  return out.join('');
}
