/** A text-size setting that persists on the device, as a class on <html> (CSS scales everything in rem). */
import { ref, watch } from 'vue';

export const TEXT_SIZES = ['standard', 'large', 'largest'] as const;
export type TextSize = (typeof TEXT_SIZES)[number];
const STORAGE_KEY = 'complaints:text-size';

function saved(): TextSize {
  try {
    const value = localStorage.getItem(STORAGE_KEY);
    return (TEXT_SIZES as readonly string[]).includes(value ?? '') ? (value as TextSize) : 'standard';
  } catch {
    return 'standard';
  }
}

export const textSize = ref<TextSize>(saved());

function apply(size: TextSize) {
  if (typeof document === 'undefined') return; // rendered at build time: nothing to apply
  for (const name of TEXT_SIZES) document.documentElement.classList.toggle(`text-size-${name}`, name === size);
}

/** Applies the saved size now and whenever it changes. */
export function useTextSize() {
  apply(textSize.value);
  watch(textSize, (size) => {
    apply(size);
    try {
      localStorage.setItem(STORAGE_KEY, size);
    } catch {
      // Not remembered without storage; still applied for this visit.
    }
  });
  return textSize;
}
