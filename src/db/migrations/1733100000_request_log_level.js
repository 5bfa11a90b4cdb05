/// <reference path="../../../.data/pb/types.d.ts" />
// PocketBase writes a row to logs.db for every request it serves. Only this app talks to PocketBase (on loopback),
// so those rows repeat what the app knows, and writing them cost a third of the throughput of exam starts and
// autosaves and nearly half that of submissions (measured with the bench, see README "Performance").
// Keep warnings and errors (failed and rejected requests), drop the successful ones.

const warn = 4; // slog levels: debug -4, info 0, warn 4, error 8

migrate(
  (db) => {
    const dao = new Dao(db);
    const settings = dao.findSettings();
    settings.logs.minLevel = warn;
    dao.saveSettings(settings);
  },
  (db) => {
    const dao = new Dao(db);
    const settings = dao.findSettings();
    settings.logs.minLevel = 0;
    dao.saveSettings(settings);
  },
);
