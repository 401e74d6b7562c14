// What `prelabel --help` and `prelabel <command> --help` print.
import { familyDefaultsText } from './family-defaults';
import { TOKEN_ENV } from './ls-args';

const PREDICT = `  prelabel predict --config C.xml --tasks T.json|DIR --model M.onnx|DIR|builtin-id --out OUT.json
                   [--labels F] [--family ultralytics|yolox|nanodet|classification|…] [--target NAME]
                   [--mask-form polygon|brush|both]
                   [--conf C] [--iou I] [--max-det N] [--map "cls=Label,other="]
                   [--model-version V] [--format tasks|predictions|annotations]
                   [--media-prefix URL] [--backend node|wasm] [--shard i/N]
  prelabel predict --config text.xml --tasks T.json|T.csv|T.txt --model builtin-entities|DIR|head.json --out OUT.json
                   [--conf C] [--map "Person=PER"] [--target CONTROL|OBJECT] [--backend node|wasm]
                   [--prompt "template with $field"] [--max-tokens 64]
                   [--sample --seed 0 --top-k 40 --top-p 0.95 --temperature 1] [--stop "\\n"]
  prelabel predict --config image.xml --tasks T.json --model head.json --backbone M.onnx --out OUT.json
                   [--conf C] [--map "a=A"] [--target CONTROL|OBJECT]   (an image head from prelabel train)
  prelabel predict --config audio.xml --tasks T.json --model silero-vad|DIR --out OUT.json
                   [--conf C] [--map "speech=Speech"] [--target CONTROL|OBJECT] [--backend node|wasm]
                   [--language en|de|…|auto] [--speech-task transcribe|translate] [--max-tokens 224]
  prelabel predict --ls-url URL --ls-token TOKEN --project ID --model M --out OUT.json
                   [--skip-annotated] [--include-predicted] [other predict options]
                   (config and tasks from the Label Studio project, images fetched with the token)`;

const PREDICT_DETAILS = `
  --labels F         class names, one per class the model predicts (.txt, .names, .json);
                     needed by models without names in their metadata (e.g. an ImageNet classifier)
  --conf, --iou, --max-det
                     default: the model manifest's, else its family's:
${familyDefaultsText('                       ')}
  --format           tasks (default): the tasks with the prediction, to import into Label Studio;
                     predictions: [{task: id, result…}] for tasks that already exist there (needs ids);
                     annotations: the result as an annotation
  text models       builtin-entities (no weights) → spans: <Labels> on a <Text> or <HyperText>,
                     <HyperTextLabels>, <ParagraphLabels> on a <Paragraphs>; a folder with a
                     manifest.json of family text-classification → <Choices>; a BERT-style token
                     classifier (tokenizer.json, config.json with BIO id2label, model.onnx) → spans;
                     a causal LM (llama2.c .onnx + tokenizer.bin, or tokenizer.json +
                     decoder_model_merged.onnx / model.onnx) → a <TextArea> reply to the task's text,
                     its <Paragraphs> dialogue, or --prompt (a template of $field references);
                     a head.json from \`prelabel train\` → <Choices>
  audio models       on an <Audio>/<AudioPlus>: silero-vad (built in) → <Labels> speech regions;
                     a Whisper folder (onnx/encoder_model*.onnx + decoder_model*.onnx +
                     tokenizer.json) or a CTC one (.onnx + vocab.json) → a <TextArea> per VAD
                     region (with <Labels> and a perRegion TextArea) or for the whole file;
                     melspectrogram.onnx + embedding_model.onnx + head.json → <Choices>
  --language L       Whisper: the spoken language, a code of the model's generation_config.json
                     (en, de, fr…; default en; English-only models take only en) or auto (detected
                     by the model per 30 s window); a CTC model has no language setting
  --speech-task T    Whisper: transcribe (default) or translate (into English)
  --max-tokens N     Whisper: most tokens per 30 s window (default 224); language models: per reply
                     (no timestamps: Whisper decodes with <|notimestamps|>)
  --media-prefix URL put before bare image file names so Label Studio can open them, e.g.
                     /data/local-files/?d=photos/ (local-files storage) or https://bucket.example/photos/
  --shard i/N        only this process's share (0 ≤ i < N, split by task id): N runs give every task once`;

const PUSH = `  prelabel push    --ls-url URL --ls-token TOKEN --project ID --predictions FILE
                   [--dry-run] [--concurrency 4] [--batch-size 100] [--media-dir DIR]
                   [--model-version V] [--report REPORT.json] [--include-predicted]
                   (journal in FILE.push-journal.json: a re-run sends only what is missing)`;

const RANK = `  prelabel rank    --predictions P.json --out next.json
                   [--strategy score|random|diversity|cluster-margin|committee]
                   [--k 50] [--seed 0] [--model-version V] [--rescore P.ranked.json]
                   [--features F.json | --backbone M.onnx [--data-key image]] [--clusters K]
                   [--config C.xml --annotations export.json [--committee 5]]
                   (the order to label tasks in: least certain first; diversity, cluster-margin
                   and --clusters need feature vectors: F.json [{"task": id, "features": [...]}]
                   or a backbone over the tasks' images; committee trains bootstrapped heads on
                   the annotated export (text heads, or for <Choices> on an <Image> dense heads on
                   --backbone's features) and ranks tasks by their disagreement; --rescore writes
                   each prediction's cluster for Label Studio)`;

const TRAIN = `  prelabel train   --config C.xml --tasks annotated.json --out head.json [--backbone M.onnx]
                   [--control NAME] [--c 10] [--hidden 0] [--seed 0] [--analyzer word|char_wb]
                   (a classifier head from annotations, with its estimated quality;
                   Choices on Audio: --out DIR, a sound-class folder for prelabel predict --model DIR)`;

const SERVE = `  prelabel serve   [--model M.onnx|DIR|builtin-id|head.json] [--backbone M.onnx] [--labels F] [--family …] [--target NAME]
                   [--conf C] [--map "cls=Label"] [--prompt T] [--max-tokens N] [--stop S] [--sample …]
                   [--language L] [--speech-task transcribe|translate]
                   [--host 127.0.0.1] [--port 9090] [--state-dir DIR]
                   [--basic-auth user:pass [--webhook-open]] [--log-level info]
                   (a Label Studio ML backend: Settings → Model → Connect model → http://host:port;
                   --model takes what prelabel predict takes, image, text or audio models;
                   without --model: a text classifier (Choices on Text) and a sound classifier
                   (Choices on Audio) learned from the annotations; with --backbone also an image
                   classifier, a head on the backbone's features, for Choices on Image)`;

const MODELS = `  prelabel models   list the built-in models`;

const TOKEN = `  The token can also come from the environment variable ${TOKEN_ENV}.`;

export const USAGE = `Usage:\n${PREDICT}\n${PUSH}\n${SERVE}\n${RANK}\n${TRAIN}\n${MODELS}\n\n${TOKEN}\n  prelabel <command> --help for details.\n`;

export const COMMAND_USAGE: Record<string, string> = {
  predict: `Usage:\n${PREDICT}\n${PREDICT_DETAILS}\n\n${TOKEN}\n`,
  push: `Usage:\n${PUSH}\n\n${TOKEN}\n`,
  serve: `Usage:\n${SERVE}\n`,
  rank: `Usage:\n${RANK}\n`,
  train: `Usage:\n${TRAIN}\n`,
  models: `Usage:\n${MODELS}\n`,
};

export function wantsHelp(argv: readonly string[]): boolean {
  return argv.includes('--help') || argv.includes('-h');
}
