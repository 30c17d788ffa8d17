/** The device's voice for a language, for "Listen to this page" (use-speech.ts loads this when first asked). */

/** How long to wait for the device to list its voices before saying there is none. */
const VOICES_WAIT_MS = 1500;

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
export function findVoice(language: string): Promise<SpeechSynthesisVoice | undefined> {
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
