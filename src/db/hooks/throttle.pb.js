// Runs inside PocketBase (JSVM, 0.22 API); started with --hooksDir by src/platform/pocketbase/process.ts.
// The shared fixed-window counters (sign-in throttling, rate limits) as a route: one step of throttle.js per request.
// Body and answer: see throttle.js. Admin only: the app server is the only caller (src/platform/pocketbase/throttle.ts).
routerAdd(
  'POST',
  '/api/academy/throttle',
  (c) => c.json(200, require(`${__hooks}/throttle.js`).run($apis.requestInfo(c).data || {})),
  $apis.requireAdminAuth(),
);
