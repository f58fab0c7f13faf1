// The object particle that fits a word: 을 after a final consonant, 를 after a vowel (hangul-js knows which).
// A word that does not end in Hangul (Butter, 2002) keeps both forms: its reading decides, and we do not guess it.
export function objectParticle(word) {
  const last = String(word || '').trim().slice(-1);
  const H = window.Hangul;
  if (!H || !/[가-힣]/.test(last)) return '을(를)';
  return H.endsWithConsonant(last) ? '을' : '를';
}

/** The word with its object particle: 밤편지를, 좋은 날을. */
export const withObject = (word) => `${word}${objectParticle(word)}`;
