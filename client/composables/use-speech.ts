/**
 * "Listen to this page": the browser's own speech synthesis reads the main
 * content in the chosen language, where the device has a voice for it. No text
 * leaves the device.
 */
import { onScopeDispose, ref } from 'vue';

export function useSpeech() {
  // Rendered at build time with the button, which nearly every browser keeps (its HTML is hydrated as it is).
  const supported = typeof window === 'undefined' || 'speechSynthesis' in window;
  const speaking = ref(false);
  const noVoice = ref(false);
  /** Counts presses of "Listen" and "Stop", so a late answer about the voices is dropped. */
  let requests = 0;

  function stop() {
    requests++;
    if (supported) window.speechSynthesis.cancel();
    speaking.value = false;
  }

  /** Reads the text of `element` aloud in `language`; says so if there is no voice for it. */
  async function speak(element: HTMLElement | null, language: string) {
    if (!supported || !element) return;
    stop();
    const asked = ++requests;
    // Loaded when first asked for: most visits never use it.
    const { findVoice } = await import('../lib/speech-voices.ts');
    const voice = await findVoice(language);
    // Pressed again, or stopped, while waiting for the voices: this request is over.
    if (asked !== requests) return;
    noVoice.value = !voice;
    if (!voice) return;
    const utterance = new SpeechSynthesisUtterance(element.innerText);
    utterance.lang = voice.lang;
    utterance.voice = voice;
    utterance.onend = () => {
      speaking.value = false;
    };
    utterance.onerror = () => {
      speaking.value = false;
    };
    speaking.value = true;
    window.speechSynthesis.speak(utterance);
  }

  onScopeDispose(stop);
  return { supported, speaking, noVoice, speak, stop };
}
