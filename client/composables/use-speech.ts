/**
 * "Listen to this page": the browser's own speech synthesis reads the main
 * content in the chosen language, where the device has a voice for it. No text
 * leaves the device.
 */
import { onScopeDispose, ref } from 'vue';

/** How long to wait for the device to list its voices before saying there is none. */
const VOICES_WAIT_MS = 1500;

export function useSpeech() {
  // Rendered at build time with the button, which nearly every browser keeps (its HTML is hydrated as it is).
  const supported = typeof window === 'undefined' || 'speechSynthesis' in window;
  const speaking = ref(false);
  const noVoice = ref(false);
  /** Counts presses of "Listen" and "Stop", so a late answer about the voices is dropped. */
  let requests = 0;

  function voiceFor(language: string): SpeechSynthesisVoice | undefined {
    const voices = window.speechSynthesis.getVoices();
    return (
      voices.find((v) => v.lang.toLowerCase() === language.toLowerCase()) ??
      voices.find((v) => v.lang.toLowerCase().startsWith(`${language.toLowerCase()}-`))
    );
  }

  /**
   * The voice for `language`. Chrome lists its voices a moment after the page
   * loads (an empty list until `voiceschanged`), so an empty or voiceless list
   * is given a short while to fill before deciding there is no voice.
   */
  function findVoice(language: string): Promise<SpeechSynthesisVoice | undefined> {
    const now = voiceFor(language);
    if (now) return Promise.resolve(now);
    return new Promise((resolve) => {
      const synth = window.speechSynthesis;
      const done = () => {
        clearTimeout(timer);
        synth.removeEventListener('voiceschanged', changed);
        resolve(voiceFor(language));
      };
      const changed = () => {
        if (voiceFor(language)) done();
      };
      const timer = setTimeout(done, VOICES_WAIT_MS);
      synth.addEventListener('voiceschanged', changed);
    });
  }

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
