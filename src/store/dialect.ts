// The two databases Kysely speaks to here. A leaf module (it imports nothing)
// so that any store file, and the migration runner, can name the dialect
// without pulling in the connection code.
export type Dialect = 'sqlite' | 'postgres';
