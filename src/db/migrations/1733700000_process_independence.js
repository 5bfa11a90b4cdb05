/// <reference path="../../../.data/pb/types.d.ts" />
// Nothing depends on one app process (several app processes share one PocketBase):
// - `version` on records the app reads, changes and writes back (attempts, lesson_progress, module_progress, cohorts):
//   every such write goes through the hook route in src/db/hooks/versioned.pb.js, which writes only when the version
//   is still the one the writer read, and bumps it, in one transaction (a compare-and-set). A writer that loses
//   re-reads and tries again, so no update is lost and nothing is applied twice.
// - `certificates.follows`: the id of the newest certificate of the same user and program when this one was issued
//   ('first' for the first). Two processes that both find a trainee eligible read the same newest certificate, so
//   the unique (user, program, follows) index lets only one of them issue. Existing rows are filled in by date.

const versioned = ['attempts', 'lesson_progress', 'module_progress', 'cohorts'];

migrate(
  (db) => {
    const dao = new Dao(db);
    for (const name of versioned) {
      const collection = dao.findCollectionByNameOrId(name);
      collection.schema.addField(
        new SchemaField({ name: 'version', type: 'number', options: { min: 0, noDecimal: true } }),
      );
      dao.saveCollection(collection);
    }
    const certificates = dao.findCollectionByNameOrId('certificates');
    certificates.schema.addField(new SchemaField({ name: 'follows', type: 'text', options: { max: 15 } }));
    dao.saveCollection(certificates);
    // Back-fill: each certificate follows the one before it (by validFrom, then created) of its user and program.
    const rows = arrayOf(new DynamicModel({ id: '', user: '', program: '' }));
    db.newQuery('SELECT id, user, program FROM certificates ORDER BY user, program, validFrom, created').all(rows);
    let previous = null;
    for (const row of rows) {
      const follows =
        previous && previous.user === row.user && previous.program === row.program ? previous.id : 'first';
      db.newQuery('UPDATE certificates SET follows = {:f} WHERE id = {:id}').bind({ f: follows, id: row.id }).execute();
      previous = row;
    }
    const again = dao.findCollectionByNameOrId('certificates');
    again.indexes = [
      ...again.indexes,
      "CREATE UNIQUE INDEX idx_certificates_follows ON certificates (user, program, follows) WHERE follows != ''",
    ];
    dao.saveCollection(again);
  },
  (db) => {
    const dao = new Dao(db);
    for (const name of versioned) {
      const collection = dao.findCollectionByNameOrId(name);
      collection.schema.removeField(collection.schema.getFieldByName('version').id);
      dao.saveCollection(collection);
    }
    const certificates = dao.findCollectionByNameOrId('certificates');
    certificates.indexes = certificates.indexes.filter((i) => !i.includes('idx_certificates_follows'));
    certificates.schema.removeField(certificates.schema.getFieldByName('follows').id);
    dao.saveCollection(certificates);
  },
);
