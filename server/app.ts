/**
 * Builds the app from its parts, without listening, so tests call app.request().
 * server/http-server.ts is the only file that calls serve().
 */
import fs from 'node:fs';
import path from 'node:path';
import { Hono } from 'hono';
import { secureHeaders } from 'hono/secure-headers';
import { HTTPException } from 'hono/http-exception';
import { serveStatic } from '@hono/node-server/serve-static';
import { compress } from './compress.ts';
import type { Database } from './db/client.ts';
import { ApiError, refusal } from './http-errors.ts';
import { complaintRoutes } from './routes/complaints.ts';
import { healthRoutes, openApiRoutes } from './routes/meta.ts';
import { Pages, pageRoutes, sendPage } from './pages.ts';
import { adjustmentRequestRoutes } from './routes/adjustment-requests.ts';
import { residentComplaintRoutes } from './routes/resident-complaints.ts';
import { staffAuthContext } from './auth/staff.ts';
import { crossSiteGuardFor } from './auth/http.ts';
import { myComplaintsRoutes, residentSessionRoutes, signInLinkRoutes } from './routes/resident-sessions.ts';
import { staffRoutes } from './routes/staff.ts';
import { staffComplaintRoutes } from './routes/staff-complaints.ts';
import { staffCliRoutes } from './routes/staff-cli.ts';

export interface AppOptions {
  database: Database;
  /** The built PWA (dist/); without it only the API is served. */
  staticDir?: string | undefined;
  /** Behind TLS in production: send HSTS. */
  production?: boolean;
  /** Where unexpected errors are reported (never to the client). */
  logError?: (error: unknown) => void;
  /** The app's public address (PUBLIC_URL): links, the staff cookie, "same site". Default http://localhost:3000. */
  publicUrl?: string;
  /** Behind a reverse proxy (TRUST_PROXY): the client's address comes from X-Forwarded-For. */
  trustProxy?: boolean;
  /** Set by server/index.ts with the embedded database: lets `npm run staff` ask this server (server/routes/staff-cli.ts). */
  staffCliSecret?: string;
}

/** An address that names nothing: the refused part of the request is its URL. */
const notFound = refusal(404, 'not_found', ['url']);

export function createApp(options: AppOptions) {
  const { database } = options;
  const logError = options.logError ?? ((error: unknown) => console.error(error));
  const app = new Hono();
  // Each page's HTML in the reader's language, rendered at build time (server/pages.ts).
  const pages = options.staticDir && fs.existsSync(path.join(options.staticDir, 'index.html')) ? new Pages(options.staticDir) : undefined;

  app.use(
    '*',
    secureHeaders({
      contentSecurityPolicy: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        // The pages' own stylesheet, inside them, by its hash (client/build/inline-css.ts); never 'unsafe-inline'.
        styleSrc: pages ? ["'self'", () => pages.styleSources()] : ["'self'"],
        imgSrc: ["'self'", 'blob:', 'data:'],
        connectSrc: ["'self'"],
        fontSrc: ["'self'"],
        manifestSrc: ["'self'"],
        workerSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
      strictTransportSecurity: options.production ? 'max-age=63072000; includeSubDomains' : false,
      crossOriginEmbedderPolicy: false,
      permissionsPolicy: { camera: ['self'], geolocation: [], microphone: [] },
    }),
  );

  // Residents are often on pay-as-you-go data: text is sent gzipped.
  app.use('*', compress());

  app.onError((error, c) => {
    if (error instanceof ApiError) return c.json(error.body, error.status, error.headers);
    if (error instanceof HTTPException) {
      if (error.status === 404) return c.notFound();
      // Hono's own refusals (none are expected): a 4xx still names what was refused.
      if (error.status < 500) return c.json(refusal(400, 'bad_request', ['request']).body, error.status);
      return c.json({ error: { code: 'internal' } }, error.status);
    }
    // The client went away mid-request (or was timed out by server/http-server.ts): no one to answer, nothing to report.
    if ((error as NodeJS.ErrnoException).code === 'ECONNRESET') return c.json(refusal(400, 'bad_request', ['request']).body, 400);
    // Unexpected: logged here, never a stack trace to the client.
    logError(error);
    return c.json({ error: { code: 'internal' } }, 500);
  });

  const api = new Hono();
  // API answers are never cached: a resident must never see a stale receipt or status. Set on the answer's
  // own headers, as secureHeaders does: c.header() on a finished answer would rebuild it around a stream.
  api.use('*', async (c, next) => {
    await next();
    if (!c.res.headers.has('Cache-Control')) c.res.headers.set('Cache-Control', 'no-store');
  });
  // Sign-in settings, staff and residents alike (server/auth/http.ts).
  const auth = { db: database.db, publicUrl: options.publicUrl ?? 'http://localhost:3000', trustProxy: options.trustProxy ?? false };
  // No page of another site may change anything, whoever is signed in (a session cookie or none).
  api.use('*', crossSiteGuardFor(auth.publicUrl));
  // Staff: the middlewares of server/auth/staff.ts read their settings from here.
  api.use('/staff/*', staffAuthContext(auth));
  if (options.staffCliSecret) api.route('/staff/cli', staffCliRoutes(database.db, auth.publicUrl, options.staffCliSecret));
  api
    .route('/complaints', complaintRoutes(database))
    .route('/complaints', residentComplaintRoutes(database, auth))
    .route('/adjustment-requests', adjustmentRequestRoutes(database))
    .route('/sign-in-links', signInLinkRoutes(auth))
    .route('/sessions', residentSessionRoutes(auth))
    .route('/my', myComplaintsRoutes(auth))
    .route('/health', healthRoutes(database))
    .route('/openapi.json', openApiRoutes())
    .route('/staff/complaints', staffComplaintRoutes(database))
    .route('/staff', staffRoutes(auth));
  app.route('/api', api);
  // An unknown API path is not the app's shell: the one not-found answer below.
  app.all('/api/*', (c) => c.notFound());

  if (options.staticDir && pages) {
    const root = path.relative(process.cwd(), options.staticDir) || '.';
    app.route('/', pageRoutes(pages));
    app.use(
      '*',
      serveStatic({
        root,
        onFound: (file, c) => {
          // Hashed assets never change; the shell and the service worker are always revalidated.
          if (file.includes(`${path.sep}assets${path.sep}`) || file.includes('/assets/')) {
            c.header('Cache-Control', 'public, max-age=31536000, immutable');
          } else {
            c.header('Cache-Control', 'no-cache');
          }
        },
      }),
    );
    // Every other GET: "page not found" (404) in the reader's language; a build without prerendered pages
    // sends the shell, which renders its own.
    app.get('*', (c) => sendPage(c, pages));
  }

  // The one "not found" answer, for unknown API paths and anything the app does not serve: the URL is what was refused.
  app.notFound((c) => c.json(notFound.body, 404));
  return app;
}
