export { buildServer, type WebOptions } from './server.ts';
