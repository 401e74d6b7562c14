// Classes from a clip embedding with a linear head (weights from the learner:
// one row per class), softmax probabilities; the top class becomes a
// `Choices` answer on the `<Audio>`.

export interface LinearHead {
  classNames: string[];
  /** [classes][features] */
  weights: number[][];
  bias: number[];
}

export interface ClassScore {
  classIndex: number;
  label: string;
  score: number;
}

export function checkHead(head: LinearHead, features: number): void {
  if (
    head.weights.length !== head.classNames.length ||
    head.bias.length !== head.classNames.length
  ) {
    throw new Error(
      `audio classifier head: ${head.classNames.length} classes but ${head.weights.length} weight rows and ${head.bias.length} biases`,
    );
  }
  const bad = head.weights.findIndex((row) => row.length !== features);
  if (bad >= 0) {
    throw new Error(
      `audio classifier head: class "${head.classNames[bad]}" has ${head.weights[bad]!.length} weights, the embedding ${features} values`,
    );
  }
}

/** Classes sorted by probability, highest first. */
export function classify(head: LinearHead, embedding: Float32Array): ClassScore[] {
  checkHead(head, embedding.length);
  const logits = head.weights.map((row, c) =>
    row.reduce((sum, w, i) => sum + w * embedding[i]!, head.bias[c]!),
  );
  const max = Math.max(...logits);
  const exp = logits.map((l) => Math.exp(l - max));
  const total = exp.reduce((a, b) => a + b, 0);
  return exp
    .map((e, classIndex) => ({ classIndex, label: head.classNames[classIndex]!, score: e / total }))
    .sort((a, b) => b.score - a.score);
}
