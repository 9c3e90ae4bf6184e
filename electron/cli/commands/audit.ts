// `weft audit`: the audit trail, filtered, as a table, JSON or CSV.
import { auditEntries, auditExport } from '../../services/audit.js';
import { writeFileAtomic } from '../../services/qdpxExport.js';
import { auditCsv, type AuditEntry, type AuditFilter } from '../../../shared/audit.js';
import { out, parse, UsageError, withProject, type CommandTable } from '../args.js';

const DATE = /^\d{4}-\d{2}-\d{2}(T[\d:.]+Z?)?$/;

function line(e: AuditEntry): string {
  const who = e.coder ?? (e.account ? `(${e.account})` : '-');
  const target = e.targetName ? ` ${e.targetKind ?? ''} "${e.targetName}"` : '';
  const details = Object.entries(e.details).map(([k, v]) => `${k}=${v}`).join(' ');
  return `${e.at}  ${who}  ${e.via}  ${e.action}${target}${details ? `  ${details}` : ''}`;
}

export const auditCommands: CommandTable = {
  audit: {
    usage: 'weft audit PROJECT [--action A] [--coder C] [--from DATE] [--to DATE] [--out FILE.csv] [--json]   (who did what, when; newest first)',
    run(args) {
      const { positionals, values } = parse(
        args,
        { action: { type: 'string' }, coder: { type: 'string' }, from: { type: 'string' }, to: { type: 'string' }, out: { type: 'string' }, json: { type: 'boolean' } },
        1,
        'PROJECT',
      );
      for (const k of ['from', 'to'] as const) {
        if (values[k] !== undefined && !DATE.test(values[k] as string)) throw new UsageError(`--${k} "${values[k]}": use a date like 2025-03-31`);
      }
      const filter: AuditFilter = {
        action: values.action as string | undefined,
        coder: values.coder as string | undefined,
        from: values.from as string | undefined,
        to: values.to as string | undefined,
      };
      const file = values.out as string | undefined;
      if (file && !file.toLowerCase().endsWith('.csv')) throw new UsageError(`--out ${file}: the audit trail is written as .csv`);
      return withProject(
        positionals[0]!,
        (p) => {
          const entries = auditEntries(p, filter);
          if (file) {
            const csv = auditCsv(entries);
            writeFileAtomic(file, csv);
            auditExport(p, file, { format: 'csv', rows: entries.length, bytes: Buffer.byteLength(csv), of: 'audit trail' });
            out(`wrote ${file} (${entries.length} entries)`);
          } else if (values.json) out(JSON.stringify(entries, null, 2));
          else for (const e of entries) out(line(e));
          return 0;
        },
        true,
      );
    },
  },
};
