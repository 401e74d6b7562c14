// The request bodies Label Studio sends to an ML backend, field for field, for
// the protocol tests. Sources (HumanSignal/label-studio unless noted):
// - label_studio/ml/api_connector.py (MLApi.setup / make_predictions / train /
//   get_train_job_status / get_versions / delete; _create_project_uid gives
//   "<id>.<int(created_at.timestamp())>")
// - tasks/serializers.py TaskSimpleSerializer (the /predict tasks) and
//   data_export/serializers.py ExportDataSerializer (the /train tasks)
// - webhooks/models.py WebhookAction.ACTIONS, webhooks/utils.py run_webhook,
//   docs/source/guide/webhook_reference.md (example payloads)
// Values (ids, times, text) are ours; keys, nesting and types are Label Studio's.

export const TEXT_CONFIG = `<View>
  <Text name="text" value="$text"/>
  <Choices name="sentiment" toName="text" choice="single" showInLine="true">
    <Choice value="Positive"/>
    <Choice value="Negative"/>
  </Choices>
</View>`;

export const IMAGE_CONFIG = `<View>
  <Image name="image" value="$image"/>
  <RectangleLabels name="label" toName="image">
    <Label value="person"/>
    <Label value="cat"/>
    <Label value="dog"/>
    <Label value="cup"/>
    <Label value="horse"/>
  </RectangleLabels>
</View>`;

/**
 * Spans on a <Text>: the config of label-studio-ml-backend's
 * label_studio_ml/examples/huggingface_ner/test_api.py (its labels as the
 * built-in tagger's classes map onto them), whose predictions are
 * `{from_name, to_name, type: "labels", value: {start, end, labels}, score}`
 * per span (model.py there).
 */
export const NER_CONFIG = `<View>
  <Text name="text" value="$text"/>
  <Labels name="ner" toName="text">
    <Label value="Person"/>
    <Label value="Location" predicted_values="Place"/>
    <Label value="Time"/>
    <Label value="Date"/>
  </Labels>
</View>`;

/** A dialogue (<Paragraphs>) with a topic <Choices> and a reply <TextArea>. */
export const DIALOGUE_CONFIG = `<View>
  <Paragraphs name="chat" value="$dialogue" layout="dialogue"/>
  <Choices name="topic" toName="chat">
    <Choice value="Politics"/><Choice value="Sports"/><Choice value="Business"/>
  </Choices>
  <TextArea name="reply" toName="chat"/>
</View>`;

/** Project 3 created at 2026-12-01T10:00:00Z. */
export const PROJECT_UID = '3.1796205600';

/** MLApi.setup, Label Studio ≥ 1.11 (`extra_params`). */
export function setupBody(hostname: string, token: string, schema = TEXT_CONFIG) {
  return {
    project: PROJECT_UID,
    schema,
    hostname,
    access_token: token,
    extra_params: null,
  };
}

/** MLApi.setup, Label Studio 1.4–1.10 (`model_version` instead of `extra_params`). */
export function setupBodyOld(hostname: string, token: string, schema = TEXT_CONFIG) {
  return { project: PROJECT_UID, schema, hostname, access_token: token, model_version: '' };
}

/** TaskSimpleSerializer: the task fields /predict carries. */
export function simpleTask(id: number, data: Record<string, unknown>) {
  return {
    id,
    data,
    meta: {},
    created_at: '2026-12-01T10:05:00.000000Z',
    updated_at: '2026-12-01T10:05:00.000000Z',
    is_labeled: false,
    overlap: 1,
    inner_id: id,
    total_annotations: 0,
    cancelled_annotations: 0,
    total_predictions: 0,
    comment_count: 0,
    unresolved_comment_count: 0,
    last_comment_updated_at: null,
    project: 3,
    updated_by: null,
    file_upload: null,
    comment_authors: [],
    annotations: [],
    predictions: [],
  };
}

/** MLApi.make_predictions, Label Studio ≥ 1.11 (no model_version). */
export function predictBody(tasks: unknown[], labelConfig = TEXT_CONFIG) {
  return {
    tasks,
    project: PROJECT_UID,
    label_config: labelConfig,
    params: { login: null, password: null, context: null },
  };
}

/** MLApi.make_predictions, Label Studio 1.x before 1.11 (model_version from /setup). */
export function predictBodyOld(tasks: unknown[], modelVersion: string, labelConfig = TEXT_CONFIG) {
  return {
    tasks,
    model_version: modelVersion,
    project: PROJECT_UID,
    label_config: labelConfig,
    params: { login: null, password: null, context: null },
  };
}

let annotationId = 100;

/** An annotation as the annotation serializer gives it (webhooks, exports). */
export function annotation(taskId: number, choice: string, extra: Record<string, unknown> = {}) {
  const id = ++annotationId;
  return {
    id,
    result: [
      {
        value: { choices: [choice] },
        id: `r${id}`,
        from_name: 'sentiment',
        to_name: 'text',
        type: 'choices',
        origin: 'manual',
      },
    ],
    was_cancelled: false,
    ground_truth: false,
    created_at: `2026-12-01T11:${String(id % 60).padStart(2, '0')}:00.000000Z`,
    updated_at: `2026-12-01T11:${String(id % 60).padStart(2, '0')}:00.000000Z`,
    draft_created_at: null,
    lead_time: 4.2,
    prediction: {},
    result_count: 0,
    unique_id: `u-${id}`,
    import_id: null,
    last_action: null,
    task: taskId,
    project: 3,
    updated_by: 1,
    parent_prediction: null,
    parent_annotation: null,
    last_created_by: null,
    completed_by: 1,
    ...extra,
  };
}

/** ExportDataSerializer: an annotated task as /train (and the JSON export) carries it. */
export function exportedTask(id: number, text: string, choice: string) {
  return {
    id,
    annotations: [annotation(id, choice)],
    file_upload: null,
    drafts: [],
    predictions: [],
    data: { text },
    meta: {},
    created_at: '2026-12-01T10:05:00.000000Z',
    updated_at: '2026-12-01T11:00:00.000000Z',
    inner_id: id,
    total_annotations: 1,
    cancelled_annotations: 0,
    total_predictions: 0,
    comment_count: 0,
    unresolved_comment_count: 0,
    last_comment_updated_at: null,
    project: 3,
    updated_by: 1,
    comment_authors: [],
  };
}

/** MLApi.train without webhooks (Label Studio 1.x): every annotated task. */
export function trainBody(tasks: unknown[], labelConfig = TEXT_CONFIG) {
  return {
    annotations: tasks,
    project: PROJECT_UID,
    label_config: labelConfig,
    params: { login: null, password: null },
  };
}

/** The project serializer webhooks attach (WEBHOOK_SERIALIZERS['project']). */
export function webhookProject(labelConfig = TEXT_CONFIG) {
  return {
    id: 3,
    title: 'Sentiment',
    description: '',
    label_config: labelConfig,
    expert_instruction: '',
    show_instruction: false,
    show_skip_button: true,
    enable_empty_annotation: true,
    show_annotation_history: false,
    show_collab_predictions: true,
    evaluate_predictions_automatically: false,
    token: '9105a1d897e52286',
    result_count: 0,
    color: '#FFFFFF',
    maximum_annotations: 1,
    min_annotations_to_start_training: 0,
    control_weights: {},
    model_version: '',
    data_types: { text: 'Text' },
    is_draft: false,
    is_published: false,
    created_at: '2026-12-01T10:00:00.000000Z',
    updated_at: '2026-12-01T10:00:00.000000Z',
    sampling: 'Sequential sampling',
    show_ground_truth_first: false,
    show_overlap_first: false,
    overlap_cohort_percentage: 100,
    task_data_login: null,
    task_data_password: null,
    organization: 1,
    created_by: 1,
  };
}

/** ANNOTATION_CREATED / ANNOTATION_UPDATED: annotation + nested task + project. */
export function annotationEvent(
  action: 'ANNOTATION_CREATED' | 'ANNOTATION_UPDATED',
  taskId: number,
  text: string,
  choice: string,
  annotationFields: Record<string, unknown> = {},
) {
  const { annotations: _a, predictions: _p, ...task } = simpleTask(taskId, { text });
  return {
    action,
    annotation: annotation(taskId, choice, annotationFields),
    task: { ...task, is_labeled: true, total_annotations: 1 },
    project: webhookProject(),
  };
}

/** ANNOTATIONS_DELETED: only ids (OnlyIDWebhookSerializer) and the project. */
export function annotationsDeletedEvent(ids: number[]) {
  return {
    action: 'ANNOTATIONS_DELETED',
    annotations: ids.map((id) => ({ id })),
    project: webhookProject(),
  };
}

/** "Start Training" with webhooks (MLApi.train, flag on). */
export function startTrainingEvent() {
  return { action: 'START_TRAINING', project: webhookProject() };
}

/** Any other webhook Label Studio sends to the model URL (send_for_all_actions). */
export function tasksCreatedEvent() {
  return {
    action: 'TASKS_CREATED',
    tasks: [{ ...simpleTask(50, { text: 'new' }) }],
    project: webhookProject(),
  };
}

/** Image projects: a <Choices> on an <Image> (the image learner of `--backbone`). */
export const IMAGE_CHOICES_CONFIG = `<View>
  <Image name="image" value="$image"/>
  <Choices name="flower" toName="image" choice="single">
    <Choice value="daisy"/>
    <Choice value="dandelion"/>
    <Choice value="roses"/>
    <Choice value="sunflowers"/>
    <Choice value="tulips"/>
  </Choices>
</View>`;

/** `exportedTask` with other data and the choice on another control (image projects). */
export function exportedTaskWith(
  id: number,
  data: Record<string, unknown>,
  choice: string,
  fromName: string,
  toName: string,
) {
  const task = exportedTask(id, '', choice);
  const annotations = task.annotations.map((a) => ({
    ...a,
    result: a.result.map((r) => ({ ...r, from_name: fromName, to_name: toName })),
  }));
  return { ...task, annotations, data };
}

/** `annotationEvent` with other data and the choice on another control. */
export function annotationEventWith(
  taskId: number,
  data: Record<string, unknown>,
  choice: string,
  fromName: string,
  toName: string,
  labelConfig: string,
) {
  const event = annotationEvent('ANNOTATION_CREATED', taskId, '', choice);
  return {
    ...event,
    annotation: {
      ...event.annotation,
      result: event.annotation.result.map((r) => ({ ...r, from_name: fromName, to_name: toName })),
    },
    task: { ...event.task, data },
    project: webhookProject(labelConfig),
  };
}
