/**
 * "Listen to this page": the browser's own speech synthesis reads the main
 * content in the chosen language, where the device has a voice for it. No text
 * leaves the device.
 */
import { onScopeDispose, ref } from 'vue';

export function useSpeech() {
  const supported = typeof window !== 'undefined' && 'speechSynthesis' in window;
  const speaking = ref(false);
  const noVoice = ref(false);

  function voiceFor(language: string): SpeechSynthesisVoice | undefined {
    const voices = window.speechSynthesis.getVoices();
    return (
      voices.find((v) => v.lang.toLowerCase() === language.toLowerCase()) ??
      voices.find((v) => v.lang.toLowerCase().startsWith(`${language.toLowerCase()}-`))
    );
  }

  function stop() {
    if (supported) window.speechSynthesis.cancel();
    speaking.value = false;
  }

  /** Reads the text of `element` aloud in `language`; says so if there is no voice for it. */
  function speak(element: HTMLElement | null, language: string) {
    if (!supported || !element) return;
    stop();
    const voice = voiceFor(language);
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
