// How a page of the site answers: its content types (each names its
// charset), the HTML reply, and the ?avant= cursor the paged lists share.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { decodeCursor } from '../../../store/index.ts';

export const HTML = 'text/html; charset=utf-8';
export const RSS = 'application/rss+xml; charset=utf-8';
export const ATOM = 'application/atom+xml; charset=utf-8';
export const XML = 'application/xml; charset=utf-8';
export const TEXT = 'text/plain; charset=utf-8';

/** Articles on one page of a list. */
export const PAGE_SIZE = 20;

export function sendHtml<T extends string | Buffer>(reply: FastifyReply, body: T): T {
  reply.type(HTML);
  return body;
}

/** The ?avant= cursor: undefined when absent, null when it is not one of ours. */
export function cursorOf(request: FastifyRequest): string | undefined | null {
  const raw = (request.query as Record<string, unknown>).avant;
  if (raw === undefined) return undefined;
  return typeof raw === 'string' && raw.length < 200 && decodeCursor(raw) ? raw : null;
}
