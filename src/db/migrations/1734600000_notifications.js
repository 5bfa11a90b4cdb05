/// <reference path="../../../.data/pb/types.d.ts" />
// Reminders and notifications (src/domain/notifications/) and the scheduler lease (src/platform/scheduler/).
//   notifications            the in-app inbox and the outbox: one row per (user, item, rule, offset), the unique
//                            `key` makes a second scheduler run (or process) unable to create it twice
//   notification_deliveries  one row per notification and outside channel (e-mail, WeCom, DingTalk robots): status,
//                            attempts, next attempt; claimed with the `version` compare-and-set before sending
//   notification_prefs       a user's per-rule e-mail opt-outs (key = user id)
//   scheduler_leases         which app process runs a named scheduler until when (compare-and-set on `version`)
// Users are plain text ids (no relations: tests/integration/relation-filters.test.ts), and no client may read or
// write any of them: the app server does everything through the admin client.

const userId = (name, required) => ({
  name,
  type: 'text',
  required,
  options: { min: 15, max: 15, pattern: '^[a-z0-9]+$' },
});
const adminOnly = { listRule: null, viewRule: null, createRule: null, updateRule: null, deleteRule: null };

migrate(
  (db) => {
    const dao = new Dao(db);
    dao.saveCollection(
      new Collection({
        name: 'notifications',
        type: 'base',
        schema: [
          { name: 'key', type: 'text', required: true, options: { max: 300 } },
          userId('user', true),
          { name: 'rule', type: 'text', required: true, options: { max: 60 } },
          { name: 'item', type: 'text', required: true, options: { max: 200 } },
          { name: 'offset', type: 'number', options: { noDecimal: true } },
          { name: 'title', type: 'text', required: true, options: { max: 200 } },
          { name: 'body', type: 'text', options: { max: 4000 } },
          { name: 'link', type: 'text', options: { max: 300 } },
          { name: 'readAt', type: 'date' },
        ],
        indexes: [
          'CREATE UNIQUE INDEX idx_notifications_key ON notifications (key)',
          'CREATE INDEX idx_notifications_user ON notifications (user, readAt)',
        ],
        ...adminOnly,
      }),
    );
    dao.saveCollection(
      new Collection({
        name: 'notification_deliveries',
        type: 'base',
        schema: [
          { name: 'key', type: 'text', required: true, options: { max: 320 } },
          { name: 'notification', type: 'text', required: true, options: { max: 15 } },
          userId('user', true),
          { name: 'rule', type: 'text', required: true, options: { max: 60 } },
          {
            name: 'channel',
            type: 'select',
            required: true,
            options: { maxSelect: 1, values: ['email', 'wecom', 'dingtalk'] },
          },
          {
            name: 'status',
            type: 'select',
            required: true,
            options: { maxSelect: 1, values: ['pending', 'sending', 'sent', 'failed', 'skipped'] },
          },
          { name: 'recipient', type: 'text', options: { max: 200 } },
          { name: 'attempts', type: 'number', options: { min: 0, noDecimal: true } },
          { name: 'nextAttemptAt', type: 'date' },
          { name: 'sentAt', type: 'date' },
          { name: 'lastError', type: 'text', options: { max: 1000 } },
          { name: 'version', type: 'number', options: { min: 0, noDecimal: true } },
        ],
        indexes: [
          'CREATE UNIQUE INDEX idx_notification_deliveries_key ON notification_deliveries (key)',
          'CREATE INDEX idx_notification_deliveries_due ON notification_deliveries (status, nextAttemptAt)',
        ],
        ...adminOnly,
      }),
    );
    dao.saveCollection(
      new Collection({
        name: 'notification_prefs',
        type: 'base',
        schema: [
          { name: 'key', type: 'text', required: true, options: { max: 40 } },
          userId('user', true),
          { name: 'emailOff', type: 'json', options: { maxSize: 2000 } },
        ],
        indexes: ['CREATE UNIQUE INDEX idx_notification_prefs_key ON notification_prefs (key)'],
        ...adminOnly,
      }),
    );
    dao.saveCollection(
      new Collection({
        name: 'scheduler_leases',
        type: 'base',
        schema: [
          { name: 'key', type: 'text', required: true, options: { max: 60 } },
          { name: 'holder', type: 'text', options: { max: 120 } },
          // Milliseconds since the epoch until which `holder` runs the scheduler (0: free).
          { name: 'expiresAt', type: 'number', options: { min: 0, noDecimal: true } },
          { name: 'version', type: 'number', options: { min: 0, noDecimal: true } },
        ],
        indexes: ['CREATE UNIQUE INDEX idx_scheduler_leases_key ON scheduler_leases (key)'],
        ...adminOnly,
      }),
    );
  },
  (db) => {
    const dao = new Dao(db);
    for (const name of ['scheduler_leases', 'notification_prefs', 'notification_deliveries', 'notifications'])
      dao.deleteCollection(dao.findCollectionByNameOrId(name));
  },
);
