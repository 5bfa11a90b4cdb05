// Runs inside PocketBase (JSVM, 0.22 API); started with --hooksDir by src/platform/pocketbase/process.ts.
// Compare-and-set writes for records that app processes read, change and write back (src/platform/pocketbase/versioned.ts).
// One request is one transaction on PocketBase's single writer connection, so the version check and the write are
// atomic across every app process: of two writers that read the same version, only the first one's write lands.
//
// Body: { collection, id, version, data } — update record `id` with `data` only if its `version` field still equals
// `version`, and set it to version + 1. Without `id`: create a record from `data` with version 1 (a unique index
// decides between concurrent creators; the loser gets a 400 like any failed create). The collections in `plainCreates`
// have no version: they are only created here, for their companions.
// `companions: [{ collection: 'attempt_keys', id, data }]` are updated in the same transaction, only if the check passes
// (an attempt's graded results and its submitted state land together or not at all); a companion with `create: true`
// is created with that id instead (a pending follow-up, `achievement_followups`, written with the grade or the lesson
// progress that causes it).
// Answer: { ok: true, record } or { ok: false, version } (the record's current version) when another writer was first.
// Fields are validated as by the records API (RecordUpsertForm). Admin only: the app server is the only caller.
routerAdd(
  'POST',
  '/api/academy/versioned',
  (c) => {
    // Inside the handler: PocketBase runs each handler in its own context, without the file's top-level names.
    const versionedCollections = [
      'attempts',
      'lesson_progress',
      'module_progress',
      'cohorts',
      'question_drafts',
      'published_questions',
      'call_runs',
      'notification_deliveries',
      'scheduler_leases',
      'xapi_statements',
      'achievement_followups',
    ];
    // Created once and never changed, only here for their companions (a practical assessment and its follow-up).
    const plainCreates = ['practical_assessments'];
    const companionCollections = ['attempt_keys', 'achievement_followups'];
    const body = $apis.requestInfo(c).data || {};
    const name = String(body.collection || '');
    const versioned = versionedCollections.includes(name);
    if (!versioned && !(plainCreates.includes(name) && !body.id))
      throw new BadRequestError('Unknown versioned collection.');
    const data = {};
    if (body.data && typeof body.data === 'object') for (const k of Object.keys(body.data)) data[k] = body.data[k];
    if (data.id !== undefined || data.version !== undefined)
      throw new BadRequestError('data may not set id or version.');
    const companions = Array.isArray(body.companions) ? body.companions : [];
    for (const w of companions) {
      if (!w || !companionCollections.includes(String(w.collection)) || !w.id)
        throw new BadRequestError('Unknown companion write.');
    }
    let answer = null;
    $app.dao().runInTransaction((tx) => {
      let record;
      let next = 1;
      if (body.id) {
        try {
          record = tx.findRecordById(name, String(body.id));
        } catch (_) {
          throw new NotFoundError('No such record.');
        }
        const current = record.getInt('version');
        if (current !== Number(body.version)) {
          answer = { ok: false, version: current };
          return;
        }
        next = current + 1;
      } else {
        record = new Record(tx.findCollectionByNameOrId(name));
      }
      const form = new RecordUpsertForm($app, record);
      form.setDao(tx);
      if (versioned) data.version = next;
      form.loadData(data);
      form.submit();
      for (const w of companions) {
        let other;
        const values = {};
        if (w.data && typeof w.data === 'object') for (const k of Object.keys(w.data)) values[k] = w.data[k];
        if (w.create === true) {
          other = new Record(tx.findCollectionByNameOrId(String(w.collection)));
          values.id = String(w.id);
        } else {
          try {
            other = tx.findRecordById(String(w.collection), String(w.id));
          } catch (_) {
            throw new NotFoundError('No such companion record.');
          }
        }
        const otherForm = new RecordUpsertForm($app, other);
        otherForm.setDao(tx);
        otherForm.loadData(values);
        otherForm.submit();
      }
      answer = { ok: true, record: record };
    });
    return c.json(200, answer);
  },
  $apis.requireAdminAuth(),
);
