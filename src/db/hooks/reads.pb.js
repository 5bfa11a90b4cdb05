// Runs inside PocketBase (JSVM, 0.22 API); started with --hooksDir by src/platform/pocketbase/process.ts.
// POST /api/academy/read { reads: [{ collection, filter, sort, fields }] } → { results: [[row, …], …] }: several list
// reads in one round trip (PocketBase 0.22 has no batch API), each answered as the records API answers an admin's
// getFullList with the same filter, sort and fields (src/platform/pocketbase/reads.ts; the integration test
// compares the two). Filters are PocketBase filter expressions with their values already bound by the app.
// Admin only: the app server is the only caller.
routerAdd(
  'POST',
  '/api/academy/read',
  (c) => {
    const body = $apis.requestInfo(c).data || {};
    const reads = Array.isArray(body.reads) ? body.reads : null;
    if (!reads || reads.length === 0 || reads.length > 12) throw new BadRequestError('reads: 1 to 12 list reads.');
    const dao = $app.dao();
    const results = reads.map((read, i) => {
      const collection = String((read && read.collection) || '');
      const fields =
        read && read.fields
          ? String(read.fields)
              .split(',')
              .map((f) => f.trim())
          : null;
      let records;
      try {
        records = dao.findRecordsByFilter(collection, String(read.filter || 'id != ""'), String(read.sort || ''), 0, 0);
      } catch (error) {
        throw new BadRequestError(`read ${i} (${collection}) failed.`, { error: String(error) });
      }
      if (!fields) return records;
      return records.map((record) => {
        const row = {};
        for (const field of fields) row[field] = record.get(field);
        return row;
      });
    });
    return c.json(200, { results: results });
  },
  $apis.requireAdminAuth(),
);
