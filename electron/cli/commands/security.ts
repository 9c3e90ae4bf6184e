// Encryption at rest, passphrase changes, backups and restore.
import { isEncryptedFile } from '../../store/database.js';
import { BACKUPS_KEPT_SETTING } from '../../store/backups.js';
import { backupProject, projectBackups, rekeyProject, restoreBackup } from '../../services/security.js';
import { WeftError } from '../../errors.js';
import { newPassphrase, passphraseFor } from '../passphrase.js';
import { out, parse, UsageError, withProject, type CommandTable } from '../args.js';

const countsLine = (c: Record<string, number>) => `${c.documents ?? 0} documents, ${c.codes ?? 0} codes, ${c.codings ?? 0} codings`;

export const securityCommands: CommandTable = {
  encrypt: {
    usage: 'weft encrypt PROJECT                (passphrase from WEFT_PASSPHRASE, or asked twice)',
    run(args) {
      const file = parse(args, {}, 1, 'PROJECT').positionals[0]!;
      if (isEncryptedFile(file)) throw new WeftError(`${file}: already encrypted (use weft passphrase to change the passphrase)`);
      const r = rekeyProject(file, undefined, newPassphrase(file));
      const plain = projectBackups(file).filter((b) => !isEncryptedFile(b.file)).length;
      out(`encrypted ${file} (${countsLine(r.counts)}; checked)`);
      if (plain) out(`note: ${plain} older backups in its backups folder are not encrypted; delete them if they must not stay readable`);
      return 0;
    },
  },

  decrypt: {
    usage: 'weft decrypt PROJECT                (passphrase from WEFT_PASSPHRASE, or asked)',
    run(args) {
      const file = parse(args, {}, 1, 'PROJECT').positionals[0]!;
      if (!isEncryptedFile(file)) throw new WeftError(`${file}: not encrypted`);
      const r = rekeyProject(file, passphraseFor(file), undefined);
      out(`decrypted ${file} (${countsLine(r.counts)}; checked)`);
      return 0;
    },
  },

  passphrase: {
    usage: 'weft passphrase PROJECT             (current one from WEFT_PASSPHRASE, new one from WEFT_NEW_PASSPHRASE, or both asked)',
    run(args) {
      const file = parse(args, {}, 1, 'PROJECT').positionals[0]!;
      if (!isEncryptedFile(file)) throw new WeftError(`${file}: not encrypted (use weft encrypt)`);
      const current = passphraseFor(file);
      const next = newPassphrase(file, 'WEFT_NEW_PASSPHRASE');
      const r = rekeyProject(file, current, next);
      out(`changed the passphrase of ${file} (and of ${r.backupsRekeyed} of its backups)`);
      return 0;
    },
  },

  backups: {
    usage: 'weft backups PROJECT [--now] [--keep N] [--json]   (lists PROJECT.weft-backups/, newest first; --now takes one; --keep sets how many are kept, 5 by default)',
    run(args) {
      const { positionals, values } = parse(args, { now: { type: 'boolean' }, keep: { type: 'string' }, json: { type: 'boolean' } }, 1, 'PROJECT');
      const file = positionals[0]!;
      if (values.keep !== undefined) {
        const keep = Number(values.keep);
        if (!Number.isInteger(keep) || keep < 1 || keep > 1000) throw new UsageError(`--keep "${values.keep}": a whole number from 1 to 1000`);
        withProject(file, (p) => p.repo.setSetting(BACKUPS_KEPT_SETTING, keep));
      }
      if (values.now) withProject(file, (p) => backupProject(p, 'manual'));
      const list = projectBackups(file);
      if (values.json) out(JSON.stringify(list));
      else if (!list.length) out(`${file}: no backups yet`);
      else for (const b of list) out(`${b.name}\t${b.takenAt}\t${b.reason}\t${b.bytes} bytes`);
      return 0;
    },
  },

  restore: {
    usage: 'weft restore PROJECT [BACKUP]       (the newest backup by default; the current state is backed up first)',
    run(args) {
      const { positionals } = parse(args, {}, 1, 'PROJECT');
      const [file, backup] = positionals;
      const r = restoreBackup(file!, backup, passphraseFor(file!));
      out(`restored ${file} from ${r.restored.name}; the state before is kept as ${r.savedAs.name}`);
      return 0;
    },
  },
};
