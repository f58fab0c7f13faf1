// Pure decisions on a proof photo from what the worker found: is it a photo at all, and does it show the kind of
// object its product is (data/rewards/proof-objects.json). Unit-tested without images.
import fs from 'node:fs';
import { projectPath } from '../platform/paths';
import type { DecodedImage } from './photo-worker';
import type { Detection } from './object-detector';

export interface ProofObjects {
  minScore: number;
  categories: Record<string, string[]>;
}

export const loadProofObjects = (file = projectPath('data', 'rewards', 'proof-objects.json')): ProofObjects => {
  const raw = JSON.parse(fs.readFileSync(file, 'utf8'));
  return { minScore: Number(raw.minScore), categories: raw.categories };
};

export interface PhotoRules {
  minSide: number;
  minEntropy: number;
}

/** Why a decoded image is not a photo of something (too small, flat like a blank or a solid fill), or null. */
export function notAPhotoReason(d: DecodedImage, rules: PhotoRules): string | null {
  if (Math.min(d.width, d.height) < rules.minSide)
    return `the picture is ${d.width}x${d.height}: a proof photo is at least ${rules.minSide} px on its shorter side`;
  if (d.entropy < rules.minEntropy) return 'the picture is nearly uniform: upload a photo of the product';
  return null;
}

export type ObjectVerdict =
  | { status: 'accepted'; verdict: 'object_found'; match: Detection }
  | { status: 'rejected'; verdict: 'object_missing'; wanted: string[] }
  | { status: 'pending_review'; verdict: 'detector_unavailable' | 'category_unchecked'; wanted: string[] };

/** What the detections mean for a product of `category`. */
export function objectVerdict(category: string, detections: Detection[] | null, objects: ProofObjects): ObjectVerdict {
  const wanted = objects.categories[category] ?? [];
  if (!wanted.length) return { status: 'pending_review', verdict: 'category_unchecked', wanted };
  if (!detections) return { status: 'pending_review', verdict: 'detector_unavailable', wanted };
  const match = detections.find((d) => wanted.includes(d.label) && d.score >= objects.minScore);
  return match
    ? { status: 'accepted', verdict: 'object_found', match }
    : { status: 'rejected', verdict: 'object_missing', wanted };
}
