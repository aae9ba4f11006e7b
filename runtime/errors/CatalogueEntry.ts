/** One documented error code: a one-line meaning in English and Mandarin. */
export interface CatalogueEntry {
  readonly en: string;
  readonly zh: string;
}
