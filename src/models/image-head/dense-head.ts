// An image head as a predictor: the backbone's features of the image, the
// dense head's probabilities, every class as a candidate with the margin and
// entropy of the distribution (the same candidates an ONNX classifier gives).
import { predictDense } from '../../learn/dense-classifier';
import type { DenseHead } from '../../learn/head';
import type { ImageFeatureSource } from '../shared/image-features';
import { classCandidates } from '../shared/probabilities';
import type { PackagePredictor, RgbaImage, ScoreCandidate } from '../types';

export function openDenseHead(
  head: DenseHead,
  backbone: ImageFeatureSource,
): PackagePredictor<RgbaImage, ScoreCandidate> {
  return {
    classNames: head.labels,
    async predict(image) {
      const features = await backbone.features(image);
      const probabilities = Float32Array.from(predictDense(head, features).probabilities);
      return { candidates: classCandidates(probabilities), raw: probabilities };
    },
  };
}
