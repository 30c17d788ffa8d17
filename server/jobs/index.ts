/**
 * The background work of a server process (unless JOB_WORKER=off): sending
 * email (complaints' steps and sign-in links) and the daily deadline check, claimed from the jobs table.
 */
import type { Db } from '../db/client.ts';
import { londonDate } from '../../shared/working-days.ts';
import { mailJobHandler } from '../mail/mail-job.ts';
import { MAIL_JOB } from '../mail/queue.ts';
import { signInMailHandler } from '../mail/sign-in-mail.ts';
import { SIGN_IN_LINK_JOB } from '../auth/resident.ts';
import { createMailer, type Mailer } from '../mail/transport.ts';
import { DEADLINE_FLAGS_JOB, flagDeadlines, scheduleDeadlineFlags } from './deadline-flags.ts';
import { startJobWorker, type JobHandler, type JobWorker, type WorkerOptions } from './worker.ts';

export interface JobsOptions {
  db: Db;
  smtpUrl?: string | undefined;
  dataDir: string;
  mailFrom: string;
  publicUrl: string;
  log?: (line: string) => void;
  /** Overrides for tests (poll interval, retry delays). */
  worker?: Partial<Omit<WorkerOptions, 'db' | 'handlers' | 'schedule'>>;
}

/** Every kind of job and what runs it. */
export function jobHandlers(options: Omit<JobsOptions, 'worker'> & { mailer: Mailer }): Record<string, JobHandler> {
  return {
    [MAIL_JOB]: mailJobHandler(options),
    [SIGN_IN_LINK_JOB]: signInMailHandler(options),
    [DEADLINE_FLAGS_JOB]: async (job) => {
      const day = typeof job.payload.day === 'string' ? job.payload.day : londonDate(new Date());
      const changes = await flagDeadlines(options.db, day);
      options.log?.(`jobs: deadline check for ${day}: ${changes.length} complaint(s) newly marked`);
    },
  };
}

/** Starts this process's worker; `stop()` finishes the job in hand. */
export function startJobs(options: JobsOptions): { worker: JobWorker; stop(): Promise<void> } {
  const mailer = createMailer({ smtpUrl: options.smtpUrl, dataDir: options.dataDir, log: options.log });
  let scheduledDay = '';
  const worker = startJobWorker({
    db: options.db,
    handlers: jobHandlers({ ...options, mailer }),
    // Once per London day per process: queue the day's deadline check (its key is the day, so it runs once).
    schedule: async (db) => {
      const today = londonDate(new Date());
      if (today === scheduledDay) return;
      await scheduleDeadlineFlags(db);
      scheduledDay = today;
    },
    // A resident is waiting for the sign-in email, there and then (README, "Residents and representatives signing in").
    firstKinds: [SIGN_IN_LINK_JOB],
    log: options.log,
    ...options.worker,
  });
  return {
    worker,
    async stop() {
      await worker.stop();
      mailer.close();
    },
  };
}
