export { textGenerationFamily } from './family';
export type { GenerationSettings } from './family';
export { generate } from './generate';
export type { GenerateOptions, Generation, LmTokenizer } from './generate';
export { openTextGenerator } from './generator';
export { pickLmPackage } from './package-files';
export { dialoguePrompt, fillTemplate, PromptError } from '../shared/prompt';
