import type { EditResult } from '../../users/index.js';
import { defineCommand } from '../define-command.js';

const load = async () => ({ ...(await import('../../users/index.js')), ...(await import('../resolve-store.js')) });

const storeOpt = { type: 'string', describe: 'Store directory (default: $QUARRY_STORE, else ./.quarry)' } as const;
const groupOpt = {
  type: 'string',
  requiresArg: true,
  describe: 'Edit the group profile ID of this group key (e.g. company_id) instead of a user profile',
} as const;

function report(r: EditResult, id: string, what: string): void {
  for (const w of r.warnings) process.stderr.write(`warning: ${w}\n`);
  if (!r.changed) process.stdout.write(`${id}: nothing changed\n`);
  else if (r.profile === undefined) process.stdout.write(`${id}: profile deleted\n`);
  else process.stdout.write(`${id}: ${what}\n`);
}

const set = defineCommand<{ id: string; assignments: string[]; mode: string; store?: string; groupKey?: string }>({
  command: 'set <id> <assignments..>',
  describe: 'Set properties on one profile (values typed like JSON when they parse as JSON)',
  examples: [
    ['quarry profile set alice plan=pro age=34 \'tags=["a","b"]\'', 'a string, a number and a list'],
    ["quarry profile set bob '$email=bob@example.com' --mode create", 'only if bob has no profile yet (else a warning)'],
    ['quarry profile set carol zip=\'"02134"\'', 'a number-looking string, quoted as JSON'],
    ['quarry profile set acme plan=enterprise --group-key company_id', 'a group profile'],
  ],
  builder: (y) =>
    y
      .positional('id', { type: 'string', describe: 'The distinct_id' })
      .positional('assignments', { type: 'string', array: true, describe: 'prop=value pairs' })
      .option('mode', {
        choices: ['create', 'update', 'upsert'],
        default: 'upsert',
        describe: 'create: warn and skip if the profile exists; update: warn and skip if it does not',
      })
      .option('group-key', groupOpt)
      .option('store', storeOpt) as never,
  handler: async (a) => {
    const { parseAssignment, resolveWritableStore, setProperties } = await load();
    const props = Object.fromEntries(a.assignments.map(parseAssignment));
    const r = await setProperties(await resolveWritableStore(a.store), String(a.id), props, { mode: a.mode, groupKey: a.groupKey });
    report(r, String(a.id), `set ${Object.keys(props).join(', ')}`);
  },
});

const unset = defineCommand<{ id: string; props: string[]; store?: string; groupKey?: string }>({
  command: 'unset <id> <props..>',
  describe: 'Remove properties from one profile',
  examples: [['quarry profile unset alice plan trial_ends', 'remove two properties']],
  builder: (y) =>
    y
      .positional('id', { type: 'string' })
      .positional('props', { type: 'string', array: true, describe: 'Property names' })
      .option('group-key', groupOpt)
      .option('store', storeOpt) as never,
  handler: async (a) => {
    const { resolveWritableStore, unsetProperties } = await load();
    const r = await unsetProperties(await resolveWritableStore(a.store), String(a.id), a.props.map(String), { groupKey: a.groupKey });
    report(r, String(a.id), `unset ${a.props.join(', ')}`);
  },
});

const del = defineCommand<{ id: string; store?: string; groupKey?: string }>({
  command: 'delete <id>',
  describe: 'Delete one profile (its events stay)',
  examples: [['quarry profile delete alice', "remove alice's profile"]],
  builder: (y) => y.positional('id', { type: 'string' }).option('group-key', groupOpt).option('store', storeOpt) as never,
  handler: async (a) => {
    const { deleteProfile, resolveWritableStore } = await load();
    const r = await deleteProfile(await resolveWritableStore(a.store), String(a.id), { groupKey: a.groupKey });
    report(r, String(a.id), 'deleted');
  },
});

export const profileCommand = defineCommand({
  command: 'profile',
  describe: 'Create, update or delete one user profile, or a group profile with --group-key (atomically)',
  examples: [
    ['quarry profile set alice plan=pro', 'set a property'],
    ['quarry profile delete alice', 'delete a profile'],
  ],
  subcommands: [set, unset, del],
});
