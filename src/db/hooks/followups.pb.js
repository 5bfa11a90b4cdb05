// Runs inside PocketBase (JSVM, 0.22 API); started with --hooksDir by src/platform/pocketbase/process.ts.
// POST /api/academy/followups/{id}/done → { removed }: forget a follow-up whose work is done
// (src/domain/progress/follow-ups.ts). One SQL statement: the records API's delete first reads and decodes every
// collection's schema to look for relations to cascade (about a tenth of PocketBase's CPU on an exam day's
// submissions, measured with perf), and nothing refers to a follow-up or listens for its deletion.
// Removing one that is already gone is not an error (another process finished it too). Admin only.
routerAdd(
  'POST',
  '/api/academy/followups/:id/done',
  (c) => {
    const id = c.pathParam('id');
    if (!/^[a-z0-9]{15}$/.test(id)) throw new BadRequestError('A follow-up id is 15 lowercase letters or digits.');
    let removed = 0;
    // In a transaction: on PocketBase's single writer connection, queued behind the other writes (not busy-waiting).
    $app.dao().runInTransaction((tx) => {
      removed = tx
        .db()
        .newQuery('DELETE FROM achievement_followups WHERE id = {:id}')
        .bind({ id: id })
        .execute()
        .rowsAffected();
    });
    return c.json(200, { removed: removed });
  },
  $apis.requireAdminAuth(),
);
