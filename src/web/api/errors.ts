// The API's one error shape, {error, field?, message}, and the schemas and
// handlers that keep every 4xx in it: a parameter that fails its schema is a
// 400 naming that parameter, not Fastify's own validation body.
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

/** Every 4xx of the API: a code for programs, the parameter at fault when there is one, a sentence for people. */
export interface ApiError {
  error: string;
  field?: string;
  message: string;
}

export const errorSchema = {
  type: 'object',
  properties: {
    error: { type: 'string' },
    field: { type: 'string' },
    message: { type: 'string' },
  },
  // No `required`: the serializer would write required properties first,
  // and the bytes sent today have `field` between the two.
  additionalProperties: true,
} as const;

/** The response schemas every route shares: its errors. */
export const errorResponses = { '4xx': errorSchema } as const;

/** One ajv error, as much of it as the messages need. */
interface SchemaError {
  instancePath: string;
  keyword: string;
  params: Record<string, unknown>;
  message?: string;
}

/** A parameter that failed its route's schema. */
export class ParameterError extends Error {
  readonly statusCode = 400;
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

/** The parameter a schema error is about: `/limit` → limit; a missing or unknown one by its name. */
function fieldOf(e: SchemaError, dataVar: string): string {
  const named = e.params.missingProperty ?? e.params.additionalProperty;
  if (typeof named === 'string') return named;
  const path = e.instancePath
    .split('/')
    .filter(Boolean)
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
  return path.length ? path.join('.') : dataVar;
}

function sentence(e: SchemaError, field: string): string {
  const p = e.params;
  switch (e.keyword) {
    case 'type':
      // A query string or path only holds strings: a list means the parameter came twice.
      if (p.type === 'string') return `${field} is given more than once`;
      if (p.type === 'integer') return `${field} must be a whole number`;
      return `${field} must be of type ${String(p.type)}`;
    case 'minimum':
    case 'exclusiveMinimum':
      return `${field} must be ${e.keyword === 'minimum' ? 'at least' : 'more than'} ${String(p.limit)}`;
    case 'maximum':
    case 'exclusiveMaximum':
      return `${field} must be ${e.keyword === 'maximum' ? 'at most' : 'less than'} ${String(p.limit)}`;
    case 'pattern':
      return `${field} does not have the expected form (${String(p.pattern)})`;
    case 'maxLength':
      return `${field} is longer than ${String(p.limit)} characters`;
    case 'minLength':
      return `${field} is shorter than ${String(p.limit)} characters`;
    case 'enum':
      return `${field} is one of ${(p.allowedValues as unknown[]).map((v) => `"${String(v)}"`).join(', ')}`;
    case 'required':
      return `${field} is required`;
    case 'additionalProperties':
      return `unknown parameter "${field}"`;
    default:
      return `${field} ${e.message ?? 'is not valid'}`;
  }
}

/** Fastify's schemaErrorFormatter: the first failure, as the parameter at fault and a sentence. */
export function parameterError(errors: SchemaError[], dataVar: string): ParameterError {
  const e = errors[0];
  if (!e) return new ParameterError(dataVar, `${dataVar} is not valid`);
  const field = fieldOf(e, dataVar);
  return new ParameterError(field, sentence(e, field));
}

/** Fastify's own 4xx (a body too large, of a type we do not read) by name. */
const ERROR_OF_STATUS: Record<number, string> = {
  413: 'payload_too_large',
  415: 'unsupported_media_type',
};

/**
 * The API's error handler: failed schemas and every other 4xx in the API's
 * shape. A 5xx goes on to Fastify's handler, which logs it and answers as it
 * always has.
 */
export function apiErrorHandler(err: FastifyError, _request: FastifyRequest, reply: FastifyReply): unknown {
  const status = err.statusCode ?? 500;
  if (status < 400 || status >= 500) throw err;
  const body: ApiError =
    err instanceof ParameterError
      ? { error: 'bad_request', field: err.field, message: err.message }
      : { error: ERROR_OF_STATUS[status] ?? 'bad_request', message: err.message };
  return reply.code(status).send(body);
}

/** Validation and errors in the API's shape for every route registered in `scope` after this call. */
export function useApiErrors(scope: FastifyInstance): void {
  scope.setSchemaErrorFormatter(parameterError as never);
  scope.setErrorHandler(apiErrorHandler);
}
