/**
 * The only reader of process.env: every setting, parsed and checked at start-up.
 * The README's "Configuration" section lists the same variables.
 */
import * as v from 'valibot';
import path from 'node:path';
import { landlord } from '../shared/config/landlord.ts';

const EnvSchema = v.object({
  /** Port for the API and the app. */
  // Digits only: Number(' ') is 0 (silently any free port), and '1e3' or '0x50' are not what anyone means.
  PORT: v.optional(v.pipe(v.string(), v.regex(/^\d+$/), v.toNumber(), v.integer(), v.minValue(0), v.maxValue(65535)), '3000'),
  /** Address to listen on. */
  HOST: v.optional(v.pipe(v.string(), v.nonEmpty()), '0.0.0.0'),
  /** A PostgreSQL connection string; without it, the embedded database in DATA_DIR is used. */
  DATABASE_URL: v.optional(v.pipe(v.string(), v.url())),
  /** Where the embedded database (and its lock) live. */
  DATA_DIR: v.optional(v.pipe(v.string(), v.nonEmpty()), 'data'),
  /** The built app to serve; `npm start` builds it here. */
  STATIC_DIR: v.optional(v.pipe(v.string(), v.nonEmpty()), 'dist'),
  /** Connections in the PostgreSQL pool, per process. */
  DATABASE_POOL_SIZE: v.optional(v.pipe(v.string(), v.toNumber(), v.integer(), v.minValue(1)), '10'),
  /** `production` turns on HSTS (behind TLS). */
  NODE_ENV: v.optional(v.string(), 'development'),
  /** Where email goes (`smtp://user:pass@host:587`, `smtps://…`); unset: `.eml` files under DATA_DIR/mail/. */
  SMTP_URL: v.optional(v.pipe(v.string(), v.url(), v.regex(/^smtps?:\/\//))),
  /** The sender of every email. */
  MAIL_FROM: v.optional(v.pipe(v.string(), v.nonEmpty())),
  /** The app's address as people reach it (default http://localhost:PORT): links in emails and CLI output, the staff cookie's name and Secure flag. */
  PUBLIC_URL: v.optional(v.pipe(v.string(), v.url(), v.regex(/^https?:\/\//))),
  /** `off`: this process only serves requests and leaves the jobs (email, the daily deadline check) to others. */
  JOB_WORKER: v.optional(v.picklist(['on', 'off']), 'on'),
  /** `true` behind a reverse proxy: the client's address is the last one in X-Forwarded-For. */
  TRUST_PROXY: v.optional(v.picklist(['true', 'false']), 'false'),
});

export interface Env {
  port: number;
  host: string;
  databaseUrl: string | undefined;
  dataDir: string;
  staticDir: string;
  poolSize: number;
  production: boolean;
  smtpUrl: string | undefined;
  mailFrom: string;
  /** Without a trailing slash. */
  publicUrl: string;
  jobWorker: boolean;
  trustProxy: boolean;
}

/** Reads and checks the environment; throws a readable error naming the bad variable. */
export function readEnv(source: Record<string, string | undefined> = process.env): Env {
  // An empty variable means unset (as `DATABASE_URL= npm start` intends).
  const set = Object.fromEntries(Object.entries(source).filter(([, value]) => value !== ''));
  const result = v.safeParse(EnvSchema, set);
  if (!result.success) {
    const problems = result.issues.map((issue) => `${v.getDotPath(issue) ?? '?'}: ${issue.message}`);
    throw new Error(`Invalid environment: ${problems.join('; ')}`);
  }
  const env = result.output;
  return {
    port: env.PORT,
    host: env.HOST,
    databaseUrl: env.DATABASE_URL,
    dataDir: path.resolve(env.DATA_DIR),
    staticDir: path.resolve(env.STATIC_DIR),
    poolSize: env.DATABASE_POOL_SIZE,
    production: env.NODE_ENV === 'production',
    smtpUrl: env.SMTP_URL,
    mailFrom: env.MAIL_FROM ?? `${landlord.name} <no-reply@localhost>`,
    publicUrl: (env.PUBLIC_URL ?? `http://localhost:${env.PORT}`).replace(/\/+$/, ''),
    jobWorker: env.JOB_WORKER === 'on',
    trustProxy: env.TRUST_PROXY === 'true',
  };
}
