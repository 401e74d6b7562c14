// The voice-activity family: 16 kHz mono chunks → speech segments, for
// `<Labels>` regions on `<Audio>`/`<AudioPlus>`. Packages: a folder whose
// manifest.json has family audio-vad (the built-in `silero-vad` the install
// step copies from @ricky0123/vad-web); the model is told apart as Silero v4
// or v5/v6 by its input names when it opens.
import type { PackageFamily } from '../types';
import { detectSpeech } from './detect-speech';
import { createSileroStepper, sileroKindOf } from './silero-model';
import { checkSegmentRules, DEFAULT_SEGMENT_RULES, type SegmentRules } from './speech-segments';

/** Seconds of audio decoded at a time: the VAD streams, so this only bounds memory. */
const CHUNK_SECONDS = 30;

const RULE_KEYS = ['threshold', 'minSpeechSeconds', 'minSilenceSeconds', 'padSeconds'] as const;

/** The manifest's `decode` rules over the defaults (unknown keys ignored, bad values named). */
function rulesOf(decode: unknown): SegmentRules {
  const rules: SegmentRules = { ...DEFAULT_SEGMENT_RULES };
  const given = (typeof decode === 'object' && decode !== null ? decode : {}) as Record<
    string,
    unknown
  >;
  for (const key of RULE_KEYS) {
    const value = given[key];
    if (value === undefined) continue;
    if (typeof value !== 'number') throw new Error(`manifest.json: decode.${key} must be a number`);
    rules[key] = value;
  }
  checkSegmentRules(rules);
  return rules;
}

export const audioVadFamily: PackageFamily<'audio', 'regions', SegmentRules> = {
  kind: 'package',
  id: 'audio-vad',
  displayName: 'Voice activity (Silero VAD v4/v5/v6)',
  modality: 'audio',
  resultKind: 'regions',
  builtins: [],
  expects: 'a voice-activity model (manifest.json of family audio-vad naming a Silero VAD .onnx)',
  recognise({ json }) {
    const manifest = json['manifest.json'] as { family?: unknown; file?: unknown } | undefined;
    if (manifest?.family !== 'audio-vad') return null;
    if (typeof manifest.file !== 'string') throw new Error('manifest.json: "file" is missing');
    const id = (manifest as { id?: unknown }).id;
    return {
      reason: 'manifest.json of family audio-vad',
      model: manifest.file,
      ...(typeof id === 'string' ? { id } : {}),
      settings: rulesOf((manifest as { decode?: unknown }).decode),
    };
  },
  async open(openSession, _read, match) {
    const session = await openSession(match.model);
    const names = {
      inputNames: session.io.inputs.map((i) => i.name),
      outputNames: session.io.outputs.map((o) => o.name),
    };
    const kind = sileroKindOf(names);
    return {
      classNames: ['speech'],
      async predict(audio) {
        // A fresh recurrent state per file.
        const stepper = createSileroStepper((feeds) => session.run(feeds), kind);
        const { segments, durationSeconds } = await detectSpeech(
          audio.chunks(CHUNK_SECONDS),
          stepper,
          match.settings,
        );
        const candidates = segments.map((s) => ({ ...s, classIndex: 0 }));
        return { candidates, raw: { segments, durationSeconds } };
      },
    };
  },
};
