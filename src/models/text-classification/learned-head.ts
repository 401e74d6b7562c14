// A head trained by `prelabel train` (src/learn: hashed TF-IDF + logistic
// regression) as a text classifier: the same candidates as an ONNX classifier,
// so `prelabel predict --model head.json` fills <Choices> like any model.
import { predictText, type TextHead } from '../../learn';
import type { PackagePredictor } from '../types';
import type { TextClassCandidate } from './classifier';
import { classCandidates } from '../shared/probabilities';

export function openLearnedHead(head: TextHead): PackagePredictor<string, TextClassCandidate> {
  return {
    classNames: head.labels,
    async predict(text) {
      const probabilities = Float32Array.from(predictText(head, text).probabilities);
      return { candidates: classCandidates(probabilities), raw: probabilities };
    },
  };
}
