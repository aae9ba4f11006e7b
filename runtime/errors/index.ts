export { KindredError, isKindredError, show } from './KindredError.js';
export type { ErrorContext } from './KindredError.js';
export { errorCatalogue, describeCode, allCodes } from './codes.js';
export type { ErrorCode, ErrorModule } from './codes.js';
export type { CatalogueEntry } from './CatalogueEntry.js';
