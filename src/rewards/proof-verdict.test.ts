import { notAPhotoReason, objectVerdict, loadProofObjects } from './proof-verdict';

const objects = { minScore: 0.25, categories: { 생수: ['bottle'], 커피: ['bottle', 'cup'] } };
const bottle = (score: number) => ({
  label: 'bottle',
  score,
  box: [0.1, 0.1, 0.4, 0.9] as [number, number, number, number],
});

describe('objectVerdict', () => {
  test('a bottle at or above the minimum score accepts a bottled-water proof', () => {
    expect(objectVerdict('생수', [bottle(0.3)], objects)).toMatchObject({
      status: 'accepted',
      verdict: 'object_found',
      match: { label: 'bottle' },
    });
  });
  test('no wanted object, or one below the score, rejects it', () => {
    expect(objectVerdict('생수', [bottle(0.2), { ...bottle(0.9), label: 'dog' }], objects)).toEqual({
      status: 'rejected',
      verdict: 'object_missing',
      wanted: ['bottle'],
    });
    expect(objectVerdict('생수', [], objects).status).toBe('rejected');
  });
  test('any listed object counts for a category that allows several', () => {
    expect(objectVerdict('커피', [{ ...bottle(0.5), label: 'cup' }], objects).status).toBe('accepted');
  });
  test('when the detector did not run, or the category has no object to look for, the proof waits for an operator', () => {
    expect(objectVerdict('생수', null, objects)).toEqual({
      status: 'pending_review',
      verdict: 'detector_unavailable',
      wanted: ['bottle'],
    });
    expect(objectVerdict('과자', [bottle(0.9)], objects)).toEqual({
      status: 'pending_review',
      verdict: 'category_unchecked',
      wanted: [],
    });
  });
  test('the shipped table maps the drink categories to bottles', () => {
    const shipped = loadProofObjects();
    expect(shipped.categories['생수']).toContain('bottle');
    expect(shipped.minScore).toBeGreaterThan(0);
  });
});

describe('notAPhotoReason', () => {
  const rules = { minSide: 200, minEntropy: 3 };
  test('a camera-sized, textured picture is a photo', () => {
    expect(notAPhotoReason({ width: 4032, height: 3024, format: 'jpeg', entropy: 7.1 }, rules)).toBeNull();
  });
  test('a thumbnail or a solid fill is not', () => {
    expect(notAPhotoReason({ width: 16, height: 16, format: 'jpeg', entropy: 6 }, rules)).toMatch(/at least 200 px/);
    expect(notAPhotoReason({ width: 800, height: 600, format: 'png', entropy: 0.2 }, rules)).toMatch(/uniform/);
  });
});
