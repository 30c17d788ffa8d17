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
 * the whole statement): put columns in the insert instead. A plain SELECT step runs
 * only if something reads it; data-modifying steps always run.
 *
 * `runStatement` runs it as a named prepared statement (parsed and planned once per
 * connection) on PostgreSQL and on PGlite.
 */
import { createHash } from 'node:crypto';
import { parse, PGlite, protocol } from '@electric-sql/pglite';
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
  #columns: (((context: C) => unknown) | undefined)[] | undefined;

  constructor(
    /** A short name for the prepared statement (the text's hash is appended). */
    readonly name: string,
    readonly steps: readonly Step<C>[],
    /** The final SELECT, reading the steps by name (or, with no steps, the whole statement). */
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
    const steps = this.steps.map((s) => `${s.name} AS (\n  ${s.sql}\n)`);
    const source = (steps.length > 0 ? `WITH ${steps.join(',\n')}\n` : '') + this.answer;
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

  /**
   * The parameter values for one run, in order; a parameter no step supplies is an error. A parameter
   * `<step>.<column>` of an insertRow step is read straight from its column; the others come from the
   * steps' `values` (a later step's value for the same name wins) and the answer's.
   */
  values(context: C): unknown[] {
    const { params } = this.compile();
    const columns = (this.#columns ??= this.columnsByParameter(params));
    let supplied: Record<string, unknown> | undefined;
    const out: unknown[] = new Array(params.length);
    for (let i = 0; i < params.length; i++) {
      const column = columns[i];
      let value: unknown;
      if (column) {
        value = column(context);
      } else {
        supplied ??= this.suppliedValues(context);
        const param = params[i]!;
        if (!(param in supplied)) throw new Error(`No value for parameter $(${param}) in ${this.name}.`);
        value = supplied[param];
      }
      out[i] = value === undefined ? null : value;
    }
    return out;
  }

  /** For each parameter, the insertRow column it is, if any. */
  private columnsByParameter(params: string[]): (((context: C) => unknown) | undefined)[] {
    const byName = new Map<string, (context: C) => unknown>();
    for (const s of this.steps) {
      if (s.insert) for (const [c, column] of Object.entries(s.insert.columns)) byName.set(`${s.name}.${c}`, column.value);
    }
    return params.map((p) => byName.get(p));
  }

  /** The values that steps other than insertRow's, and the answer, supply for one run. */
  private suppliedValues(context: C): Record<string, unknown> {
    const all: Record<string, unknown> = {};
    for (const s of this.steps) if (s.values && !s.insert) Object.assign(all, s.values(context));
    if (this.answerValues) Object.assign(all, this.answerValues(context));
    return all;
  }
}

/** A statement from its steps (in order) and its answer. */
export const withSteps = <C>(name: string, steps: Step<C>[], answer: string, answerValues?: Values<C>): Statement<C> =>
  new Statement(name, steps, answer, answerValues);

interface PgQueryable {
  query(config: { name: string; text: string; values: unknown[] }): Promise<{ rows: unknown[] }>;
}

/**
 * Runs the statement in one round trip and returns its rows, on the driver underneath
 * drizzle, as a named prepared statement: parsed and planned once per connection, then
 * only bound and executed. On PGlite that is 4-5 times faster than a direct query of
 * the same text (measured: about 0.6 ms against 2.9 ms for receiving a complaint), as
 * planning a statement of several steps costs more than running it. Rows come with the
 * driver's own types (timestamptz as Date): return a date as text from the SQL
 * (`acknowledge_by::text`) if you need it as a string.
 */
export async function runStatement<C, R>(db: Db, statement: Statement<C>, context: C): Promise<R[]> {
  const { name, text } = statement.compile();
  const values = statement.values(context);
  const client = (db as unknown as { $client: PgQueryable | PGlite }).$client;
  if (client instanceof PGlite) return runOnPglite<R>(client, name, text, values);
  return (await client.query({ name, text, values })).rows as R[];
}

/** The parameter types of the statements prepared on each PGlite instance (one session each). */
const preparedOnPglite = new WeakMap<PGlite, Map<string, number[]>>();
const { serialize } = protocol;
const INVALID_SQL_STATEMENT_NAME = '26000';

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, part) => n + part.byteLength, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.byteLength;
  }
  return out;
}

/**
 * PGlite's query() parses, describes and plans its text every time. Here, the statement is
 * prepared once under its name (Parse + Describe), then each run is one Bind + Execute + Sync,
 * through the same locks query() takes (so it never runs inside someone else's transaction).
 */
async function runOnPglite<R>(client: PGlite, name: string, text: string, values: unknown[]): Promise<R[]> {
  await client.waitReady;
  return client._runExclusiveTransaction(() =>
    client._runExclusiveQuery(async () => {
      let prepared = preparedOnPglite.get(client);
      if (!prepared) preparedOnPglite.set(client, (prepared = new Map()));
      for (let attempt = 0; ; attempt++) {
        let types = prepared.get(name);
        if (!types) {
          const messages = await client.execProtocolStream(
            concat([serialize.parse({ name, text }), serialize.describe({ type: 'S', name }), serialize.sync()]),
            { syncToFs: false },
          );
          const description = messages.find((m) => m.name === 'parameterDescription') as { dataTypeIDs: number[] } | undefined;
          types = description?.dataTypeIDs ?? [];
          prepared.set(name, types);
        }
        const parameters = values.map((value, i) => {
          if (value === null || value === undefined) return null;
          const serializer = client.serializers[types[i]!];
          return serializer ? serializer(value) : String(value);
        });
        try {
          const messages = await client.execProtocolStream(
            concat([
              serialize.bind({ statement: name, values: parameters }),
              serialize.describe({ type: 'P' }),
              serialize.execute({}),
              serialize.sync(),
            ]),
            { syncToFs: false },
          );
          if (!client.isInTransaction()) await client.syncToFs();
          return (parse.parseResults(messages, client.parsers)[0]?.rows ?? []) as R[];
        } catch (error) {
          // Someone ran DEALLOCATE: prepare it again, once.
          if ((error as { code?: string }).code === INVALID_SQL_STATEMENT_NAME && attempt === 0) {
            prepared.delete(name);
            continue;
          }
          throw error;
        }
      }
    }),
  );
}
