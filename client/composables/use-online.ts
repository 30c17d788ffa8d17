/** Whether the browser says it is online, kept up to date. */
import { onScopeDispose, ref, type Ref } from 'vue';

export function useOnline(): Ref<boolean> {
  // The build renders pages online (client/entry-server.ts).
  if (typeof window === 'undefined') return ref(true);
  const online = ref(navigator.onLine);
  const update = () => {
    online.value = navigator.onLine;
  };
  window.addEventListener('online', update);
  window.addEventListener('offline', update);
  onScopeDispose(() => {
    window.removeEventListener('online', update);
    window.removeEventListener('offline', update);
  });
  return online;
}
