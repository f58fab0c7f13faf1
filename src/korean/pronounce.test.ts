import {
  arpabetToHangul,
  loadCmuDictionary,
  pronounceLatin,
  pronunciationConsonantKey,
  pronunciationKey,
  pronunciationKeysOf,
  spellingToArpabet,
  wholePronunciationKeysOf,
} from './pronounce';

// the dictionary is loaded once for the whole file: loading it is the slow part
const dictionary = loadCmuDictionary();
const readings = (title: string) => pronounceLatin(title, dictionary);
const keysOf = (title: string) => readings(title).map(pronunciationKey);

describe('loadCmuDictionary', () => {
  it('holds the whole dictionary with every pronunciation of a word', () => {
    expect(dictionary.size).toBeGreaterThan(120_000);
    expect(dictionary.get('butter')).toEqual(['B AH1 T ER0']);
    expect(dictionary.get('to')!.length).toBeGreaterThan(1);
  });

  it('is loaded once and then reused', () => {
    expect(loadCmuDictionary()).toBe(dictionary);
  });
});

describe('arpabetToHangul follows the loanword rules', () => {
  it.each([
    ['K AE1 T', '캣'],
    ['B UH1 K', '북'],
    ['HH IH1 P', '힙'], // a final voiceless stop after a short vowel is a final consonant
    ['AE1 K T', '액트'],
    ['S T AE1 M P', '스탬프'],
    ['HH AY1 P', '하이프'], // ...but not after a long vowel or a consonant
    ['R EH1 D', '레드'],
    ['D AO1 G', '도그'],
    ['JH AE1 Z', '재즈'], // voiced stops and fricatives take 으
    ['HH AH0 L OW1', '헐로'],
    ['B L UW1', '블루'],
    ['S L AY1 D', '슬라이드'], // l between vowels or after a consonant doubles
    ['W ER1 L D', '월드'],
    ['HH AA1 R T', '하트'],
    ['K AA1 R', '카'], // r only before a vowel
    ['S IH1 NG ER0', '싱어'],
    ['L AO1 NG', '롱'],
    ['K W IY1 N', '퀸'],
    ['T W AY1 S', '트와이스'],
    ['W AA1 N T', '원트'],
    ['HH W AY1 T', '화이트'],
    ['Y UW1', '유'],
    ['K Y UW1 T', '큐트'],
    ['M Y UW1 Z IH0 K', '뮤직'],
    ['SH IY1', '시'],
    ['F IH1 SH', '피시'],
    ['SH AH0 N', '션'],
    ['K IY1 T S', '키츠'],
    ['K IH1 D Z', '키즈'],
    ['B R IH1 JH', '브리지'],
    ['CH IY1 Z', '치즈'],
  ])('%s -> %s', (arpabet, hangul) => {
    expect(arpabetToHangul(arpabet)).toBe(hangul);
  });

  it('writes final stops as final consonants in the colloquial style', () => {
    expect(arpabetToHangul('HH AY1 P', { finalStops: true })).toBe('하입');
  });

  it('ignores stress digits and unknown symbols', () => {
    expect(arpabetToHangul('B AH1 T ER0')).toBe(arpabetToHangul('B AH T ER ?'));
    expect(arpabetToHangul('')).toBe('');
  });
});

describe('pronounceLatin', () => {
  it.each([
    ['Butter', '버터'],
    ['How You Like That', '하우 유 라이크 댓'],
    ['Permission to Dance', '퍼미션 투 댄스'],
    ['Red Velvet', '레드 벨벳'],
    ['Dynamite', '다이너마이트'],
    ['Love Dive', '러브 다이브'],
    ['Hype Boy', '하이프 보이'],
    ['Hype Boy', '하입 보이'],
    ['Next Level', '넥스트 레벨'],
    ['Spring Day', '스프링 데이'],
    ['Fake Love', '페이크 러브'],
    ['Seven', '세븐'],
    ['Idol', '아이돌'],
    ['Drama', '드라마'],
    ['Celebrity', '셀레브리티'],
    ['Psycho', '사이코'],
    ['Queen', '퀸'],
    ['Twice', '트와이스'],
    ['Attention', '어텐션'],
    ['Feel Special', '필 스페셜'],
    ['Super Shy', '수퍼 샤이'],
    ['Pink Venom', '핑크 베놈'],
    ['Shut Down', '셧 다운'],
    ['Ice Cream', '아이스 크림'],
    ['Hello', '헬로'],
    ['Mic Drop', '믹 드롭'],
    ['Sorry Sorry', '소리 소리'],
    ['Kill This Love', '킬 디스 러브'],
    ['Bang Bang Bang', '뱅 뱅 뱅'],
    ['Call Me Baby', '콜 미 베이비'],
    ['Eleven', '일레븐'],
    ['Supernova', '수퍼노바'],
    ['Black Mamba', '블랙 맘바'],
    ['Cupid', '큐피드'],
    ['Fancy', '팬시'],
    ['Little', '리틀'],
    ['Apple', '애플'],
    ['Castle', '캐슬'],
    ['Purple', '퍼플'],
    ['Table', '테이블'],
    ['Whistle', '위슬'],
  ])('%s reads as %s', (title, hangul) => {
    expect(readings(title)).toContain(hangul);
  });

  it('puts the usual reading first and gives at most three', () => {
    expect(readings('Butter')[0]).toBe('버터');
    expect(readings('How You Like That')[0]).toBe('하우 유 라이크 댓');
    expect(readings('Dynamite').length).toBeLessThanOrEqual(3);
  });

  it('reads words the dictionary lacks from their spelling or as two dictionary words', () => {
    expect(readings('LALISA')).toContain('랄리사');
    expect(readings('aespa')).toContain('에스파');
    expect(readings('Lovesick Girls')[0]).toMatch(/^러브식 /);
  });

  it('reads words without vowels and short unknown words letter by letter', () => {
    expect(readings('BTS')).toEqual(['비티에스']);
    expect(readings('OMG')[0]).toBe('오엠지');
  });

  it('keeps capitals that are dictionary words as words', () => {
    expect(readings('After LIKE')[0]).toBe('애프터 라이크');
  });

  it('keeps digits, drops Hangul, and gives nothing without Latin words', () => {
    expect(readings('Love 2 Love')[0]).toBe('러브 2 러브');
    expect(readings('Dynamite (다이너마이트)')[0]).toBe(readings('Dynamite')[0]);
    expect(readings('사랑해')).toEqual([]);
    expect(readings('2002')).toEqual([]);
    expect(readings('')).toEqual([]);
  });

  it('handles apostrophes and full-width letters', () => {
    expect(readings("Don't")[0]).toBe(readings('dont')[0]);
    expect(readings('ＢＵＴＴＥＲ')[0]).toBe('버터');
  });
});

describe('spellingToArpabet', () => {
  it('reads digraphs and drops a silent final e', () => {
    expect(spellingToArpabet('lalisa')).toBe('L AA L IH S AA');
    expect(spellingToArpabet('shine')).toBe('SH IH N');
    expect(spellingToArpabet('ditto')).toBe('D IH T OW');
  });
});

describe('pronunciationKey', () => {
  it.each([
    ['하입', '하이프'],
    ['쉬', '시'],
    ['댄스', '댄쓰'],
    ['레드벨벳', '레드 벨벳'],
    ['헬로', '헤로'],
    ['키스', '키이스'],
    ['러브', '럽'],
    ['댓', '대트'],
    ['셰이프', '쉐이프'],
    ['챔피언', '쳄피언'],
    ['비디오', '비디오우'],
  ])('%s and %s meet', (a, b) => {
    expect(pronunciationKey(a)).toBe(pronunciationKey(b));
  });

  it.each([
    ['투', '트'],
    ['퍼미션 투 댄스', '퍼미션 트 댄스'],
    ['셀러브리티', '셀레브리티'],
  ])('%s and %s differ in a vowel: their consonant keys meet', (a, b) => {
    expect(pronunciationConsonantKey(a)).toBe(pronunciationConsonantKey(b));
  });

  it.each([
    ['버터', '버스'],
    ['러브', '라이브'],
    ['댄스', '덴마크'],
    ['퀸', '킹'],
  ])('%s and %s stay apart', (a, b) => {
    expect(pronunciationKey(a)).not.toBe(pronunciationKey(b));
  });

  it('makes what people write meet a generated reading', () => {
    expect(keysOf('Hype Boy')).toContain(pronunciationKey('하입보이'));
    expect(keysOf('Red Velvet')).toContain(pronunciationKey('레드벨벳'));
    expect(keysOf('How You Like That')).toContain(pronunciationKey('하우유라잌댓'));
    expect(keysOf('Permission to Dance')).toContain(pronunciationKey('퍼미션 투 댄쓰'));
    expect(keysOf('Butter')).toContain(pronunciationKey('버터'));
  });

  it('is empty for text without letters', () => {
    expect(pronunciationKey('!!')).toBe('');
  });
});

describe('pronunciationKeysOf and wholePronunciationKeysOf', () => {
  it.each([
    ['휘슬', 'WHISTLE'],
    ['위슬', 'Whistle'],
    ['화이트', 'White'],
    ['휠', 'Wheel'],
    ['리틀', 'Little'],
    ['애플', 'Apple'],
  ])('%s (ㅎ before a w-vowel, 을 for a final "le") meets a key of %s', (hangul, title) => {
    expect(pronunciationKeysOf(title)).toContain(pronunciationKey(hangul));
  });

  it.each([
    ['쉐입 오브 유', 'Shape of You'],
    ['업앤다운', 'Up & Down'],
    ['록 앤드 롤', 'Rock and Roll'],
  ])('%s (of and & written as spelled: 오브, 앤드) meets a key of %s', (hangul, title) => {
    expect(pronunciationKeysOf(title)).toContain(pronunciationKey(hangul));
  });

  it('gives the whole name only, so a title said whole is told from titles that start that way', () => {
    expect(wholePronunciationKeysOf('I AM')).toContain(pronunciationKey('아이 엠'));
    expect(wholePronunciationKeysOf('I Am The Best')).not.toContain(pronunciationKey('아이 엠'));
    expect(pronunciationKeysOf('I Am The Best').some((k) => k.startsWith(pronunciationKey('아이 엠')))).toBe(true);
    expect(wholePronunciationKeysOf('Butter')).toContain(pronunciationKey('버터'));
    expect(wholePronunciationKeysOf('Butterfly')).not.toContain(pronunciationKey('버터'));
    expect(wholePronunciationKeysOf('밤편지')).toEqual([]);
  });
});
