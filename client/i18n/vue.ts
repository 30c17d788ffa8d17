/**
 * `useTranslation()` for components: `t` reads the reactive language and
 * strings (client/i18n/index.ts), so a template re-renders when either
 * changes. The build resolves `i18next-vue` here (vite.config.ts), so the
 * components keep their import.
 */
import { i18n } from './index.ts';
import type { TranslateOptions } from './translate.ts';

const t = (key: string | readonly string[], options?: TranslateOptions) => i18n.t(key, options);

export function useTranslation() {
  return { t, i18next: i18n };
}
