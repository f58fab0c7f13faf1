// The object particle that fits a word: 을 after a final consonant (받침), 를 after a vowel. A precomposed syllable
// carries its 받침 in its code point, so no library is needed. A word that does not end in Hangul (Butter, 2002)
// keeps both forms: its reading decides, and we do not guess it.
const SYLLABLES = 0xac00;
const FINALS = 28; // each initial+vowel pair spans 28 code points: no final consonant, then the 27 finals

export function objectParticle(word) {
  const last = String(word || '')
    .trim()
    .slice(-1);
  if (!/[가-힣]/.test(last)) return '을(를)';
  return (last.charCodeAt(0) - SYLLABLES) % FINALS ? '을' : '를';
}

/** The word with its object particle: 밤편지를, 좋은 날을. */
export const withObject = (word) => `${word}${objectParticle(word)}`;
