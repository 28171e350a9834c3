import type { Logger } from '../../backend/log';

export interface LogEntry {
  level: 'debug' | 'info' | 'warn' | 'error';
  fields: Record<string, unknown>;
  msg: string | undefined;
}

/** A Logger that keeps every entry, so tests can check what was logged (and what never is). */
export class RecordingLogger implements Logger {
  readonly entries: LogEntry[] = [];

  debug(fields: object, msg?: string): void {
    this.entries.push({ level: 'debug', fields: { ...fields }, msg });
  }
  info(fields: object, msg?: string): void {
    this.entries.push({ level: 'info', fields: { ...fields }, msg });
  }
  warn(fields: object, msg?: string): void {
    this.entries.push({ level: 'warn', fields: { ...fields }, msg });
  }
  error(fields: object, msg?: string): void {
    this.entries.push({ level: 'error', fields: { ...fields }, msg });
  }

  /** Entries whose `event` field is `event`. */
  events(event: string): LogEntry[] {
    return this.entries.filter((e) => e.fields.event === event);
  }

  /** The reason of the last rejected login, e.g. "id_token.nonce". */
  lastRejection(): { error: unknown; reason: unknown } | undefined {
    const entry = this.events('login_rejected').at(-1);
    return entry && { error: entry.fields.error, reason: entry.fields.reason };
  }

  /** Everything logged, as one string (to check that no secret or claim ever appears). */
  dump(): string {
    return this.entries.map((e) => `${e.level} ${e.msg ?? ''} ${JSON.stringify(e.fields)}`).join('\n');
  }
}
