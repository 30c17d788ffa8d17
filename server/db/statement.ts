/**
 * One SQL statement built from a list of named steps: each step is a common table
 * expression (`name AS (...)`), usually a data-modifying one (INSERT ... RETURNING),
 * and an answer (the final SELECT) reads what the steps returned. PostgreSQL runs
 * every data-modifying step exactly once, all or nothing, in one round trip, so a
 * write and everything that must be written with it need no transaction of several
 * round trips.
 *
 * Adding to a statement someone else wrote (this is how lifecycle and mail extend
 * receiving a complaint, server/domain/complaints.ts):
 *
 *   - a row written alongside: `statement.insertAfter('event', step('mail_job', ...))`,
 *     where the step's SQL reads the earlier steps by name (`SELECT id FROM complaint`);
 *   - a column of a row a step inserts: `statement.withColumns('complaint', { next_deadline_on:
 *     column('date', (c) => c.nextDeadlineOn) })`, for steps made with `insertRow`;
 *   - values: a step's SQL names its parameters `$(name)`; `values(context)` supplies them.
 *     Parameter names are global to the statement: prefix them with the step's name.
 *
 * Each method returns a new statement; the text is compiled once and cached. Rows
 * inserted by one step are not visible to an UPDATE in another (one snapshot for
 * the whole statement): put columns in the insert instead.
 *
 * `runStatement` runs it as a named prepared statement on PostgreSQL (parsed and
 * planned once per connection) and as a direct query on PGlite.
 */
import { createHash } from 'node:crypto';
import type { Db } from './client.ts';

/** A parameter's value, computed from the statement's context at each run. */
export type Values<C> = (context: C) => Record<string, unknown>;

export interface Step<C> {
  name: string;
  /** The CTE body. Parameters are written `$(name)`, with a cast where the type is not obvious: `$(key)::uuid`. */
  sql: string;
  values?: Values<C>;
  /** Present on steps made by insertRow: the columns, so others can add to them. */
  insert?: InsertRow<C>;
}

/** One column of a row inserted by insertRow: its SQL type and where its value comes from. */
export interface Column<C> {
  type: string;
  value: (context: C) => unknown;
}

export const column = <C>(type: string, value: (context: C) => unknown): Column<C> => ({ type, value });

interface InsertRow<C> {
  table: string;
  columns: Record<string, Column<C>>;
  /** SQL after the SELECT list: `WHERE ...`, `FROM ...`. */
  from: string;
  /** `ON CONFLICT ... RETURNING ...`. */
  tail: string;
}

/** A step with its own SQL. */
export const step = <C>(name: string, sql: string, values?: Values<C>): Step<C> => (values ? { name, sql, values } : { name, sql });

/**
 * A step that inserts one row (or none, if `from` filters it out) whose columns can be
 * added to later with `withColumns`. Each column is the parameter `$(<step>.<column>)`.
 */
export function insertRow<C>(
  name: string,
  table: string,
  columns: Record<string, Column<C>>,
  options: { from?: string; tail?: string } = {},
): Step<C> {
  const insert: InsertRow<C> = { table, columns, from: options.from ?? '', tail: options.tail ?? '' };
  const names = Object.keys(columns);
  const sql =
    `INSERT INTO ${table} (${names.join(', ')})\n  SELECT ${names.map((c) => `$(${name}.${c})::${columns[c]!.type}`).join(', ')}` +
    (insert.from ? `\n  ${insert.from}` : '') +
    (insert.tail ? `\n  ${insert.tail}` : '');
  const values: Values<C> = (context) => {
    const out: Record<string, unknown> = {};
    for (const c of names) out[`${name}.${c}`] = columns[c]!.value(context);
    return out;
  };
  return { name, sql, values, insert };
}

interface Compiled {
  /** The prepared statement's name: changes whenever the text does. */
  name: string;
  text: string;
  params: string[];
}

export class Statement<C> {
  #compiled: Compiled | undefined;

  constructor(
    /** A short name for the prepared statement (the text's hash is appended). */
    readonly name: string,
    readonly steps: readonly Step<C>[],
    /** The final SELECT, reading the steps by name. */
    readonly answer: string,
    readonly answerValues?: Values<C>,
  ) {
    const seen = new Set<string>();
    for (const s of steps) {
      if (!/^[a-z_][a-z0-9_]*$/.test(s.name)) throw new Error(`Step name ${JSON.stringify(s.name)} is not a plain SQL name.`);
      if (seen.has(s.name)) throw new Error(`Two steps are named ${s.name}.`);
      seen.add(s.name);
    }
  }

  /** A new statement with `added` right after the step named `after`. */
  insertAfter(after: string, added: Step<C>): Statement<C> {
    const at = this.indexOf(after);
    return new Statement(this.name, [...this.steps.slice(0, at + 1), added, ...this.steps.slice(at + 1)], this.answer, this.answerValues);
  }

  /** A new statement whose insertRow step `name` also sets these columns. */
  withColumns(name: string, columns: Record<string, Column<C>>): Statement<C> {
    const at = this.indexOf(name);
    const old = this.steps[at]!;
    if (!old.insert) throw new Error(`Step ${name} was not made by insertRow: it has no columns to add to.`);
    for (const c of Object.keys(columns)) {
      if (c in old.insert.columns) throw new Error(`Step ${name} already sets ${c}.`);
    }
    const replaced = insertRow(name, old.insert.table, { ...old.insert.columns, ...columns }, old.insert);
    return new Statement(this.name, this.steps.map((s, i) => (i === at ? replaced : s)), this.answer, this.answerValues);
  }

  private indexOf(name: string): number {
    const at = this.steps.findIndex((s) => s.name === name);
    if (at < 0) throw new Error(`No step named ${name} in ${this.name}.`);
    return at;
  }

  /** The SQL text with `$(name)` numbered `$1, $2...`, and the parameters' names in that order. */
  compile(): Compiled {
    if (this.#compiled) return this.#compiled;
    const source =
      'WITH ' + this.steps.map((s) => `${s.name} AS (\n  ${s.sql}\n)`).join(',\n') + '\n' + this.answer;
    const params: string[] = [];
    const text = source.replace(/\$\(([\w.]+)\)/g, (_all, param: string) => {
      let index = params.indexOf(param);
      if (index < 0) index = params.push(param) - 1;
      return `$${index + 1}`;
    });
    const hash = createHash('sha256').update(text).digest('hex').slice(0, 12);
    this.#compiled = { name: `${this.name}_${hash}`, text, params };
    return this.#compiled;
  }

  /** The parameter values for one run, in order; a parameter no step supplies is an error. */
  values(context: C): unknown[] {
    const { params } = this.compile();
    const all: Record<string, unknown> = {};
    for (const s of this.steps) if (s.values) Object.assign(all, s.values(context));
    if (this.answerValues) Object.assign(all, this.answerValues(context));
    return params.map((p) => {
      if (!(p in all)) throw new Error(`No value for parameter $(${p}) in ${this.name}.`);
      const value = all[p];
      return value === undefined ? null : value;
    });
  }
}

/** A statement from its steps (in order) and its answer. */
export const withSteps = <C>(name: string, steps: Step<C>[], answer: string, answerValues?: Values<C>): Statement<C> =>
  new Statement(name, steps, answer, answerValues);

interface PgQueryable {
  query(config: { name: string; text: string; values: unknown[] }): Promise<{ rows: unknown[] }>;
}
interface PgliteQueryable {
  query(text: string, values: unknown[]): Promise<{ rows: unknown[] }>;
  waitReady: Promise<void>;
}

/**
 * Runs the statement in one round trip and returns its rows. The driver underneath
 * drizzle is used directly: node-postgres with a named prepared statement, PGlite with
 * a direct query. Rows come with the driver's own types (timestamptz as Date; return
 * dates as text from the SQL if you need them as strings).
 */
export async function runStatement<C, R>(db: Db, statement: Statement<C>, context: C): Promise<R[]> {
  const { name, text } = statement.compile();
  const values = statement.values(context);
  const client = (db as unknown as { $client: PgQueryable | PgliteQueryable }).$client;
  if ('waitReady' in client) return (await client.query(text, values)).rows as R[];
  return (await client.query({ name, text, values })).rows as R[];
}
