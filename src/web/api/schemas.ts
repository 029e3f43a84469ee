// Schema pieces the API's routes share.

/** A value of this JSON type, or null. */
export function nullable<T extends string>(type: T): { type: [T, 'null'] } {
  return { type: [type, 'null'] };
}

/**
 * A numeric id in the path. Kept a string: each route checks it and answers
 * its own `bad_id`, as it did before it had a schema.
 */
export const idParams = {
  type: 'object',
  properties: { id: { type: 'string' } },
  required: ['id'],
} as const;
