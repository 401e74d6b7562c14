import { describe, expect, it } from 'vitest';
import { parseLabelingConfig } from '../config';
import { checkAudioResults } from '../validate/audio-extent';
import { validatePrediction } from '../validate';
import { audioChoicesResult, audioRegionResults, audioTranscriptResult } from './audio-regions';
import { createIdGenerator } from './ids';
import { makePrediction } from './prediction';

const config = parseLabelingConfig(`<View>
  <AudioPlus name="audio" value="$audio"/>
  <Labels name="speech" toName="audio"><Label value="Speech"/><Label value="Noise"/></Labels>
  <TextArea name="transcription" toName="audio" perRegion="true" rows="2"/>
  <TextArea name="summary" toName="audio"/>
  <Choices name="sound" toName="audio"><Choice value="Dog"/><Choice value="Cat"/></Choices>
</View>`);

const regions = [
  { start: 1.42, end: 4.21, label: 'Speech', score: 0.93, text: 'Hello world.', textScore: 0.8 },
  { start: 6.1, end: 9.5, label: 'Speech', score: 0.97 },
  { start: 3, end: 3, label: 'Speech' }, // empty: dropped
];

describe('audio region results', () => {
  const results = audioRegionResults(
    regions,
    {
      labels: { fromName: 'speech', toName: 'audio' },
      regionText: { fromName: 'transcription', toName: 'audio' },
    },
    createIdGenerator('t0'),
  );

  it('writes segments in seconds on channel 0, the transcript linked by id with the same start/end', () => {
    expect(results).toEqual([
      {
        id: 't0_0',
        from_name: 'speech',
        to_name: 'audio',
        type: 'labels',
        value: { start: 1.42, end: 4.21, channel: 0, labels: ['Speech'] },
        score: 0.93,
      },
      {
        id: 't0_0',
        from_name: 'transcription',
        to_name: 'audio',
        type: 'textarea',
        value: { start: 1.42, end: 4.21, channel: 0, text: ['Hello world.'] },
        score: 0.8,
      },
      {
        id: 't0_1',
        from_name: 'speech',
        to_name: 'audio',
        type: 'labels',
        value: { start: 6.1, end: 9.5, channel: 0, labels: ['Speech'] },
        score: 0.97,
      },
    ]);
  });

  it('validates strictly with a whole-file transcript and sound classes beside it', () => {
    const all = [
      ...results,
      audioTranscriptResult({ fromName: 'summary', toName: 'audio' }, 't0_s', 'Hello world.'),
      audioChoicesResult({ fromName: 'sound', toName: 'audio' }, 't0_c', ['Dog'], 0.7),
    ];
    const prediction = makePrediction(all, 'silero-vad@x', 0.9);
    expect(validatePrediction(prediction, config)).toEqual([]);
    expect(checkAudioResults(all, { durationSeconds: 11 })).toEqual([]);
  });

  it('the strict validator rejects a label the config lacks; the audio check a segment past the end or a moved transcript', () => {
    const bad = audioRegionResults(
      [{ start: 1, end: 12.5, label: 'Music', text: 'la' }],
      {
        labels: { fromName: 'speech', toName: 'audio' },
        regionText: { fromName: 'transcription', toName: 'audio' },
      },
      createIdGenerator('b'),
    );
    expect(validatePrediction(makePrediction(bad, 'v'), config).map((i) => i.message)).toEqual([
      expect.stringMatching(/Music/),
    ]);
    expect(checkAudioResults(bad, { durationSeconds: 11 }).map((i) => i.message)).toEqual([
      'result 0 (from_name "speech"): value.end 12.5 s is past the end of the audio (11 s)',
    ]);
    const moved = [bad[0]!, { ...bad[1]!, value: { ...bad[1]!.value, start: 2 } }];
    expect(checkAudioResults(moved).map((i) => i.message)).toEqual([
      expect.stringMatching(
        /shares id "b_0" with the segment of result 0 but has start\/end 2\/12.5 instead of 1\/12.5/,
      ),
    ]);
  });
});
