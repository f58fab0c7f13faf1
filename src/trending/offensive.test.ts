import { isOffensive } from './offensive';

describe('isOffensive', () => {
  test.each(['씨발', '씨발 노래', '씨 발', '개새끼', '병신같은', 'ㅅ.ㅂ'])('flags %s', (q) => {
    expect(isOffensive(q)).toBe(true);
  });

  test.each(['너의 의미', '무라벨 생수', '좋은날', '시발점', '앰프 추천', '새끼손가락', '라벨프리 탄산수'])(
    'lets %s through',
    (q) => {
      expect(isOffensive(q)).toBe(false);
    },
  );
});
