// The Hangul reading of Japanese written in kana (アイドル -> 아이도루, あいみょん -> 아이묭), the way Korean karaoke
// books and fans write Japanese titles. Kanji have no reading without a dictionary: text with kanji gets none.
import { composeSyllable, isSyllable } from './hangul';

// katakana (hiragana is folded onto it first) -> initial consonant + medial, in the popular style: カ 카, タ 타 at a
// word's start too (the standard rules' 가/다 there is the second reading), ツ 츠, ス 스, ズ 즈
const KANA: Record<string, [string, string]> = {
  ア: ['ㅇ', 'ㅏ'],
  イ: ['ㅇ', 'ㅣ'],
  ウ: ['ㅇ', 'ㅜ'],
  エ: ['ㅇ', 'ㅔ'],
  オ: ['ㅇ', 'ㅗ'],
  カ: ['ㅋ', 'ㅏ'],
  キ: ['ㅋ', 'ㅣ'],
  ク: ['ㅋ', 'ㅜ'],
  ケ: ['ㅋ', 'ㅔ'],
  コ: ['ㅋ', 'ㅗ'],
  ガ: ['ㄱ', 'ㅏ'],
  ギ: ['ㄱ', 'ㅣ'],
  グ: ['ㄱ', 'ㅜ'],
  ゲ: ['ㄱ', 'ㅔ'],
  ゴ: ['ㄱ', 'ㅗ'],
  サ: ['ㅅ', 'ㅏ'],
  シ: ['ㅅ', 'ㅣ'],
  ス: ['ㅅ', 'ㅡ'],
  セ: ['ㅅ', 'ㅔ'],
  ソ: ['ㅅ', 'ㅗ'],
  ザ: ['ㅈ', 'ㅏ'],
  ジ: ['ㅈ', 'ㅣ'],
  ズ: ['ㅈ', 'ㅡ'],
  ゼ: ['ㅈ', 'ㅔ'],
  ゾ: ['ㅈ', 'ㅗ'],
  タ: ['ㅌ', 'ㅏ'],
  チ: ['ㅊ', 'ㅣ'],
  ツ: ['ㅊ', 'ㅡ'],
  テ: ['ㅌ', 'ㅔ'],
  ト: ['ㅌ', 'ㅗ'],
  ダ: ['ㄷ', 'ㅏ'],
  ヂ: ['ㅈ', 'ㅣ'],
  ヅ: ['ㅈ', 'ㅡ'],
  デ: ['ㄷ', 'ㅔ'],
  ド: ['ㄷ', 'ㅗ'],
  ナ: ['ㄴ', 'ㅏ'],
  ニ: ['ㄴ', 'ㅣ'],
  ヌ: ['ㄴ', 'ㅜ'],
  ネ: ['ㄴ', 'ㅔ'],
  ノ: ['ㄴ', 'ㅗ'],
  ハ: ['ㅎ', 'ㅏ'],
  ヒ: ['ㅎ', 'ㅣ'],
  フ: ['ㅎ', 'ㅜ'],
  ヘ: ['ㅎ', 'ㅔ'],
  ホ: ['ㅎ', 'ㅗ'],
  バ: ['ㅂ', 'ㅏ'],
  ビ: ['ㅂ', 'ㅣ'],
  ブ: ['ㅂ', 'ㅜ'],
  ベ: ['ㅂ', 'ㅔ'],
  ボ: ['ㅂ', 'ㅗ'],
  パ: ['ㅍ', 'ㅏ'],
  ピ: ['ㅍ', 'ㅣ'],
  プ: ['ㅍ', 'ㅜ'],
  ペ: ['ㅍ', 'ㅔ'],
  ポ: ['ㅍ', 'ㅗ'],
  マ: ['ㅁ', 'ㅏ'],
  ミ: ['ㅁ', 'ㅣ'],
  ム: ['ㅁ', 'ㅜ'],
  メ: ['ㅁ', 'ㅔ'],
  モ: ['ㅁ', 'ㅗ'],
  ヤ: ['ㅇ', 'ㅑ'],
  ユ: ['ㅇ', 'ㅠ'],
  ヨ: ['ㅇ', 'ㅛ'],
  ラ: ['ㄹ', 'ㅏ'],
  リ: ['ㄹ', 'ㅣ'],
  ル: ['ㄹ', 'ㅜ'],
  レ: ['ㄹ', 'ㅔ'],
  ロ: ['ㄹ', 'ㅗ'],
  ワ: ['ㅇ', 'ㅗㅏ'],
  ヰ: ['ㅇ', 'ㅣ'],
  ヱ: ['ㅇ', 'ㅔ'],
  ヲ: ['ㅇ', 'ㅗ'],
  ヴ: ['ㅂ', 'ㅜ'],
};
// small kana change the syllable before: キャ 캬, ティ 티, ウィ 위, ファ 파
const SMALL_Y: Record<string, string> = { ャ: 'ㅑ', ュ: 'ㅠ', ョ: 'ㅛ' };
const SMALL_VOWEL: Record<string, string> = { ァ: 'ㅏ', ィ: 'ㅣ', ゥ: 'ㅜ', ェ: 'ㅔ', ォ: 'ㅗ' };
// after ウ a small vowel makes a w-diphthong (ウィ 위, ウォ 워); フ before one is the English f (ファ 파, フォ 포)
const AFTER_U: Record<string, string> = { ㅏ: 'ㅗㅏ', ㅣ: 'ㅜㅣ', ㅔ: 'ㅜㅔ', ㅗ: 'ㅜㅓ' };
// ㅈ/ㅊ already say the y-glide: ジャ 자, チョ 초
const PLAIN_Y: Record<string, string> = { ㅑ: 'ㅏ', ㅠ: 'ㅜ', ㅛ: 'ㅗ' };
// the standard rules write a voiceless consonant plain at a word's start (カケル 가케루)
const PLAIN_INITIAL: Record<string, string> = { ㅋ: 'ㄱ', ㅌ: 'ㄷ', ㅊ: 'ㅈ', ㅍ: 'ㅂ' };

const HIRAGANA = /[\u3041-\u3096]/g;
const KANA_CHAR = /[\u30a1-\u30fa\u30fc]/;
const KANJI = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3005]/;

interface Mora {
  initial: string;
  medial: string;
  final: string;
  wordStart: boolean;
}

/**
 * Hangul readings of kana text, the popular one first (アイドル -> 아이도루, カケル -> 카케루), then the standard
 * rules' (가케루) and a word-final ン heard as ㅇ (あいみょん 아이묜 / 아이묭) when they differ; other characters
 * (Latin, digits, spaces) stay. Empty when the text has no kana or has kanji.
 */
export function kanaReadings(text: string): string[] {
  const s = text.normalize('NFKC').replace(HIRAGANA, (ch) => String.fromCharCode(ch.charCodeAt(0) + 0x60));
  if (!KANA_CHAR.test(s) || KANJI.test(s)) return [];
  const out: Array<Mora | string> = [];
  const lastMora = () => {
    const m = out[out.length - 1];
    return typeof m === 'object' ? m : undefined;
  };
  let wordStart = true;
  for (const ch of s) {
    const prev = lastMora();
    if (KANA[ch]) {
      const [initial, medial] = KANA[ch];
      out.push({ initial, medial, final: '', wordStart });
    } else if (SMALL_Y[ch] && prev) {
      prev.medial = prev.initial === 'ㅈ' || prev.initial === 'ㅊ' ? PLAIN_Y[SMALL_Y[ch]] : SMALL_Y[ch];
    } else if (SMALL_VOWEL[ch] && prev) {
      const small = SMALL_VOWEL[ch];
      if (prev.initial === 'ㅇ' && prev.medial === 'ㅜ') prev.medial = AFTER_U[small] ?? small;
      else {
        if (prev.initial === 'ㅎ' && prev.medial === 'ㅜ') prev.initial = 'ㅍ';
        prev.medial = small;
      }
    } else if ((ch === 'ン' || ch === 'ッ') && prev && !prev.final) {
      prev.final = ch === 'ン' ? 'ㄴ' : 'ㅅ';
    } else if (ch === 'ー' || ch === 'ン' || ch === 'ッ' || SMALL_Y[ch] || SMALL_VOWEL[ch]) {
      // a long-vowel mark, or a mark with no syllable before it: not read
    } else {
      out.push(ch);
      wordStart = !/[\p{L}\p{N}]/u.test(ch);
      continue;
    }
    wordStart = false;
  }
  const wordEnds = (i: number) => typeof out[i + 1] !== 'object';
  const write = (standard: boolean, finalNg: boolean) =>
    out
      .map((m, i) =>
        typeof m === 'string'
          ? m
          : composeSyllable({
              initial: standard && m.wordStart ? (PLAIN_INITIAL[m.initial] ?? m.initial) : m.initial,
              medial: m.medial,
              final: finalNg && m.final === 'ㄴ' && wordEnds(i) ? 'ㅇ' : m.final,
            }),
      )
      .join('');
  return [...new Set([write(false, false), write(true, false), write(false, true)])].filter((r) =>
    [...r].some(isSyllable),
  );
}
