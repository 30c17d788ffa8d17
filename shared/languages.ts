/** The languages a resident can choose. The one in use goes with the complaint, so letters and emails can follow it. */
export const LANGUAGES = ['en'] as const;
export type Language = (typeof LANGUAGES)[number];
