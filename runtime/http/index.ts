export { HttpServer, sendJson } from './HttpServer.js';
export type { RouteHandler } from './HttpServer.js';
