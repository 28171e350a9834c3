/** Data kinds: placeholder, completed in the data-kinds step. */
export type DataValues = Partial<Record<string, string | number | boolean>>;
