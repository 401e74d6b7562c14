// The accepted range of each text-generation setting: what `prelabel predict`
// and `serve` check their flags against and what the app's fields allow.
export const GENERATION_LIMITS = {
  maxNewTokens: { min: 1, max: 100_000 },
  seed: { min: 0, max: 2 ** 31 },
  topK: { min: 0, max: 100_000 },
  topP: { min: 0.000001, max: 1 },
  temperature: { min: 0.000001, max: 100 },
} as const;

export type GenerationLimitKey = keyof typeof GENERATION_LIMITS;
