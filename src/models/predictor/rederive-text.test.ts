// New thresholds and mappings after a text run, from the kept raw form (every
// span with its score, every class probability), equal a fresh run's
// prediction under those settings: no model run.
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { parseLabelingConfig } from '../../core/config';
import { fixturesPresent } from '../../../test/require-fixtures';
import { openPackagePath } from './node-package';
import { openBuiltinPackage, type OpenedPackageModel } from './open-package';
import {
  predictTextTask,
  rederiveTextTask,
  textRawOf,
  textTargetOf,
  type TextRunSettings,
} from './predict-text';

function settingsWith(
  model: OpenedPackageModel,
  xml: string,
  mapping: Record<string, string | null>,
  threshold: number,
): TextRunSettings {
  const config = parseLabelingConfig(xml);
  const target = textTargetOf(model, config);
  target.mapping = { ...target.mapping, ...mapping };
  return { config, target, modelVersion: 'm@test', threshold };
}

async function sameAsFreshRun(
  model: OpenedPackageModel,
  task: { index: number; data: Record<string, unknown> },
  before: TextRunSettings,
  after: TextRunSettings,
) {
  const first = await predictTextTask(model, task, before);
  const raw = textRawOf(model.resultKind, first.raw);
  expect(raw).not.toBeNull();
  // the journal stores it by structured clone: plain data only
  const kept = structuredClone(raw!);
  const rederived = rederiveTextTask(model.predictor.classNames, kept, task, after);
  const fresh = await predictTextTask(model, task, after);
  expect(rederived.issues).toEqual([]);
  expect(rederived.prediction).toEqual(fresh.prediction);
  return { first: first.prediction, rederived: rederived.prediction };
}

describe('rederiveTextTask', () => {
  it('spans on a <HyperText>: a new mapping drops and renames spans as a fresh run would', async () => {
    const model = (await openBuiltinPackage('builtin-entities'))!;
    const xml = `<View><HyperText name="page" value="$html"/>
      <HyperTextLabels name="ner" toName="page"><Label value="PER"/><Label value="LOC"/><Label value="Who"/></HyperTextLabels></View>`;
    const task = {
      index: 0,
      data: { html: '<p><b>Barack Obama</b> visited Paris with Angela Merkel.</p>' },
    };
    const { first, rederived } = await sameAsFreshRun(
      model,
      task,
      settingsWith(model, xml, { Person: 'PER', Place: 'LOC' }, 0),
      settingsWith(model, xml, { Person: 'Who', Place: null }, 0),
    );
    const labels = (p: typeof first) =>
      p.result.map((r) => [r.value['text'], (r.value['hypertextlabels'] as string[])[0]]);
    expect(labels(first)).toEqual([
      ['Barack Obama', 'PER'],
      ['Paris', 'LOC'],
      ['Angela Merkel', 'PER'],
    ]);
    expect(labels(rederived)).toEqual([
      ['Barack Obama', 'Who'],
      ['Angela Merkel', 'Who'],
    ]);
  });

  const MODELS = new URL('../../../../shared/models/', import.meta.url);
  const present = fixturesPresent(
    'the wl-news-topic-en classifier',
    new URL('wl-news-topic-en.onnx', MODELS),
  );
  const dirs: string[] = [];
  afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

  it.skipIf(!present)(
    'choices: a new threshold on the kept probabilities (multiple choice)',
    async () => {
      const dir = mkdtempSync(join(tmpdir(), 'prelabel-wl-rederive-'));
      dirs.push(dir);
      const models = fileURLToPath(MODELS);
      symlinkSync(join(models, 'wl-news-topic-en.onnx'), join(dir, 'm.onnx'));
      for (const f of ['labels.json', 'vocab.json'])
        symlinkSync(join(models, `labels/wl-news-topic-en.${f}`), join(dir, f));
      writeFileSync(
        join(dir, 'manifest.json'),
        JSON.stringify({
          family: 'text-classification',
          file: 'm.onnx',
          labels: 'labels.json',
          tokenizer: { scheme: 'word-vocab', vocab: 'vocab.json', maxLength: 30 },
        }),
      );
      const model = (await openPackagePath(dir))!;
      const names = model.predictor.classNames;
      const xml = `<View><Text name="text" value="$text"/><Choices name="topic" toName="text" choice="multiple">${names
        .map((c) => `<Choice value="${c}"/>`)
        .join('')}</Choices></View>`;
      const task = { index: 0, data: { text: 'Tech giant wins the football league title' } };
      const { first, rederived } = await sameAsFreshRun(
        model,
        task,
        settingsWith(model, xml, {}, 0.9),
        settingsWith(model, xml, {}, 1e-4), // the model is sure: the runner-up is near 2e-4
      );
      const chosen = (p: typeof first) => (p.result[0]?.value['choices'] as string[]) ?? [];
      expect(chosen(first)).toHaveLength(1);
      expect(chosen(rederived)).toHaveLength(2);
    },
  );
});
