export { HttpServer, readJsonBody, sendJson } from './HttpServer.js';
export type { MountHandler, RouteHandler } from './HttpServer.js';
export { mountParameterApi, sendError } from './parameterApi.js';
